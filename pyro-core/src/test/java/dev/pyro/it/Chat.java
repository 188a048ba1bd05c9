package dev.pyro.it;

import java.util.List;

/** A chat room: listeners subscribe (callbacks) and rooms hand out other remote objects (autoproxy). */
public interface Chat {

    void subscribe(Listener listener);

    int publish(String message);

    Room room(String name);

    String roomName(Room room);

    List<Room> rooms();

    dev.pyro.PyroURI whereIs(String name);

    /** The callback a client exports with its own daemon. */
    interface Listener {
        void onMessage(String message);
    }

    /** An object the server registers and returns by reference. */
    interface Room {
        String name();

        int join(String who);
    }
}
