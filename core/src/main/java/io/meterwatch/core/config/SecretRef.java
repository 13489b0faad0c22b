package io.meterwatch.core.config;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a password is to be found, instead of the password itself: what settings that travel (Flink
 * serializes sinks into the job graph, which lands in the JobManager's blob store and HA storage)
 * carry. {@link #resolve()} looks in this JVM's store first, where a command keeps a password it
 * read from a file, the environment or a prompt (enough for the local MiniCluster, which runs in
 * the same JVM); elsewhere, on a cluster's TaskManager, it reads the environment variable {@code
 * envVar}.
 *
 * @param localKey the key of the password in this JVM's store, or {@code null}
 * @param envVar the environment variable that holds the password where the store has none
 */
public record SecretRef(String localKey, String envVar) implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Map<String, String> LOCAL = new ConcurrentHashMap<>();

  public SecretRef {
    Objects.requireNonNull(envVar, "envVar");
  }

  /** A password known here: kept in this JVM's store; elsewhere {@code envVar} is read. */
  public static SecretRef local(String password, String envVar) {
    String key = UUID.randomUUID().toString();
    LOCAL.put(key, Objects.requireNonNull(password, "password"));
    return new SecretRef(key, envVar);
  }

  /** A password found in the environment variable {@code envVar} where it is resolved. */
  public static SecretRef env(String envVar) {
    return new SecretRef(null, envVar);
  }

  /**
   * The password.
   *
   * @throws IllegalStateException when neither this JVM's store nor the environment has it
   */
  public String resolve() {
    String v = localKey == null ? null : LOCAL.get(localKey);
    if (v == null) {
      v = System.getenv(envVar);
    }
    if (v == null) {
      throw new IllegalStateException(
          "no password here: set the environment variable "
              + envVar
              + " for the process that runs this part (on Flink: the TaskManagers' environment)");
    }
    return v;
  }

  @Override
  public String toString() {
    return "SecretRef[env " + envVar + "]";
  }
}
