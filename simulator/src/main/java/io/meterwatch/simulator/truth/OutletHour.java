package io.meterwatch.simulator.truth;

import io.meterwatch.core.model.DataFlag;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One outlet-hour of delivered real-time data, minute by minute per parameter, with the validity
 * arithmetic of docs/rules.md ("Validity").
 */
final class OutletHour {
  static final int MINUTES = 60;

  private final Map<String, double[]> sum = new LinkedHashMap<>();
  private final Map<String, int[]> valid = new HashMap<>();
  private final Map<String, int[]> all = new HashMap<>();
  private final Map<String, int[]> flags = new HashMap<>();

  /** Records one delivered sample of {@code code} in {@code minute}. */
  void add(String code, int minute, DataFlag flag, boolean validData, Double value) {
    double[] s = sum.computeIfAbsent(code, k -> new double[MINUTES]);
    int[] v = valid.computeIfAbsent(code, k -> new int[MINUTES]);
    int[] a = all.computeIfAbsent(code, k -> new int[MINUTES]);
    int[] f = flags.computeIfAbsent(code, k -> new int[DataFlag.values().length]);
    a[minute]++;
    f[(flag == null ? DataFlag.N : flag).ordinal()]++;
    if (validData && value != null) {
      v[minute]++;
      s[minute] += value;
    }
  }

  /** The parameters with data in this hour, in the order they first arrived. */
  Set<String> parameters() {
    return sum.keySet();
  }

  /** N when at least 75 % of the minutes with data are valid, else the most frequent other flag. */
  DataFlag flag(String p) {
    int[] a = all.get(p);
    int withData = 0;
    for (int m = 0; m < MINUTES; m++) {
      if (a[m] > 0) {
        withData++;
      }
    }
    if (validMinutes(p) * 4 >= withData * 3) {
      return DataFlag.N;
    }
    int[] f = flags.get(p);
    int best = -1;
    for (int i = 0; i < f.length; i++) {
      if (i != DataFlag.N.ordinal() && (best < 0 || f[i] > f[best])) {
        best = i;
      }
    }
    return f[best] == 0 ? DataFlag.N : DataFlag.values()[best];
  }

  /** Minutes with at least one valid reading and at least 75 % of their readings valid. */
  int validMinutes(String p) {
    int[] v = valid.get(p);
    int[] a = all.get(p);
    if (v == null) {
      return 0;
    }
    int n = 0;
    for (int m = 0; m < MINUTES; m++) {
      if (validMinute(v[m], a[m])) {
        n++;
      }
    }
    return n;
  }

  /** The mean of the valid minutes' means, {@code null} without a valid minute or data. */
  Double mean(String p) {
    double[] s = sum.get(p);
    if (s == null) {
      return null;
    }
    int[] v = valid.get(p);
    int[] a = all.get(p);
    double total = 0;
    int n = 0;
    for (int m = 0; m < MINUTES; m++) {
      if (validMinute(v[m], a[m])) {
        total += s[m] / v[m];
        n++;
      }
    }
    return n == 0 ? null : total / n;
  }

  private static boolean validMinute(int valid, int all) {
    return valid >= 1 && valid * 4 >= all * 3;
  }
}
