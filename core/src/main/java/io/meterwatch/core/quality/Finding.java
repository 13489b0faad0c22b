package io.meterwatch.core.quality;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * One judgement of a data verification detector before it is addressed to a case (docs/rules.md,
 * "What every detector emits"). Built by name, so a reader sees which figure is the value and which
 * the limit: {@code Finding.breach(Rule.D5, "a21026").window(s, e).value(v).limit(l).unit("mg/m3")
 * .detail("...").build()}.
 *
 * @param rule the detector (D1 … D10)
 * @param parameter the parameter code, or {@link CaseKey#NO_PARAMETER} for the whole meter
 * @param breach whether the data are suspicious
 * @param severity the severity of a breach (a clear judgement is sent as INFO)
 * @param windowStart start of the judged window, epoch ms
 * @param windowEnd end of the judged window, epoch ms, not before the start
 * @param value the judged figure, or {@code null}
 * @param limit the threshold it was judged against, or {@code null}
 * @param unit unit of value and limit, or {@code null}
 * @param multiple the relative difference (D8), or {@code null}
 * @param count valid minutes, hours or captured hours behind the value, or {@code null}
 * @param detail one human sentence
 */
public record Finding(
    Rule rule,
    String parameter,
    boolean breach,
    Severity severity,
    long windowStart,
    long windowEnd,
    Double value,
    Double limit,
    String unit,
    Double multiple,
    Integer count,
    String detail) {

  /** The evidence's standard for every detector. */
  public static final String STANDARD = "data verification";

  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(detail, "detail");
    parameter = parameter == null || parameter.isEmpty() ? CaseKey.NO_PARAMETER : parameter;
    if (!rule.detector()) {
      throw new IllegalArgumentException(rule + " is not a data verification detector");
    }
    if (windowEnd < windowStart) {
      throw new IllegalArgumentException(
          "window ends at " + windowEnd + " before it starts at " + windowStart);
    }
  }

  /** A finding that the data of {@code parameter} (null: the whole meter) are suspicious. */
  public static Builder breach(Rule rule, String parameter) {
    return new Builder(rule, parameter, true);
  }

  /** A finding that the data of {@code parameter} (null: the whole meter) are clear. */
  public static Builder clear(Rule rule, String parameter) {
    return new Builder(rule, parameter, false);
  }

  /** A finding whose breach is decided by {@code breach}. */
  public static Builder judged(Rule rule, String parameter, boolean breach) {
    return new Builder(rule, parameter, breach);
  }

  /**
   * The rule event of this finding about {@code subject} of {@code enterprise}: the case key has no
   * parameter, as every detector {@linkplain Rule#groupsParameters() groups parameters} into one
   * case per subject; the event keeps the judged parameter.
   */
  public RuleEvent event(String enterprise, String subject, String county) {
    return new RuleEvent(
        CaseKey.of(enterprise, subject, rule, rule.groupsParameters() ? null : parameter),
        Domain.DATA_QUALITY,
        county,
        breach,
        breach ? severity : Severity.INFO,
        new Evidence(
            Instant.ofEpochMilli(windowStart),
            Instant.ofEpochMilli(windowEnd),
            value,
            limit,
            unit,
            STANDARD,
            multiple,
            count,
            detail),
        parameter);
  }

  /** Names the parts of a finding; {@link #build()} checks them. */
  public static final class Builder {
    private final Rule rule;
    private final String parameter;
    private final boolean breach;
    private Severity severity = Severity.WARNING;
    private long windowStart = Long.MIN_VALUE;
    private long windowEnd = Long.MIN_VALUE;
    private Double value;
    private Double limit;
    private String unit;
    private Double multiple;
    private Integer count;
    private String detail;

    private Builder(Rule rule, String parameter, boolean breach) {
      this.rule = rule;
      this.parameter = parameter;
      this.breach = breach;
    }

    /** The severity of a breach (default WARNING). */
    public Builder severity(Severity s) {
      severity = s;
      return this;
    }

    /**
     * The judged window {@code [start, end)}, epoch ms; an end before the start (a reading that
     * arrived out of order) is taken as the start.
     */
    public Builder window(long start, long end) {
      windowStart = start;
      windowEnd = Math.max(start, end);
      return this;
    }

    public Builder value(Double v) {
      value = v;
      return this;
    }

    public Builder limit(Double l) {
      limit = l;
      return this;
    }

    public Builder unit(String u) {
      unit = u;
      return this;
    }

    /** The value and limit with their unit. */
    public Builder figures(Double v, Double l, String u) {
      value = v;
      limit = l;
      unit = u;
      return this;
    }

    public Builder multiple(Double m) {
      multiple = m;
      return this;
    }

    public Builder count(Integer n) {
      count = n;
      return this;
    }

    public Builder detail(String d) {
      detail = d;
      return this;
    }

    /**
     * The finding.
     *
     * @throws IllegalStateException when no window was given
     */
    public Finding build() {
      if (windowStart == Long.MIN_VALUE) {
        throw new IllegalStateException(rule + " finding without a window");
      }
      return new Finding(
          rule,
          parameter,
          breach,
          severity,
          windowStart,
          windowEnd,
          value,
          limit,
          unit,
          multiple,
          count,
          detail);
    }
  }
}
