package io.meterwatch.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values one reading carries for one parameter: every numeric suffix the device sent ({@code
 * Rtd}, {@code Avg}, {@code Min}, {@code Max}, {@code Cou}, {@code ZsRtd}, {@code ZsAvg}, ...,
 * equipment {@code RS}/{@code RT}), the data flag and extras.
 *
 * @param code the HJ 212-2017 parameter code (2005 codes are mapped to it)
 * @param sentCode the code exactly as the device sent it (equal to {@code code} for 2017 devices)
 * @param values numeric values by suffix, in the order sent; never contains NaN or infinity
 * @param flag the data flag, {@code null} when the device sent none (treated as {@link DataFlag#N}
 *     by validity rules, as HJ 212 devices omit it for normal data)
 * @param eFlag the equipment flag ({@code -EFlag}) as sent, or {@code null}
 * @param sampleTime the sampling instant ({@code -SampleTime}) for batch analysers, or {@code null}
 */
public record Sample(
    String code,
    String sentCode,
    Map<String, Double> values,
    DataFlag flag,
    String eFlag,
    Instant sampleTime) {

  public static final String RTD = "Rtd";
  public static final String AVG = "Avg";
  public static final String MIN = "Min";
  public static final String MAX = "Max";
  public static final String COU = "Cou";
  public static final String ZS_RTD = "ZsRtd";
  public static final String ZS_AVG = "ZsAvg";
  public static final String ZS_MIN = "ZsMin";
  public static final String ZS_MAX = "ZsMax";

  public Sample {
    Objects.requireNonNull(code, "code");
    if (sentCode == null) {
      sentCode = code;
    }
    // One pass that checks and copies: this runs for every parameter of every reading decoded.
    Map<String, Double> copy = new LinkedHashMap<>(Math.max(4, values.size() * 4 / 3 + 1));
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (e.getValue() == null || !Double.isFinite(e.getValue())) {
        throw new IllegalArgumentException(
            "value " + code + "-" + e.getKey() + " is not a finite number: " + e.getValue());
      }
      copy.put(e.getKey(), e.getValue());
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** A sample with just values and a flag, as most devices send it. */
  public static Sample of(String code, Map<String, Double> values, DataFlag flag) {
    return new Sample(code, code, values, flag, null, null);
  }

  /** The value for a suffix, or {@code null} when the device did not send it. */
  public Double value(String suffix) {
    return values.get(suffix);
  }

  /** The period's representative value: {@code Avg} for aggregates, else {@code Rtd}. */
  public Double primaryValue() {
    Double avg = values.get(AVG);
    return avg != null ? avg : values.get(RTD);
  }

  /** Whether this value counts as valid data (no flag, or flag N). */
  public boolean isValidData() {
    return flag == null || flag.isValidData();
  }
}
