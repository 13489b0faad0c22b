package io.meterwatch.jobs.quality;

import io.meterwatch.core.quality.Episode;
import io.meterwatch.core.quality.Finding;

/**
 * The steps every episode detector takes (docs/rules.md, "Episode detectors"), so that each
 * detector only says when a reading is suspicious and what its breach and clear events say: open
 * the episode, record a suspicious reading and emit the breach once the minimum duration is
 * reached, emit the clear event and its confirmations, drop the episode when nothing is left to
 * remember. The episode itself ({@link Episode}) keeps the times; this class emits.
 *
 * <p>Each step takes the episode as stored in state ({@code null} when none) and returns what to
 * store back.
 */
final class EpisodeSteps {
  /** The breach of an episode that has lasted its minimum duration, window from {@code start}. */
  @FunctionalInterface
  interface Breach {
    Finding.Builder of(Episode e, long start);
  }

  /** The clear event of an episode, window from {@code from}. */
  @FunctionalInterface
  interface Clear {
    Finding.Builder of(long from);
  }

  private final MeterEvents events;
  private final int clearEvents;

  EpisodeSteps(MeterEvents events, int clearEvents) {
    this.events = events;
    this.clearEvents = clearEvents;
  }

  /**
   * A reading at {@code t} meets the condition: opens an episode when none runs and emits the
   * breach when this reading completes {@code minDurationMs}.
   *
   * @return the episode to keep
   */
  Episode suspicious(Episode e, long t, double value, long minDurationMs, Breach breach) {
    Episode open = e != null ? e : new Episode();
    emitWhenDue(open, open.suspicious(t, value, minDurationMs), breach);
    return open;
  }

  /**
   * As {@link #suspicious}, the episode keeping the highest value as its worst (D6, D7 report how
   * far the concentration or O2 went).
   */
  Episode suspiciousKeepingHighest(
      Episode e, long t, double value, long minDurationMs, Breach breach) {
    Episode open = e != null ? e : new Episode();
    boolean starting = !open.active();
    long start = open.suspicious(t, value, minDurationMs);
    open.worst = starting ? value : Math.max(open.worst, value);
    emitWhenDue(open, start, breach);
    return open;
  }

  /**
   * A reading at {@code t} does not meet the condition: emits the clear event of a breached episode
   * that ends here, or a confirmation once {@code clearPeriodMs} has passed since the last.
   *
   * @return the episode to keep, {@code null} when nothing is left to remember
   */
  Episode clear(Episode e, long t, long clearPeriodMs, Clear clear) {
    if (e == null) {
      return null;
    }
    clearKeeping(e, t, clearPeriodMs, clear);
    return dropWhenIdle(e);
  }

  /**
   * As {@link #clear}, keeping the episode for a new one that starts at once (D4 when the value
   * moves, D9 when the offset jumps).
   */
  void clearKeeping(Episode e, long t, long clearPeriodMs, Clear clear) {
    long from = e.clear(t, clearPeriodMs, clearEvents);
    if (from != Episode.NONE) {
      events.emit(clear.of(from).build());
    }
  }

  /**
   * A reading at {@code t} cannot be judged (flagged, source stopped): ends the episode without
   * confirmations, emitting the clear event of a breached one.
   *
   * @return the episode to keep, {@code null} when nothing is left to remember
   */
  Episode end(Episode e, long t, Clear clear) {
    if (e == null) {
      return null;
    }
    long from = e.end(t);
    if (from != Episode.NONE) {
      events.emit(clear.of(from).build());
    }
    return dropWhenIdle(e);
  }

  private void emitWhenDue(Episode e, long start, Breach breach) {
    if (start != Episode.NONE) {
      events.emit(breach.of(e, start).build());
    }
  }

  private Episode dropWhenIdle(Episode e) {
    return e.idle(clearEvents) ? null : e;
  }
}
