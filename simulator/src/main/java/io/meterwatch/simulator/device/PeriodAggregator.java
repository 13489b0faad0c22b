package io.meterwatch.simulator.device;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minute and hourly aggregates computed, as a real data logger does, from the values the device
 * itself reported: the minute from its real-time values, the hour from its minute values.
 *
 * <p>Averages, minima and maxima are taken over the valid (flag N) inputs when there are any, else
 * over all inputs; Cou (kg of pollutant, m3 of flow) sums every input, since the mass left the
 * stack whatever the analyser's state. The aggregate's flag is N when at least 75 % of its inputs
 * are N (HJ 212-2017 Annex D: 45 of 60 minutes), else the most frequent other flag.
 */
final class PeriodAggregator {
  private final List<Channel> channels;
  private final List<Measurement> minute = new ArrayList<>();
  private final List<Aggregate[]> hour = new ArrayList<>();

  PeriodAggregator(List<Channel> channels) {
    this.channels = channels;
  }

  /** One tick's reported values. */
  record Measurement(double[] rtd, double[] zs, DataFlag[] flags, double[] cou) {}

  /** One channel's aggregate over a period. */
  record Aggregate(
      double avg,
      double min,
      double max,
      double zsAvg,
      double zsMin,
      double zsMax,
      double cou,
      DataFlag flag) {}

  void add(Measurement m) {
    minute.add(m);
  }

  boolean minuteEmpty() {
    return minute.isEmpty();
  }

  boolean hourEmpty() {
    return hour.isEmpty();
  }

  /** Closes the current minute: its samples, and remembers it for the hour. */
  Map<String, Sample> closeMinute() {
    Aggregate[] agg = new Aggregate[channels.size()];
    for (int c = 0; c < channels.size(); c++) {
      int n = minute.size();
      double[] v = new double[n];
      double[] z = new double[n];
      double[] cou = new double[n];
      DataFlag[] f = new DataFlag[n];
      for (int i = 0; i < n; i++) {
        Measurement m = minute.get(i);
        v[i] = m.rtd()[c];
        z[i] = m.zs()[c];
        cou[i] = m.cou()[c];
        f[i] = m.flags()[c];
      }
      // rounded as sent: the hour is computed from the minute values the device uploaded
      agg[c] = rounded(channels.get(c), aggregate(v, v, v, z, z, z, cou, f));
    }
    minute.clear();
    hour.add(agg);
    return samples(agg);
  }

  /** Closes the current hour from the minutes closed since the last hour. */
  Map<String, Sample> closeHour() {
    Aggregate[] agg = new Aggregate[channels.size()];
    for (int c = 0; c < channels.size(); c++) {
      int n = hour.size();
      double[] avg = new double[n];
      double[] min = new double[n];
      double[] max = new double[n];
      double[] zAvg = new double[n];
      double[] zMin = new double[n];
      double[] zMax = new double[n];
      double[] cou = new double[n];
      DataFlag[] f = new DataFlag[n];
      for (int i = 0; i < n; i++) {
        Aggregate a = hour.get(i)[c];
        avg[i] = a.avg();
        min[i] = a.min();
        max[i] = a.max();
        zAvg[i] = a.zsAvg();
        zMin[i] = a.zsMin();
        zMax[i] = a.zsMax();
        cou[i] = a.cou();
        f[i] = a.flag();
      }
      agg[c] = aggregate(avg, min, max, zAvg, zMin, zMax, cou, f);
    }
    hour.clear();
    return samples(agg);
  }

  private static Aggregate aggregate(
      double[] avg,
      double[] min,
      double[] max,
      double[] zAvg,
      double[] zMin,
      double[] zMax,
      double[] cou,
      DataFlag[] flags) {
    int n = flags.length;
    int valid = 0;
    for (DataFlag f : flags) {
      if (f.isValidData()) {
        valid++;
      }
    }
    boolean useValidOnly = valid > 0;
    double sum = 0;
    double zSum = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double zLo = Double.POSITIVE_INFINITY;
    double zHi = Double.NEGATIVE_INFINITY;
    double couSum = 0;
    int used = 0;
    for (int i = 0; i < n; i++) {
      couSum += Double.isNaN(cou[i]) ? 0 : cou[i];
      if (useValidOnly && !flags[i].isValidData()) {
        continue;
      }
      used++;
      sum += avg[i];
      lo = Math.min(lo, min[i]);
      hi = Math.max(hi, max[i]);
      zSum += zAvg[i];
      zLo = Math.min(zLo, zMin[i]);
      zHi = Math.max(zHi, zMax[i]);
    }
    DataFlag flag = valid * 4 >= n * 3 ? DataFlag.N : dominantInvalid(flags);
    return new Aggregate(
        sum / used,
        lo,
        hi,
        zSum / used,
        zLo,
        zHi,
        Double.isNaN(cou[0]) ? Double.NaN : couSum,
        flag);
  }

  private static Aggregate rounded(Channel ch, Aggregate a) {
    boolean zs = ch.role() == Channel.Role.GAS_POLLUTANT;
    return new Aggregate(
        ch.round(a.avg()),
        ch.round(a.min()),
        ch.round(a.max()),
        zs ? ch.round(a.zsAvg()) : Double.NaN,
        zs ? ch.round(a.zsMin()) : Double.NaN,
        zs ? ch.round(a.zsMax()) : Double.NaN,
        Double.isNaN(a.cou()) ? Double.NaN : Rounding.round(a.cou(), 4),
        a.flag());
  }

  private static DataFlag dominantInvalid(DataFlag[] flags) {
    int[] counts = new int[DataFlag.values().length];
    for (DataFlag f : flags) {
      if (!f.isValidData()) {
        counts[f.ordinal()]++;
      }
    }
    int best = 0;
    for (int i = 1; i < counts.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return DataFlag.values()[best];
  }

  private Map<String, Sample> samples(Aggregate[] agg) {
    Map<String, Sample> out = new LinkedHashMap<>();
    for (int c = 0; c < channels.size(); c++) {
      Channel ch = channels.get(c);
      Aggregate a = agg[c];
      Map<String, Double> v = new LinkedHashMap<>();
      v.put(Sample.AVG, ch.round(a.avg()));
      v.put(Sample.MIN, ch.round(a.min()));
      v.put(Sample.MAX, ch.round(a.max()));
      if (ch.role() == Channel.Role.GAS_POLLUTANT) {
        v.put(Sample.ZS_AVG, ch.round(a.zsAvg()));
        v.put(Sample.ZS_MIN, ch.round(a.zsMin()));
        v.put(Sample.ZS_MAX, ch.round(a.zsMax()));
      }
      if (!Double.isNaN(a.cou())) {
        v.put(Sample.COU, Rounding.round(a.cou(), 4));
      }
      out.put(ch.code(), Sample.of(ch.code(), v, a.flag()));
    }
    return out;
  }
}
