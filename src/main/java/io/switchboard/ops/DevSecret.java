package io.switchboard.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every dev-mode node of one user on one machine verifies tokens with, and the
 * {@code token} command signs with when no key is configured: kept in
 * {@code ~/.switchboard/dev-secret} (readable by its owner only), made by whichever comes first.
 * So two dev nodes form a cluster whose tokens work on both, and {@code token --sub bob} mints a
 * token they accept. Dev mode binds loopback only: the secret guards a playground, not production.
 */
final class DevSecret {
  static final String FILE = "dev-secret";
  private static final String API_KEY_LABEL = "switchboard dev api key";

  private DevSecret() {}

  /** The directory of the dev secret: {@code ~/.switchboard}. */
  static Path directory() {
    return Path.of(System.getProperty("user.home"), ".switchboard");
  }

  /**
   * The machine's dev secret, read from {@code dir}, or made and written there (by this process,
   * or by another that won the race) when absent. Empty when it can be neither read nor written
   * (a read-only home): the caller then uses a secret of its own.
   */
  static Optional<String> loadOrCreate(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Optional.of(read(file));
      }
      Files.createDirectories(dir);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path tmp = Files.createTempFile(dir, FILE, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, secret + "\n");
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE); // never over another node's
        return Optional.of(secret);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(tmp);
        return Optional.of(read(file));
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static String read(Path file) throws IOException {
    String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (secret.length() < 32) {
      throw new IOException(file + " holds no secret");
    }
    return secret;
  }

  /** The API key every dev node derives from the secret, so the same key works on each. */
  static String apiKey(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(API_KEY_LABEL.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
