package io.meterwatch.core.testing;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.time.LocalCalendar;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shared test fixtures: named instants in the default zone (Asia/Shanghai) and reading builders,
 * e.g. {@code reading(MN, T0.plusSeconds(300)).rtd(SO2, 41.2).build()}.
 */
public final class Fixtures {
  public static final LocalCalendar CAL = LocalCalendar.defaultCalendar();

  /** 2025-03-10 08:00 local time, a Monday morning in the middle of a month. */
  public static final Instant T0 = CAL.instant(LocalDateTime.of(2025, 3, 10, 8, 0));

  /** 2025-03-10 23:59:30 local, thirty seconds before local midnight. */
  public static final Instant BEFORE_MIDNIGHT =
      CAL.instant(LocalDateTime.of(2025, 3, 10, 23, 59, 30));

  /** 2025-03-31 23:00 local, the last hour of a month. */
  public static final Instant LAST_HOUR_OF_MONTH =
      CAL.instant(LocalDateTime.of(2025, 3, 31, 23, 0));

  /** 2025-12-31 23:00 local, the last hour of a year. */
  public static final Instant LAST_HOUR_OF_YEAR =
      CAL.instant(LocalDateTime.of(2025, 12, 31, 23, 0));

  private Fixtures() {}

  /** A real-time reading builder for a meter at an instant. */
  public static ReadingBuilder reading(String mn, Instant dataTime) {
    return new ReadingBuilder(mn, dataTime, ReadingKind.REAL_TIME);
  }

  /** A builder for a reading of a given kind. */
  public static ReadingBuilder reading(String mn, Instant dataTime, ReadingKind kind) {
    return new ReadingBuilder(mn, dataTime, kind);
  }

  /** Builds readings fluently; every value defaults to flag N. */
  public static final class ReadingBuilder {
    private final String mn;
    private final Instant dataTime;
    private final ReadingKind kind;
    private final Map<String, Sample> samples = new LinkedHashMap<>();
    private SourceFormat format = SourceFormat.JSON;
    private Instant receiveTime;
    private String qn;

    ReadingBuilder(String mn, Instant dataTime, ReadingKind kind) {
      this.mn = mn;
      this.dataTime = dataTime;
      this.kind = kind;
      this.receiveTime = dataTime;
    }

    /** Adds a real-time value with flag N. */
    public ReadingBuilder rtd(String code, double value) {
      return value(code, Sample.RTD, value, DataFlag.N);
    }

    /** Adds a real-time value with a flag. */
    public ReadingBuilder rtd(String code, double value, DataFlag flag) {
      return value(code, Sample.RTD, value, flag);
    }

    /** Adds an average with flag N. */
    public ReadingBuilder avg(String code, double value) {
      return value(code, Sample.AVG, value, DataFlag.N);
    }

    /** Adds a cumulative value with flag N. */
    public ReadingBuilder cou(String code, double value) {
      return value(code, Sample.COU, value, DataFlag.N);
    }

    /** Adds one suffix value to a parameter, creating its sample when needed. */
    public ReadingBuilder value(String code, String suffix, double value, DataFlag flag) {
      Sample old = samples.get(code);
      Map<String, Double> values = new LinkedHashMap<>();
      if (old != null) {
        values.putAll(old.values());
      }
      values.put(suffix, value);
      samples.put(code, Sample.of(code, values, flag));
      return this;
    }

    public ReadingBuilder format(SourceFormat f) {
      this.format = f;
      return this;
    }

    public ReadingBuilder receivedAt(Instant t) {
      this.receiveTime = t;
      return this;
    }

    public ReadingBuilder qn(String qn) {
      this.qn = qn;
      return this;
    }

    public Reading build() {
      return new Reading(mn, dataTime, kind, samples, qn, null, receiveTime, format);
    }
  }
}
