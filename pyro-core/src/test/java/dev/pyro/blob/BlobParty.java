package dev.pyro.blob;

import dev.pyro.SerializedBlob;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Java parties of Pyro5's blob-dispatch example: a dispatcher that passes blobs on unopened, and a listener. */
final class BlobParty {

    private BlobParty() {
    }

    /** How the dispatcher calls a listener (Python's or Java's). */
    public interface Listener {
        /** Handles one blob; answers what it found in it. */
        String process_blob(SerializedBlob blob);
    }

    /** Receives blobs and passes each on to its listener without deserializing it. */
    public static final class Dispatcher {
        private final Listener listener;
        /** The blobs as they arrived: still serialized. */
        final List<SerializedBlob> seen = new CopyOnWriteArrayList<>();

        public Dispatcher(Listener listener) {
            this.listener = listener;
        }

        public String process_blob(SerializedBlob blob) {
            seen.add(blob);
            return listener.process_blob(blob);
        }
    }

    /** Opens the blob: "info data". */
    public static final class JavaListener implements Listener {
        @Override
        public String process_blob(SerializedBlob blob) {
            return blob.info() + " " + blob.deserialized();
        }
    }
}
