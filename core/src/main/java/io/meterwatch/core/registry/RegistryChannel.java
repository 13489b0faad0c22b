package io.meterwatch.core.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

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

  /**
   * One slot per channel, created on first use and never replaced, so that a registry copy looks
   * its slot up once and then reads it with one volatile read per lookup (the operators ask the
   * registry several times per reading).
   */
  private static final ConcurrentHashMap<String, AtomicReference<RegistryInForce>> CHANNELS =
      new ConcurrentHashMap<>();

  private RegistryChannel() {}

  /** The version in force on a channel, or {@code null} before one was installed in this JVM. */
  public static RegistryInForce current(String channel) {
    return slot(channel).get();
  }

  /** The slot of a channel, holding {@code null} until a version is installed. */
  static AtomicReference<RegistryInForce> slot(String channel) {
    return CHANNELS.computeIfAbsent(channel, c -> new AtomicReference<>());
  }

  /**
   * Installs a version unless a newer one is in force (gate subtasks of one JVM install the same
   * versions, each when its broadcast input delivers them).
   */
  public static void install(String channel, long version, SiteRegistry registry) {
    RegistryInForce next = new RegistryInForce(version, registry.contents());
    slot(channel)
        .accumulateAndGet(
            next, (old, nu) -> old == null || nu.version() >= old.version() ? nu : old);
  }

  /**
   * Installs the version a restored checkpoint had in force, even when it is older than the one
   * installed: after a restore the job judges again what it judged after that checkpoint, and the
   * registry source replays the later versions from the checkpointed offset.
   */
  public static void restore(String channel, long version, SiteRegistry registry) {
    slot(channel).set(new RegistryInForce(version, registry.contents()));
  }

  /** Empties a channel (a job that ended): registries following it answer from their contents. */
  public static void close(String channel) {
    slot(channel).set(null);
  }
}
