package io.meterwatch.jobs.quality;

import io.meterwatch.core.quality.DuplicateMemory;
import io.meterwatch.core.quality.Episode;
import io.meterwatch.jobs.source.ParameterSlots;

/**
 * The reading detectors' state of one meter (docs/rules.md, "Data verification detectors", state
 * per detector): D1 silence bookkeeping, the reference flow of D6/D7, and the episodes of D4, D5,
 * D6, D7 and D9. Per-parameter episodes sit in arrays by {@link ParameterSlots} slot and are
 * dropped when they have nothing left to remember. A Flink POJO.
 */
public class MeterQuality {
  /** Latest data time seen (D1, state lifetime), {@link Episode#NONE} before the first reading. */
  public long lastDataTime = Episode.NONE;

  /** D1: processing time of the latest reading. */
  public long lastReceipt = Episode.NONE;

  /** D1: the pending event-time timer, {@link Episode#NONE} when none. */
  public long eventTimer = Episode.NONE;

  /** D1: the pending processing-time timer, {@link Episode#NONE} when none. */
  public long processingTimer = Episode.NONE;

  /**
   * The pending event-time timer that drops this state once the meter stayed quiet for {@code
   * offlineAfter + quietRetention}, {@link Episode#NONE} when none.
   */
  public long cleanupTimer = Episode.NONE;

  /** D1: the silence episode. */
  public Episode offline = new Episode();

  /** D6, D7: moving average of the flow while running, NaN before the first flow value. */
  public double flowReference = Double.NaN;

  /** D4 episodes by slot. */
  public Episode[] flat;

  /** D5 episodes by slot. */
  public Episode[] impossible;

  /** D6 episodes by slot. */
  public Episode[] zero;

  /** D7 episode, or {@code null}. */
  public Episode dilution;

  /** D9 clock-skew episode, or {@code null}. */
  public Episode skew;

  /** D9 conflicting-duplicate episode, or {@code null}. */
  public Episode conflict;

  /** D9 memory of recent readings. */
  public DuplicateMemory duplicates;

  public MeterQuality() {}

  static MeterQuality create(int duplicateMemory) {
    MeterQuality q = new MeterQuality();
    q.flat = new Episode[ParameterSlots.size()];
    q.impossible = new Episode[ParameterSlots.size()];
    q.zero = new Episode[ParameterSlots.size()];
    q.duplicates = DuplicateMemory.of(duplicateMemory);
    return q;
  }
}
