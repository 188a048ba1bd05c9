# A Python Pyro5 daemon for the interop suite's PythonDaemonInteropTest (Java proxies against Python objects).
# Prints "URI <uri of lab>" when ready; the other objects are registered under fixed ids on the same daemon.
import itertools, Pyro5.api, Pyro5.errors

made = itertools.count(1)


@Pyro5.api.expose
class Lab:
    def __init__(self):
        self._value = 7
        self._notes = []
        self.owner = "alice"   # a plain attribute: Pyro5 does not expose it (only properties are attributes)

    def echo(self, x):
        return x

    def add(self, a, b):
        return a + b

    def fail(self, message):
        raise ValueError(message)

    def too_large(self):
        # Returned, not raised: Pyro5's daemon closes the connection instead of replying when a call raises a
        # CommunicationError (MessageTooLargeError is one), so only a value can carry it to the caller.
        return Pyro5.errors.MessageTooLargeError("pretend the reply is too large")

    def returned_error(self, message):
        return ValueError(message)

    def errors_in_list(self):
        return [1, KeyError("k")]

    def describe(self, x):
        return "%s: %s" % (type(x).__name__, x)

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        self._value = v

    @property
    def label(self):
        return "read-only"

    def getContents(self):
        return ["apple", "pear"]

    @Pyro5.api.oneway
    def note(self, text):
        self._notes.append(text)

    def notes(self):
        return list(self._notes)

    def call_back(self, listener, text):
        return listener.hear(text)

    def child(self, name):
        c = Child(name)
        self._pyroDaemon.register(c)
        return c


@Pyro5.api.expose
class Child:
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


@Pyro5.api.expose
class Counter:
    def __init__(self):
        self._instance = next(made)

    def instance(self):
        return self._instance


@Pyro5.api.behavior(instance_mode="single")
class Single(Counter):
    pass


@Pyro5.api.behavior(instance_mode="session")
class Session(Counter):
    pass


@Pyro5.api.behavior(instance_mode="percall")
class PerCall(Counter):
    pass


daemon = Pyro5.api.Daemon(host="127.0.0.1")
uri = daemon.register(Lab(), "lab")
daemon.register(Single, "single")
daemon.register(Session, "session")
daemon.register(PerCall, "percall")
print("URI", uri, flush=True)
daemon.requestLoop()
