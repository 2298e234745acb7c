package dev.eventshop.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.eventshop.platform.config.ExplicitConfig;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * In dev mode and tests, a key pair of their own for bearer tokens: the public key verifies them, the private key
 * signs the tokens that {@code /dev/token} hands out and that tests send. Kept in {@code target/dev-jwt}, so tokens
 * stay valid across dev-mode reloads; {@code mvn clean} makes a new pair. Never in the prod profile, and never over
 * a key someone configured: production verifies with {@code mp.jwt.verify.publickey.location} and
 * {@code mp.jwt.verify.issuer}, and mints nothing.
 */
public class DevTokenKeysConfigSourceFactory implements ConfigSourceFactory {

    /** The issuer of dev and test tokens. */
    public static final String DEV_ISSUER = "eventshop-dev";
    private static final Path KEYS = Path.of("target", "dev-jwt");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (!profiles.contains("dev") && !profiles.contains("test")
                || ExplicitConfig.valueOf(context, "mp.jwt.verify.publickey.location") != null
                || ExplicitConfig.valueOf(context, "mp.jwt.verify.publickey") != null) {
            return List.of();
        }
        String[] pems = keyPair();
        Map<String, String> values = new HashMap<>();
        values.put("mp.jwt.verify.publickey", pems[1]);
        values.put("mp.jwt.verify.issuer", DEV_ISSUER);
        values.put("smallrye.jwt.sign.key", pems[0]);
        values.put("smallrye.jwt.new-token.issuer", DEV_ISSUER);
        // below application.properties (250): what a developer sets there wins
        return List.of(new PropertiesConfigSource(values, "eventshop dev token keys", 200));
    }

    /** The private and public key in PEM, read from target/dev-jwt or made and written there. */
    private static synchronized String[] keyPair() {
        // one file for both halves, moved into place at once: two JVMs making a pair at the same time cannot leave
        // one's private key beside the other's public key
        Path file = KEYS.resolve("keys.pem");
        try {
            if (!Files.exists(file)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(KEYS);
                Path written = Files.createTempFile(KEYS, "keys", ".tmp");
                Files.writeString(written, pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                        + pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            String both = Files.readString(file);
            int split = both.indexOf("-----BEGIN PUBLIC KEY-----");
            return new String[] { both.substring(0, split), both.substring(split) };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the dev token keys in " + KEYS.toAbsolutePath(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
