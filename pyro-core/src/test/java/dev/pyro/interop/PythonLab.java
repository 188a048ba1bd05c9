package dev.pyro.interop;

import dev.pyro.Oneway;

import java.util.List;

/** The Python object of python_server.py, as a Java interface (Python's names). */
public interface PythonLab {

    Object echo(Object x);

    int add(int a, int b);

    String fail(String message);

    Object too_large();

    Exception returned_error(String message);

    List<Object> errors_in_list();

    String describe(Object x);

    /** The Python property {@code value} (an attribute). */
    int getValue();

    void setValue(int value);

    /** A Python method named like a getter: called as a method, not read as an attribute. */
    List<String> getContents();

    /** The read-only Python property {@code label}. */
    String getLabel();

    @Oneway
    void note(String text);

    List<String> notes();

    String call_back(Lab.Listener listener, String text);

    Lab.Child child(String name);

    /** The counters registered under "single", "session" and "percall". */
    interface Counter {
        int instance();
    }
}
