package io.meterwatch.jobs.windows;

import io.meterwatch.core.time.LocalCalendar;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * When a local period (hour, day, month) is first judged, until when back-filled data may still
 * change it, and when data for it is late. One rule for every window of the job (docs/rules.md,
 * "Event time, lateness and back-fill"):
 *
 * <ul>
 *   <li>a period {@code [start, end)} is judged when the watermark reaches {@code end − 1 ms};
 *   <li>data for it that arrives while the watermark is below {@code end − 1 ms + allowed lateness}
 *       updates the result, which is emitted again with a higher revision;
 *   <li>data that arrives later is late: it goes to the dead-letter topic with reason LATE.
 * </ul>
 *
 * Also caches the last local hour it computed: readings arrive mostly in order, and converting an
 * instant to the local hour through {@code java.time} for every reading is measurable.
 */
public final class PeriodClock implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long HOUR_MS = 3_600_000L;

  private final LocalCalendar calendar;
  private final long allowedLatenessMs;
  private transient long cachedHourStart = Long.MIN_VALUE;
  private transient long cachedHourEnd = Long.MIN_VALUE;

  public PeriodClock(LocalCalendar calendar, Duration allowedLateness) {
    if (allowedLateness.isNegative()) {
      throw new IllegalArgumentException("allowed lateness must not be negative");
    }
    this.calendar = calendar;
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  public LocalCalendar calendar() {
    return calendar;
  }

  public long allowedLatenessMs() {
    return allowedLatenessMs;
  }

  /** Start of the local hour containing {@code t} (epoch ms). */
  public long hourStart(long t) {
    if (t >= cachedHourStart && t < cachedHourEnd) {
      return cachedHourStart;
    }
    long start = calendar.hourStart(Instant.ofEpochMilli(t)).toEpochMilli();
    cachedHourStart = start;
    cachedHourEnd = start + HOUR_MS;
    return start;
  }

  /** Start of the local day containing {@code t}. */
  public long dayStart(long t) {
    return calendar.dayStart(Instant.ofEpochMilli(t)).toEpochMilli();
  }

  /** End (exclusive) of the local day containing {@code t}. */
  public long dayEnd(long t) {
    return calendar.nextDayStart(Instant.ofEpochMilli(t)).toEpochMilli();
  }

  /** Start of the local month containing {@code t}. */
  public long monthStart(long t) {
    return calendar.monthStart(Instant.ofEpochMilli(t)).toEpochMilli();
  }

  /** End (exclusive) of the local month containing {@code t}. */
  public long monthEnd(long t) {
    return calendar.nextMonthStart(Instant.ofEpochMilli(t)).toEpochMilli();
  }

  /** The event time at which a period ending at {@code end} is first judged. */
  public static long judgeAt(long end) {
    return end - 1;
  }

  /** The event time after which a period ending at {@code end} no longer changes. */
  public long cleanupAt(long end) {
    return end - 1 + allowedLatenessMs;
  }

  /** Whether data for a period ending at {@code end} is late at watermark {@code watermark}. */
  public boolean isLate(long end, long watermark) {
    return cleanupAt(end) <= watermark;
  }
}
