package dev.pyro.tls;

import dev.pyro.TlsConfig;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The test certificates in {@code src/test/resources/dev/pyro/tls/} (self-signed, valid until 2036-11-23):
 * {@code server_cert.pem} for localhost and 127.0.0.1, {@code client_cert.pem} for a test client.
 */
final class TestCerts {

    private TestCerts() {
    }

    static Path file(String name) {
        try {
            return Path.of(TestCerts.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path serverCert() {
        return file("server_cert.pem");
    }

    static Path serverKey() {
        return file("server_key.pem");
    }

    static Path clientCert() {
        return file("client_cert.pem");
    }

    static Path clientKey() {
        return file("client_key.pem");
    }

    /** A daemon's TLS: its certificate; client certificates verified against {@code client_cert.pem} when required. */
    static TlsConfig server(boolean requireClientCert) {
        return TlsConfig.builder().enabled(true).serverCert(serverCert()).serverKey(serverKey())
                .requireClientCert(requireClientCert).caCerts(clientCert()).build();
    }

    /** A proxy's TLS trusting the test server certificate, with or without the client certificate. */
    static TlsConfig client(boolean withClientCert) {
        TlsConfig.Builder b = TlsConfig.builder().enabled(true).caCerts(serverCert());
        if (withClientCert) {
            b.clientCert(clientCert()).clientKey(clientKey());
        }
        return b.build();
    }
}
