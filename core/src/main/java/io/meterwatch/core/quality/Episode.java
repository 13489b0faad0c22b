package io.meterwatch.core.quality;

/**
 * The life of one episode detector's finding for one meter (and parameter), in event time
 * (docs/rules.md, "Episode detectors"): an episode starts with the first suspicious reading,
 * breaches once when it has lasted the detector's minimum duration, and when it ends sends a clear
 * event followed by confirmation clear events, one per clear period, up to {@code clearEvents} in
 * total.
 *
 * <p>A Flink POJO (public fields, no-argument constructor) so operators keep it in state as is.
 * Methods return the start of the window of the event to emit, or {@link #NONE}.
 */
public class Episode {
  /** No time. */
  public static final long NONE = Long.MIN_VALUE;

  /** Time of the first suspicious reading of the running episode, {@link #NONE} when none runs. */
  public long start = NONE;

  /** Time of the latest suspicious reading of the running episode. */
  public long last = NONE;

  /** The first value of the running episode (the flat value, the first offset ...). */
  public double first;

  /** The worst value of the running episode, kept by the detector. */
  public double worst;

  /** Whether the running episode has breached. */
  public boolean breached;

  /** Clear events sent since the last breached episode ended (0: none owed). */
  public int clearsSent;

  /** Time of the last clear event. */
  public long lastClearAt = NONE;

  public Episode() {}

  /** Whether an episode is running. */
  public boolean active() {
    return start != NONE;
  }

  /**
   * A reading at {@code t} meets the condition.
   *
   * @return the episode's start when this reading completes the minimum duration (emit the breach
   *     with window {@code [start, t)}), else {@link #NONE}
   */
  public long suspicious(long t, double value, long minDurationMs) {
    if (start == NONE) {
      start = t;
      first = value;
      worst = value;
      breached = false;
    }
    last = t;
    if (!breached && t - start >= minDurationMs) {
      breached = true;
      clearsSent = 0;
      return start;
    }
    return NONE;
  }

  /** Marks the running (or a new) episode as breached from {@code start} on (D1's timers). */
  public void breachFrom(long episodeStart, double value) {
    start = episodeStart;
    last = episodeStart;
    first = value;
    worst = value;
    breached = true;
    clearsSent = 0;
  }

  /**
   * A reading at {@code t} does not meet the condition.
   *
   * @return the start of the clear event's window (the episode's start when a breached episode
   *     ends, the last clear event's time for a confirmation), or {@link #NONE} when no event is
   *     due
   */
  public long clear(long t, long clearPeriodMs, int clearEvents) {
    long ended = end(t);
    if (ended != NONE) {
      return ended;
    }
    if (clearsSent > 0 && clearsSent < clearEvents && t - lastClearAt >= clearPeriodMs) {
      long from = lastClearAt;
      lastClearAt = t;
      clearsSent++;
      return from;
    }
    return NONE;
  }

  /**
   * The running episode ends at {@code t} without a confirmation (a reading that cannot be judged:
   * flagged, source stopped).
   *
   * @return the episode's start when a breached episode ended (emit a clear event), else {@link
   *     #NONE}
   */
  public long end(long t) {
    if (start == NONE) {
      return NONE;
    }
    long s = start;
    boolean was = breached;
    start = NONE;
    last = NONE;
    breached = false;
    if (was) {
      clearsSent = 1;
      lastClearAt = t;
      return s;
    }
    return NONE;
  }

  /** Whether nothing is left to remember: no episode running and no clear event owed. */
  public boolean idle(int clearEvents) {
    return start == NONE && (clearsSent == 0 || clearsSent >= clearEvents);
  }
}
