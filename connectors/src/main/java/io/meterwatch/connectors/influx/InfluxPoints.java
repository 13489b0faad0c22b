package io.meterwatch.connectors.influx;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.rules.HourlyValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * The InfluxDB schema of meterwatch (docs/influxdb.md): one method per measurement, each usable as
 * an {@link InfluxPointMapper} ({@code InfluxPoints::caseEvent}).
 *
 * <p>Tags are low-cardinality (county, enterprise, outlet, parameter, rule, domain, type, status,
 * severity); the case id is a field. A point is identified by measurement, tags and timestamp, so
 * the timestamps are chosen to make each logical record one point: a rewrite after a replay
 * replaces it instead of adding a second one.
 */
public final class InfluxPoints {
  /** Valid hourly averages per outlet/meter and parameter. */
  public static final String HOURLY_VALUE = "hourly_value";

  /** Rule judgements (breach and compliant windows). */
  public static final String RULE_EVENT = "rule_event";

  /** Case events, as on the {@code alerts} topic. */
  public static final String CASE_EVENT = "case_event";

  private InfluxPoints() {}

  /**
   * A valid hourly value at the start of its hour.
   *
   * @param county the enterprise's county
   * @param enterprise credit code
   * @param outlet outlet id or meter MN
   * @param parameter parameter code
   * @param hourStart start of the local hour
   * @param value the hourly value (e.g. converted average)
   * @param unit its unit, or {@code null}
   * @param validCount valid minutes behind it, or {@code null}
   */
  public static Point hourlyValue(
      String county,
      String enterprise,
      String outlet,
      String parameter,
      Instant hourStart,
      double value,
      String unit,
      Integer validCount) {
    Point.Builder b =
        Point.measurement(HOURLY_VALUE).time(hourStart.toEpochMilli(), TimeUnit.MILLISECONDS);
    tag(b, "county", county);
    tag(b, "enterprise", enterprise);
    tag(b, "outlet", outlet);
    tag(b, "parameter", parameter);
    b.addField("value", value);
    field(b, "unit", unit);
    if (validCount != null) {
      b.addField("valid_count", validCount.longValue());
    }
    return b.build();
  }

  /**
   * The monitoring job's hourly value of one parameter at one outlet ({@code HourlyValue}, valid or
   * not) at the start of its hour: the measured value, the value at reference O2, the hour's load
   * and the validity figures. A back-filled revision rewrites the same point.
   */
  public static Point hourlyValue(HourlyValue v) {
    Point.Builder b =
        Point.measurement(HOURLY_VALUE).time(v.hourStart().toEpochMilli(), TimeUnit.MILLISECONDS);
    tag(b, "county", v.county());
    tag(b, "enterprise", v.enterprise());
    tag(b, "outlet", v.outlet() != null ? v.outlet() : v.mn());
    tag(b, "parameter", v.parameter());
    b.addField("valid", v.valid());
    number(b, "value", v.value());
    number(b, "converted", v.converted());
    number(b, "reference_o2", v.referenceO2());
    number(b, "min", v.min());
    number(b, "max", v.max());
    number(b, "load_kg", v.loadKg());
    number(b, "device_avg", v.deviceAvg());
    number(b, "device_zs_avg", v.deviceZsAvg());
    field(b, "unit", ParameterCatalogue.byCode(v.parameter()).map(p -> p.unit()).orElse(null));
    if (v.validMinutes() != null) {
      b.addField("valid_count", v.validMinutes().longValue());
    }
    b.addField("data_minutes", (long) v.dataMinutes());
    field(b, "flag", v.flag() == null ? null : v.flag().name());
    field(b, "source", v.source() == null ? null : v.source().name());
    b.addField("revision", (long) v.revision());
    return b.build();
  }

  private static void number(Point.Builder b, String name, Double value) {
    if (value != null) {
      b.addField(name, value.doubleValue());
    }
  }

