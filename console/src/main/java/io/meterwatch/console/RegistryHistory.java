package io.meterwatch.console;

import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.RegistryDiff;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardsCatalogue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry versions of the registry topic, as the console's registry page shows them: every
 * record in topic order, whether it validates, and the version in force by the followers' rule (the
 * bridge's and the job's, docs/registry.md): the latest record that validates and is not older than
 * the version in force. Documents are kept only as validated registries, for the diff; the page
 * never shows a document (it holds meter passwords). Thread-safe.
 */
public final class RegistryHistory {
  /**
   * One record of the topic.
   *
   * @param version what was published
   * @param registry the validated registry, or {@code null} when the document does not validate
   * @param problem why the followers did not apply it, or {@code null} when they did
   */
  public record Entry(RegistryVersion version, SiteRegistry registry, String problem) {
    /** Whether the followers applied it (it was in force from its arrival on). */
    public boolean applied() {
      return problem == null;
    }
  }

  private final StandardsCatalogue standards;
  private final List<Entry> entries = new ArrayList<>();
  private Entry inForce;

  /**
   * @param standards the catalogue documents are validated against
   */
  public RegistryHistory(StandardsCatalogue standards) {
    this.standards = standards;
  }

  /** Adds the next record of the topic. */
  public synchronized void add(RegistryVersion v) {
    SiteRegistry r;
    try {
      r = v.validRegistry(standards);
    } catch (RegistryVersion.UnreadableVersionException e) {
      entries.add(new Entry(v, null, e.getMessage()));
      return;
    }
    if (inForce != null && v.version() < inForce.version().version()) {
      entries.add(
          new Entry(
              v,
              r,
              "version " + v.version() + " is older than version " + inForce.version().version()));
      return;
    }
    Entry e = new Entry(v, r, null);
    entries.add(e);
    inForce = e;
  }

  /** The version in force, if one was published. */
  public synchronized Optional<Entry> inForce() {
    return Optional.ofNullable(inForce);
  }

  /** Every record read, in topic order. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * The registry of version {@code n} (the later of two records with one number, as the followers
   * apply them).
   *
   * @throws IllegalArgumentException when no record of that number validates
   */
  public synchronized SiteRegistry registry(long n) {
    SiteRegistry out = null;
    for (Entry e : entries) {
      if (e.version().version() == n && e.registry() != null) {
        out = e.registry();
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("no valid registry version " + n + " on the topic");
    }
    return out;
  }

  /** What changed from version {@code a} to version {@code b}. */
  public List<RegistryDiff.Change> diff(long a, long b) {
    return RegistryDiff.between(registry(a), registry(b));
  }

  /** Counts of a registry, for the page: counties, enterprises, outlets, meters. */
  public static long[] counts(SiteRegistry r) {
    long outlets = 0;
    long meters = 0;
    for (Enterprise e : r.enterprises()) {
      outlets += e.outlets().size();
      meters += e.outlets().size() + e.energyMeters().size() + e.productionMeters().size();
    }
    return new long[] {r.counties().size(), r.enterprises().size(), outlets, meters};
  }

  /** The document's size in bytes (UTF-8). */
  static int bytes(RegistryVersion v) {
    return v.document().getBytes(StandardCharsets.UTF_8).length;
  }
}
