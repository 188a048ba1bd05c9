package dev.pyro;

import dev.pyro.internal.Check;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS for daemons and proxies, as Pyro5's {@code SSL*} configuration items: PEM files for the daemon's certificate
 * chain and key ({@code SSL_SERVERCERT}, {@code SSL_SERVERKEY}), whether the daemon requires client certificates
 * (mutual TLS, {@code SSL_REQUIRECLIENTCERT}), the proxy's certificate and key ({@code SSL_CLIENTCERT},
 * {@code SSL_CLIENTKEY}) and the CA certificates both sides trust ({@code SSL_CACERTS}; not set: the JDK's trust
 * store). Off by default ({@link #disabled()}).
 *
 * <p>Certificates are PEM X.509 ({@code BEGIN CERTIFICATE}, a chain may hold several); private keys are unencrypted
 * PKCS#8 PEM ({@code BEGIN PRIVATE KEY}: RSA, EC or EdDSA). Convert others with
 * {@code openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem}. Instead of files, ready key and trust managers
 * can be given ({@link Builder#serverKeyManagers}, {@link Builder#clientKeyManagers}, {@link Builder#trustManagers};
 * the Spring starter passes those of an SSL bundle); they take precedence over the files.
 *
 * <p>A proxy verifies the daemon's certificate against the host of the URI it connects to (HTTPS-style endpoint
 * identification): a daemon's certificate must name the host its URIs advertise (DNS name or IP address in its
 * subject alternative names). Immutable.
 */
public final class TlsConfig {

    private static final TlsConfig DISABLED = new Builder().build();
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private final boolean enabled;
    private final Path serverCert;
    private final Path serverKey;
    private final boolean requireClientCert;
    private final Path clientCert;
    private final Path clientKey;
    private final Path caCerts;
    private final KeyManagerFactory serverKeyManagers;
    private final KeyManagerFactory clientKeyManagers;
    private final TrustManagerFactory trustManagers;
    /** The client's SSLContext, built on first use (reading the files once). */
    private volatile SSLContext clientContext;

    private TlsConfig(Builder b) {
        this.enabled = b.enabled;
        this.serverCert = b.serverCert;
        this.serverKey = b.serverKey;
        this.requireClientCert = b.requireClientCert;
        this.clientCert = b.clientCert;
        this.clientKey = b.clientKey;
        this.caCerts = b.caCerts;
        this.serverKeyManagers = b.serverKeyManagers;
        this.clientKeyManagers = b.clientKeyManagers;
        this.trustManagers = b.trustManagers;
    }

    /** TLS off (the default). */
    public static TlsConfig disabled() {
        return DISABLED;
    }

    /** A builder starting from "off". */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.serverCert = serverCert;
        b.serverKey = serverKey;
        b.requireClientCert = requireClientCert;
        b.clientCert = clientCert;
        b.clientKey = clientKey;
        b.caCerts = caCerts;
        b.serverKeyManagers = serverKeyManagers;
        b.clientKeyManagers = clientKeyManagers;
        b.trustManagers = trustManagers;
        return b;
    }

    /** Whether connections use TLS (Pyro5's {@code SSL}; default false). */
    public boolean enabled() {
        return enabled;
    }

    /** PEM file with the daemon's certificate (chain), leaf first ({@code SSL_SERVERCERT}); {@code null}: not set. */
    public Path serverCert() {
        return serverCert;
    }

    /** PEM file with the daemon's PKCS#8 private key ({@code SSL_SERVERKEY}); {@code null}: not set. */
    public Path serverKey() {
        return serverKey;
    }

    /** Whether a daemon requires and verifies client certificates, mutual TLS ({@code SSL_REQUIRECLIENTCERT}). */
    public boolean requireClientCert() {
        return requireClientCert;
    }

    /** PEM file with the proxy's certificate (chain) ({@code SSL_CLIENTCERT}); {@code null}: none is presented. */
    public Path clientCert() {
        return clientCert;
    }

    /** PEM file with the proxy's PKCS#8 private key ({@code SSL_CLIENTKEY}). */
    public Path clientKey() {
        return clientKey;
    }

    /** PEM file of CA certificates to trust ({@code SSL_CACERTS}); {@code null}: the JDK's default trust store. */
    public Path caCerts() {
        return caCerts;
    }

    /**
     * The key managers a daemon presents: those given to the builder, or read from {@link #serverCert()} and
     * {@link #serverKey()}.
     *
     * @throws IllegalStateException if neither is configured or the files cannot be read
     */
    public KeyManagerFactory serverKeyManagerFactory() {
        if (serverKeyManagers != null) {
            return serverKeyManagers;
        }
        if (serverCert == null || serverKey == null) {
            throw new IllegalStateException("TLS is on but the daemon has no certificate: set the server certificate"
                    + " and key (PYRO_SSL_SERVERCERT / PYRO_SSL_SERVERKEY, pyro.daemon.ssl.*)");
        }
        return keyManagers(serverCert, serverKey, "server");
    }

    /** The key managers a proxy presents, or {@code null} when it presents no certificate. */
    public KeyManagerFactory clientKeyManagerFactory() {
        if (clientKeyManagers != null) {
            return clientKeyManagers;
        }
        if (clientCert == null) {
            return null;
        }
        if (clientKey == null) {
            throw new IllegalStateException("TLS client certificate " + clientCert + " is set but its key is not"
                    + " (PYRO_SSL_CLIENTKEY)");
        }
        return keyManagers(clientCert, clientKey, "client");
    }

    /** The trust managers both sides verify the peer with: given, from {@link #caCerts()}, or the JDK's default. */
    public TrustManagerFactory trustManagerFactory() {
        try {
            if (trustManagers != null) {
                return trustManagers;
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caCerts == null) {
                tmf.init((KeyStore) null);
                return tmf;
            }
            KeyStore store = emptyStore();
            int i = 0;
            for (X509Certificate c : readCertificates(caCerts)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            tmf.init(store);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load TLS CA certificates from " + caCerts + ": " + e.getMessage(), e);
        }
    }

    /** The SSLContext proxies connect with (built once per configuration). */
    public SSLContext clientContext() {
        SSLContext c = clientContext;
        if (c == null) {
            try {
                c = SSLContext.getInstance("TLS");
                KeyManagerFactory kmf = clientKeyManagerFactory();
                c.init(kmf == null ? null : kmf.getKeyManagers(), trustManagerFactory().getTrustManagers(), null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS for proxies: " + e.getMessage(), e);
            }
            clientContext = c;
        }
        return c;
    }

    private static KeyManagerFactory keyManagers(Path certFile, Path keyFile, String side) {
        try {
            List<X509Certificate> chain = readCertificates(certFile);
            PrivateKey key = readPrivateKey(keyFile);
            KeyStore store = emptyStore();
            char[] none = new char[0];
            store.setKeyEntry(side, key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the TLS " + side + " certificate " + certFile + " / key "
                    + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    /** Every {@code CERTIFICATE} block of a PEM file. */
    static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(file)) {
            if (b.type.equals("CERTIFICATE")) {
                try (InputStream in = new ByteArrayInputStream(b.der)) {
                    out.add((X509Certificate) cf.generateCertificate(in));
                }
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The first {@code PRIVATE KEY} (PKCS#8) block of a PEM file. */
    static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block b : blocks(file)) {
            if (b.type.equals("PRIVATE KEY")) {
                PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(b.der);
                GeneralSecurityException last = null;
                for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                    } catch (GeneralSecurityException e) {
                        last = e;
                    }
                }
                throw new GeneralSecurityException(file + ": unsupported private key algorithm", last);
            }
            if (b.type.endsWith("PRIVATE KEY")) {
                throw new GeneralSecurityException(file + " holds a '" + b.type + "'; only unencrypted PKCS#8"
                        + " ('PRIVATE KEY') is read: convert it with openssl pkcs8 -topk8 -nocrypt");
            }
        }
        throw new GeneralSecurityException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException(file + ": invalid base64 in a PEM block: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "TlsConfig{disabled}";
        }
        return "TlsConfig{serverCert=" + serverCert + ", serverKey=" + (serverKey == null ? null : "(set)")
                + ", requireClientCert=" + requireClientCert + ", clientCert=" + clientCert + ", clientKey="
                + (clientKey == null ? null : "(set)") + ", caCerts=" + (caCerts == null ? "(JDK default)" : caCerts)
                + (serverKeyManagers != null || clientKeyManagers != null || trustManagers != null
                ? ", managers given" : "") + "}";
    }

    /** Builds a {@link TlsConfig}. */
    public static final class Builder {
        private boolean enabled;
        private Path serverCert;
        private Path serverKey;
        private boolean requireClientCert;
        private Path clientCert;
        private Path clientKey;
        private Path caCerts;
        private KeyManagerFactory serverKeyManagers;
        private KeyManagerFactory clientKeyManagers;
        private TrustManagerFactory trustManagers;

        private Builder() {
        }

        /** See {@link TlsConfig#enabled()}. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** See {@link TlsConfig#serverCert()}; {@code null} to unset. */
        public Builder serverCert(Path serverCert) {
            this.serverCert = serverCert;
            return this;
        }

        /** See {@link TlsConfig#serverCert()}; blank to unset. */
        public Builder serverCert(String serverCert) {
            return serverCert(path(serverCert));
        }

        /** See {@link TlsConfig#serverKey()}; {@code null} to unset. */
        public Builder serverKey(Path serverKey) {
            this.serverKey = serverKey;
            return this;
        }

        /** See {@link TlsConfig#serverKey()}; blank to unset. */
        public Builder serverKey(String serverKey) {
            return serverKey(path(serverKey));
        }

        /** See {@link TlsConfig#requireClientCert()}. */
        public Builder requireClientCert(boolean requireClientCert) {
            this.requireClientCert = requireClientCert;
            return this;
        }

        /** See {@link TlsConfig#clientCert()}; {@code null} to unset. */
        public Builder clientCert(Path clientCert) {
            this.clientCert = clientCert;
            return this;
        }

        /** See {@link TlsConfig#clientCert()}; blank to unset. */
        public Builder clientCert(String clientCert) {
            return clientCert(path(clientCert));
        }

        /** See {@link TlsConfig#clientKey()}; {@code null} to unset. */
        public Builder clientKey(Path clientKey) {
            this.clientKey = clientKey;
            return this;
        }

        /** See {@link TlsConfig#clientKey()}; blank to unset. */
        public Builder clientKey(String clientKey) {
            return clientKey(path(clientKey));
        }

        /** See {@link TlsConfig#caCerts()}; {@code null} for the JDK's trust store. */
        public Builder caCerts(Path caCerts) {
            this.caCerts = caCerts;
            return this;
        }

        /** See {@link TlsConfig#caCerts()}; blank for the JDK's trust store. */
        public Builder caCerts(String caCerts) {
            return caCerts(path(caCerts));
        }

        /** Key managers a daemon presents, instead of {@link #serverCert} and {@link #serverKey} files. */
        public Builder serverKeyManagers(KeyManagerFactory keyManagers) {
            this.serverKeyManagers = keyManagers;
            return this;
        }

        /** Key managers a proxy presents, instead of {@link #clientCert} and {@link #clientKey} files. */
        public Builder clientKeyManagers(KeyManagerFactory keyManagers) {
            this.clientKeyManagers = keyManagers;
            return this;
        }

        /** Trust managers both sides use, instead of the {@link #caCerts} file. */
        public Builder trustManagers(TrustManagerFactory trustManagers) {
            this.trustManagers = trustManagers;
            return this;
        }

        private static Path path(String file) {
            String f = Check.optionalText(file);
            return f == null ? null : Path.of(f);
        }

        /** The configuration. */
        public TlsConfig build() {
            if (clientKey != null && clientCert == null) {
                throw new IllegalArgumentException("TLS client key is set without a client certificate");
            }
            if (serverKey != null && serverCert == null) {
                throw new IllegalArgumentException("TLS server key is set without a server certificate");
            }
            return new TlsConfig(this);
        }
    }
}
