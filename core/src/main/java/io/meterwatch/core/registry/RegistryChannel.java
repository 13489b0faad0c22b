package io.meterwatch.core.registry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry version in force for one running job, shared by every operator copy in a JVM.
 *
 * <p>Flink ships each operator a serialized copy of the job's {@link SiteRegistry}. A registry that
 * {@linkplain SiteRegistry#following follows} a channel reads through it instead, so that when the
 * job's registry gate installs a new version (from its broadcast state), every operator of the job
 * in that JVM judges the next record by it. Each TaskManager runs a gate subtask (the gate has the
 * job's parallelism and shares its slots with every operator), so every JVM that runs a part of the
 * job has its channel updated.
 *
 * <p>A channel is named per job submission, so two jobs in one JVM (a session cluster, a test)
 * never see each other's versions.
 */
public final class RegistryChannel {

  private static final ConcurrentHashMap<String, RegistryInForce> CHANNELS =
      new ConcurrentHashMap<>();

  private RegistryChannel() {}

  /** The version in force on a channel, or {@code null} before one was installed in this JVM. */
  public static RegistryInForce current(String channel) {
    return CHANNELS.get(channel);
  }

  /**
   * Installs a version unless a newer one is in force (gate subtasks of one JVM install the same
   * versions, each when its broadcast input delivers them).
   */
  public static void install(String channel, long version, SiteRegistry registry) {
    RegistryInForce next = new RegistryInForce(version, registry.contents());
    CHANNELS.merge(channel, next, (old, nu) -> nu.version() >= old.version() ? nu : old);
  }

  /**
   * Installs the version a restored checkpoint had in force, even when it is older than the one
   * installed: after a restore the job judges again what it judged after that checkpoint, and the
   * registry source replays the later versions from the checkpointed offset.
   */
  public static void restore(String channel, long version, SiteRegistry registry) {
    CHANNELS.put(channel, new RegistryInForce(version, registry.contents()));
  }

  /** Forgets a channel (a job that ended). */
  public static void close(String channel) {
    CHANNELS.remove(channel);
  }
}