  /** A rule judgement at the start of its window; key + window identify it. */
  public static Point ruleEvent(RuleEvent e) {
    Evidence ev = e.evidence();
    Point.Builder b =
        Point.measurement(RULE_EVENT).time(ev.windowStart().toEpochMilli(), TimeUnit.MILLISECONDS);
    tag(b, "county", e.county());
    tag(b, "enterprise", e.key().enterprise());
    tag(b, "outlet", e.key().subject());
    tag(b, "parameter", e.parameter());
    tag(b, "rule", e.key().rule());
    tag(b, "domain", e.domain().label());
    tag(b, "severity", e.severity() == null ? null : e.severity().name());
    b.addField("breach", e.breach());
    evidenceFields(b, ev);
    return b.build();
  }

  /**
   * A case event at its event time. Two events of one case can share a millisecond (an OPENED and
   * its ESCALATED, two comments), and two cases can share every tag, so the timestamp gets a
   * sub-millisecond offset derived from the event's identity (case id, type, actor, note): the same
   * event always maps to the same nanosecond, different events almost never do.
   */
  public static Point caseEvent(CaseEvent e) {
    long nanos =
        Math.addExact(
            Math.multiplyExact(e.eventTime().toEpochMilli(), 1_000_000L),
            subMillisecondOffset(e.caseId(), e.type().name(), e.actor(), e.note()));
    Point.Builder b = Point.measurement(CASE_EVENT).time(nanos, TimeUnit.NANOSECONDS);
    tag(b, "county", e.county());
    tag(b, "enterprise", e.enterprise());
    tag(b, "outlet", e.subject());
    tag(b, "parameter", e.parameter());
    tag(b, "rule", e.rule());
    tag(b, "domain", e.domain() == null ? null : e.domain().label());
    tag(b, "type", e.type().name());
    tag(b, "status", e.status() == null ? null : e.status().name());
    tag(b, "severity", e.severity() == null ? null : e.severity().name());
    b.addField("case_id", e.caseId());
    b.addField("count", (long) e.count());
    field(b, "department", e.department() == null ? null : e.department().name());
    if (e.dueTime() != null) {
      b.addField("due_time_ms", e.dueTime().toEpochMilli());
    }
    field(b, "actor", e.actor());
    field(b, "note", e.note());
    field(b, "enterprise_name", e.enterpriseName());
    if (e.evidence() != null) {
      evidenceFields(b, e.evidence());
    }
    return b.build();
  }

  /** A stable offset in [0, 1 000 000) ns from the given parts (FNV-1a, 64 bit). */
  static long subMillisecondOffset(String... parts) {
    long h = 0xcbf29ce484222325L;
    for (String part : parts) {
      byte[] bytes = (part == null ? "\u0000" : part + "\u0001").getBytes(StandardCharsets.UTF_8);
      for (byte x : bytes) {
        h ^= x & 0xff;
        h *= 0x100000001b3L;
      }
    }
    return Math.floorMod(h, 1_000_000L);
  }

  private static void evidenceFields(Point.Builder b, Evidence ev) {
    if (ev.windowEnd() != null) {
      b.addField("window_end_ms", ev.windowEnd().toEpochMilli());
    }
    b.addField("window_start_ms", ev.windowStart().toEpochMilli());
    if (ev.value() != null) {
      b.addField("value", ev.value().doubleValue());
    }
    if (ev.limit() != null) {
      b.addField("limit", ev.limit().doubleValue());
    }
    if (ev.multiple() != null) {
      b.addField("multiple", ev.multiple().doubleValue());
    }
    if (ev.validCount() != null) {
      b.addField("valid_count", ev.validCount().longValue());
    }
    field(b, "unit", ev.unit());
    field(b, "standard", ev.standard());
    field(b, "detail", ev.detail());
  }

  private static void tag(Point.Builder b, String name, String value) {
    if (value != null && !value.isEmpty()) {
      b.tag(name, value);
    }
  }

  private static void field(Point.Builder b, String name, String value) {
    if (value != null) {
      b.addField(name, value);
    }
  }
}
