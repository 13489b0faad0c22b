package io.meterwatch.core.time;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * The local calendar that HJ 212 DataTime and every period (hour, day, month, year) are read in.
 * Internally every time is an {@link Instant}; this class converts at the edges. The zone is
 * configuration; the default is Asia/Shanghai.
 */
public final class LocalCalendar implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The default zone of HJ 212 DataTime. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  // STRICT: the default SMART resolver silently turns 20210230 into 2021-02-28.
  private static final DateTimeFormatter DATA_TIME =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter QN_TIME =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS").withResolverStyle(ResolverStyle.STRICT);

  private final String zoneId;
  private transient ZoneId zone;

  public LocalCalendar(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.zoneId = zone.getId();
  }

  /** The calendar of the default zone, Asia/Shanghai. */
  public static LocalCalendar defaultCalendar() {
    return new LocalCalendar(DEFAULT_ZONE);
  }

  public ZoneId zone() {
    if (zone == null) {
      zone = ZoneId.of(zoneId);
    }
    return zone;
  }

  /** The local date-time of an instant. */
  public LocalDateTime local(Instant t) {
    return LocalDateTime.ofInstant(t, zone());
  }

  /** The instant of a local date-time (the earlier offset at a DST overlap). */
  public Instant instant(LocalDateTime local) {
    return local.atZone(zone()).toInstant();
  }

  /** Start of the local hour containing t. */
  public Instant hourStart(Instant t) {
    return instant(local(t).truncatedTo(ChronoUnit.HOURS));
  }

  /** Start of the local minute containing t. */
  public Instant minuteStart(Instant t) {
    return instant(local(t).truncatedTo(ChronoUnit.MINUTES));
  }

  /** Start of the local day containing t. */
  public Instant dayStart(Instant t) {
    return local(t).toLocalDate().atStartOfDay(zone()).toInstant();
  }

  /** Start of the local calendar month containing t. */
  public Instant monthStart(Instant t) {
    return local(t)
        .toLocalDate()
        .with(TemporalAdjusters.firstDayOfMonth())
        .atStartOfDay(zone())
        .toInstant();
  }

  /** Start of the local calendar year containing t. */
  public Instant yearStart(Instant t) {
    return local(t)
        .toLocalDate()
        .with(TemporalAdjusters.firstDayOfYear())
        .atStartOfDay(zone())
        .toInstant();
  }

  /** Start of the next local day after the day containing t. */
  public Instant nextDayStart(Instant t) {
    return local(t).toLocalDate().plusDays(1).atStartOfDay(zone()).toInstant();
  }

  /** Start of the next local month after the month containing t. */
  public Instant nextMonthStart(Instant t) {
    return local(t)
        .toLocalDate()
        .with(TemporalAdjusters.firstDayOfNextMonth())
        .atStartOfDay(zone())
        .toInstant();
  }

  /** Start of the next local year after the year containing t. */
  public Instant nextYearStart(Instant t) {
    return local(t)
        .toLocalDate()
        .with(TemporalAdjusters.firstDayOfNextYear())
        .atStartOfDay(zone())
        .toInstant();
  }

  /**
   * Parses an HJ 212 DataTime: {@code yyyyMMddHHmmss}, or with milliseconds {@code
   * yyyyMMddHHmmssSSS} as some devices send, in this calendar's zone.
   *
   * @throws IllegalArgumentException when the text is not such a time
   */
  public Instant parseDataTime(String text) {
    if (text == null || !(text.length() == 14 || text.length() == 17)) {
      throw new IllegalArgumentException("DataTime must be yyyyMMddHHmmss[SSS]: " + text);
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        throw new IllegalArgumentException("DataTime must be digits only: " + text);
      }
    }
    try {
      LocalDateTime ldt = LocalDateTime.parse(text, text.length() == 14 ? DATA_TIME : QN_TIME);
      return instant(ldt);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("DataTime is not a calendar time: " + text, e);
    }
  }

  /** Formats an instant as HJ 212 DataTime {@code yyyyMMddHHmmss}. */
  public String formatDataTime(Instant t) {
    return DATA_TIME.format(local(t));
  }

  /** Formats an instant as HJ 212 QN {@code yyyyMMddHHmmssSSS}. */
  public String formatQn(Instant t) {
    return QN_TIME.format(local(t));
  }

  /**
   * An ISO-8601 rendering with the local offset, e.g. {@code 2021-07-22T13:00:00+08:00}: seconds
   * always printed, milliseconds only when not zero ({@link IsoTime#format}).
   */
  public String isoLocal(Instant t) {
    return IsoTime.format(t, zone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalCalendar c && c.zoneId.equals(zoneId);
  }

  @Override
  public int hashCode() {
    return zoneId.hashCode();
  }

  @Override
  public String toString() {
    return "LocalCalendar[" + zoneId + "]";
  }
}
