package dev.pyro.spring.autoconfigure;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Pyro makes, one per remote call on each side, after the OpenTelemetry RPC semantic conventions:
 * {@value PyroObservationDefaultServerConvention#NAME} on the daemon and
 * {@value PyroObservationDefaultClientConvention#NAME} on the caller. Metrics get the low-cardinality key values as
 * tags; traces get them all.
 */
public enum PyroObservationDocumentation implements ObservationDocumentation {

    /** A call a daemon serves. */
    SERVER {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return PyroObservationDefaultServerConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }
    },

    /** A call a proxy makes. */
    CLIENT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return PyroObservationDefaultClientConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }
    };

    /** Tags of both observations: a bounded set of values each. */
    public enum LowCardinalityKeyNames implements KeyName {

        /** Always {@code pyro}. */
        RPC_SYSTEM("rpc.system"),

        /**
         * The object id called; ids the daemon generated ({@code obj_} and 32 hex digits, callback objects) are
         * {@code obj_*}, and on the daemon an id it does not know is {@code UNKNOWN}.
         */
        RPC_SERVICE("rpc.service"),

        /** The remote method; on the daemon a method the object does not expose is {@code UNKNOWN}. */
        RPC_METHOD("rpc.method"),

        /** {@code SUCCESS} or {@code ERROR}. */
        OUTCOME("outcome"),

        /** Simple class name of the exception the call ended with, or {@code none}. */
        EXCEPTION("exception");

        private final String key;

        LowCardinalityKeyNames(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Span attributes only, never tags: one value per call or per peer. */
    public enum HighCardinalityKeyNames implements KeyName {

        /** The call's Pyro correlation id, when it carries one. */
        CORRELATION_ID("pyro.correlation_id"),

        /** The other side's address (the caller on the daemon, the daemon on the client). */
        NETWORK_PEER_ADDRESS("network.peer.address");

        private final String key;

        HighCardinalityKeyNames(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}
