package io.meterwatch.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console's users file (YAML): a name, a role and a bcrypt hash per user; passwords are never
 * stored. docs/console.md shows the format.
 *
 * <pre>
 * users:
 *   - name: duty
 *     role: bureau
 *     passwordHash: $2a$10$...
 * </pre>
 */
public final class UserStore {
  /** Names are short and safe in logs and actor fields. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Shortest accepted password. */
  public static final int MIN_PASSWORD = 8;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  // Cost 10 (~60-100 ms per check on this machine's cores): slow for guessing, quick for a login.
  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(10);

  // Checked when the name is unknown, so an unknown name costs as much time as a wrong password.
  private static final String DUMMY_HASH = BCRYPT.encode("not-a-password-of-anybody");

  /**
   * One user.
   *
   * @param name login name, also the actor of the user's actions
   * @param role the role
   * @param passwordHash the bcrypt hash
   */
  public record User(String name, Role role, String passwordHash) {}

  /** The file's shape. */
  record FileEntry(String name, String role, String passwordHash) {}

  record FileDoc(List<FileEntry> users) {}

  private final Map<String, User> users;

  private UserStore(Map<String, User> users) {
    this.users = users;
  }

  /** A store with no users. */
  public static UserStore empty() {
    return new UserStore(new LinkedHashMap<>());
  }

  /**
   * Reads a users file; a missing file is an empty store.
   *
   * @throws IllegalArgumentException naming the file and the entry when it cannot be used
   */
  public static UserStore load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return empty();
    }
    FileDoc doc;
    try {
      doc = YAML.readValue(file.toFile(), FileDoc.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "users file " + file + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    Map<String, User> out = new LinkedHashMap<>();
    if (doc != null && doc.users() != null) {
      for (FileEntry u : doc.users()) {
        String where = "users file " + file + ", user " + (u == null ? "?" : u.name()) + ": ";
        if (u == null || u.name() == null || !NAME.matcher(u.name()).matches()) {
          throw new IllegalArgumentException(where + "name must match " + NAME.pattern());
        }
        if (u.passwordHash() == null || !u.passwordHash().startsWith("$2")) {
          throw new IllegalArgumentException(where + "passwordHash must be a bcrypt hash");
        }
        Role role;
        try {
          role = Role.parse(u.role());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        if (out.put(u.name(), new User(u.name(), role, u.passwordHash())) != null) {
          throw new IllegalArgumentException(where + "appears twice");
        }
      }
    }
    return new UserStore(out);
  }

  /** Writes the store to a file (atomically: a reader sees the old or the new file). */
  public void save(Path file) throws IOException {
    List<FileEntry> entries = new ArrayList<>();
    for (User u : users.values()) {
      entries.add(new FileEntry(u.name(), u.role().toString(), u.passwordHash()));
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".users", ".tmp");
    YAML.writeValue(tmp.toFile(), new FileDoc(entries));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Adds or replaces a user.
   *
   * @throws IllegalArgumentException for a bad name or a password shorter than {@link
   *     #MIN_PASSWORD}
   */
  public User put(String name, Role role, char[] password) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("user name must match " + NAME.pattern());
    }
    if (password == null || password.length < MIN_PASSWORD) {
      throw new IllegalArgumentException(
          "the password must have at least " + MIN_PASSWORD + " characters");
    }
    User u = new User(name, role, BCRYPT.encode(new String(password)));
    users.put(name, u);
    return u;
  }

  /** The users, in file order. */
  public List<User> list() {
    return List.copyOf(users.values());
  }

  /** Whether there are no users. */
  public boolean isEmpty() {
    return users.isEmpty();
  }

  /** The user when the name exists and the password matches its hash. */
  public Optional<User> authenticate(String name, String password) {
    User u = name == null ? null : users.get(name);
    String pw = password == null ? "" : password;
    if (u == null) {
      BCRYPT.matches(pw, DUMMY_HASH);
      return Optional.empty();
    }
    return BCRYPT.matches(pw, u.passwordHash()) ? Optional.of(u) : Optional.empty();
  }
}
