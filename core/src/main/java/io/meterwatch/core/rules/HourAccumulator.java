package io.meterwatch.core.rules;

import io.meterwatch.core.model.DataFlag;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Accumulates one parameter of one meter over one local hour, minute by minute, in any arrival
 * order; {@link #close} applies the validity rules. Kept as Flink keyed state, so it is a plain
 * mutable object with public fields (a Flink POJO: fast to copy and checkpoint) and arrays
 * allocated only for the kinds of data the device actually sends.
 *
 * <p>Minutes are indexed 0..59 from the start of the hour. Values per minute: the sum and count of
 * the valid real-time readings and the count of all real-time readings (for the 75 % rule).
 */
public final class HourAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MINUTES = 60;
  private static final DataFlag[] FLAGS = DataFlag.values();

  /** Sum of valid real-time values per minute, or {@code null} before the first one. */
  public double[] rtSum;

  /** Valid real-time readings per minute. */
  public byte[] rtValid;

  /** All real-time readings per minute. */
  public byte[] rtAll;

  /** Real-time readings per flag ordinal over the hour. */
  public int[] rtFlags;

  /** Sum and count of the valid converted real-time values the device sent (ZsRtd). */
  public double zsSum;

  public int zsCount;

  /** Device minute value (CN 2051) starting at each minute, NaN where none. */
  public double[] devMinute;

  /** Flag ordinal + 1 of the device minute value at each minute, 0 where none. */
  public byte[] devMinuteFlag;

  /** The device's hourly average (CN 2061) and converted average, NaN when not sent. */
  public double devHourAvg = Double.NaN;

  public double devHourZsAvg = Double.NaN;

  /** Flag ordinal + 1 of the device's hourly average, 0 when not sent. */
  public byte devHourFlag;

  public HourAccumulator() {}

  /** Adds a real-time value (CN 2011) sampled in minute {@code minute} of the hour. */
  public void addRealTime(int minute, double value, DataFlag flag, Double zsValue) {
    if (rtSum == null) {
      rtSum = new double[MINUTES];
      rtValid = new byte[MINUTES];
      rtAll = new byte[MINUTES];
      rtFlags = new int[FLAGS.length];
    }
    DataFlag f = flag == null ? DataFlag.N : flag;
    rtFlags[f.ordinal()]++;
    if (rtAll[minute] < Byte.MAX_VALUE) {
      rtAll[minute]++;
    }
    if (f.isValidData() && rtValid[minute] < Byte.MAX_VALUE) {
      rtValid[minute]++;
      rtSum[minute] += value;
      if (zsValue != null) {
        zsSum += zsValue;
        zsCount++;
      }
    }
  }

  /** Adds a device minute value (CN 2051) whose period starts in minute {@code minute}. */
  public void addDeviceMinute(int minute, double value, DataFlag flag) {
    if (devMinute == null) {
      devMinute = new double[MINUTES];
      Arrays.fill(devMinute, Double.NaN);
      devMinuteFlag = new byte[MINUTES];
    }
    devMinute[minute] = value;
    devMinuteFlag[minute] = (byte) ((flag == null ? DataFlag.N : flag).ordinal() + 1);
  }

  /** Sets the device's hourly average (CN 2061); a resent hour replaces the earlier one. */
  public void setDeviceHour(double avg, Double zsAvg, DataFlag flag) {
    devHourAvg = avg;
    devHourZsAvg = zsAvg == null ? Double.NaN : zsAvg;
    devHourFlag = (byte) ((flag == null ? DataFlag.N : flag).ordinal() + 1);
  }

  /** Whether any real-time data arrived. */
  public boolean hasRealTime() {
    return rtSum != null;
  }

  /** Applies the validity rules to what has arrived so far. */
  public HourStats close(ValidityConfig config) {
    Double deviceAvg = devHourFlag == 0 ? null : devHourAvg;
    Double deviceZsAvg = devHourFlag == 0 || Double.isNaN(devHourZsAvg) ? null : devHourZsAvg;
    Double deviceZsMean = zsCount == 0 ? null : zsSum / zsCount;
    MinuteScan deviceMinutes = devMinute == null ? null : scanDeviceMinutes(config);
    Double deviceMinuteMean = deviceMinutes == null ? null : deviceMinutes.mean();
    if (rtSum != null) {
      MinuteScan s = scanRealTime(config);
      double[] matched = devMinute == null ? null : matchDeviceMinutes(config);
      int readings = 0;
      for (int c : rtFlags) {
        readings += c;
      }
      return new HourStats(
          s.mean(),
          s.min(),
          s.max(),
          s.validMinutes,
          s.dataMinutes,
          s.validMinutes >= config.minValidMinutesPerHour(),
          overRange(s.flag(config, dominantFlag(rtFlags)), rtFlags[DataFlag.T.ordinal()]),
          HourSource.REAL_TIME,
          deviceAvg,
          deviceZsAvg,
          deviceMinuteMean,
          deviceZsMean,
          readings,
          matched == null ? null : matched[0],
          matched == null ? null : matched[1]);
    }
    // Without real-time data, the device's minute values are the finest source, unless fewer
    // minutes arrived than a valid hour needs while the device's own hourly average did arrive:
    // then the transmission lost the detail (a meter back from being offline sends the minute and
    // the hour it has just closed), and the device's summary of the whole hour is the better
    // record.
    boolean sparseMinutesWithDeviceHour =
        deviceMinutes != null
            && devHourFlag != 0
            && deviceMinutes.dataMinutes < config.minValidMinutesPerHour();
    if (deviceMinutes != null && !sparseMinutesWithDeviceHour) {
      MinuteScan s = deviceMinutes;
      return new HourStats(
          s.mean(),
          s.min(),
          s.max(),
          s.validMinutes,
          s.dataMinutes,
          s.validMinutes >= config.minValidMinutesPerHour(),
          overRange(s.flag(config, s.dominant()), s.flagCounts[DataFlag.T.ordinal()]),
          HourSource.DEVICE_MINUTE,
          deviceAvg,
          deviceZsAvg,
          deviceMinuteMean,
          null,
          0,
          null,
          null);
    }
    if (devHourFlag != 0) {
      DataFlag f = FLAGS[devHourFlag - 1];
      return new HourStats(
          f.isValidData() ? devHourAvg : null,
          null,
          null,
          null,
          MINUTES,
          f.isValidData(),
          f,
          HourSource.DEVICE_HOUR,
          deviceAvg,
          deviceZsAvg,
          null,
          null,
          0,
          null,
          null);
    }
    return new HourStats(
        null, null, null, 0, 0, false, null, null, null, null, null, null, 0, null, null);
  }

  private MinuteScan scanRealTime(ValidityConfig config) {
    MinuteScan s = new MinuteScan();
    for (int m = 0; m < MINUTES; m++) {
      int all = rtAll[m];
      if (all == 0) {
        continue;
      }
      int valid = rtValid[m];
      s.dataMinutes++;
      if (config.normal(valid, all)) {
        s.normalMinutes++;
      }
      if (config.validMinute(valid, all)) {
        s.addValid(rtSum[m] / valid);
      }
    }
    return s;
  }

  /**
   * Detector D8 on minute data: each valid device minute value (CN 2051) next to the job's own
   * valid real-time minutes over the minutes it stands for (as in {@link #scanDeviceMinutes});
   * periods in which the job has no valid minute are left out.
   *
   * @return {mean of the matched device values, mean of the job's values over the same periods}, or
   *     {@code null} when no period matched
   */
  private double[] matchDeviceMinutes(ValidityConfig config) {
    double device = 0;
    double recomputed = 0;
    int periods = 0;
    int m = 0;
    while (m < MINUTES) {
      if (devMinuteFlag[m] == 0) {
        m++;
        continue;
      }
      int start = m;
      int end = start + 1;
      while (end < MINUTES
          && end - start < config.deviceMinuteIntervalMinutes()
          && devMinuteFlag[end] == 0) {
        end++;
      }
      if (FLAGS[devMinuteFlag[start] - 1].isValidData()) {
        double sum = 0;
        int minutes = 0;
        for (int i = start; i < end; i++) {
          if (rtAll[i] > 0 && config.validMinute(rtValid[i], rtAll[i])) {
            sum += rtSum[i] / rtValid[i];
            minutes++;
          }
        }
        if (minutes > 0) {
          device += devMinute[start];
          recomputed += sum / minutes;
          periods++;
        }
      }
      m = end;
    }
    return periods == 0 ? null : new double[] {device / periods, recomputed / periods};
  }

  /**
   * Device minute values each stand for the minutes from their start until the next value starts or
   * {@code deviceMinuteIntervalMinutes} have passed, whichever comes first.
   */
  private MinuteScan scanDeviceMinutes(ValidityConfig config) {
    MinuteScan s = new MinuteScan();
    s.flagCounts = new int[FLAGS.length];
    int start = -1;
    for (int m = 0; m < MINUTES; m++) {
      if (devMinuteFlag[m] != 0) {
        start = m;
      }
      if (start < 0 || m - start >= config.deviceMinuteIntervalMinutes()) {
        continue;
      }
      DataFlag f = FLAGS[devMinuteFlag[start] - 1];
      s.dataMinutes++;
      s.flagCounts[f.ordinal()]++;
      if (f.isValidData()) {
        s.normalMinutes++;
        s.addValid(devMinute[start]);
      }
    }
    return s;
  }

  /**
   * An hour that is normal by the 75 % rule but includes above-range readings is flagged T: its
   * value is a lower bound of the true one (the readings count as valid data at the value sent).
   */
  private static DataFlag overRange(DataFlag flag, int overRangeReadings) {
    return flag == DataFlag.N && overRangeReadings > 0 ? DataFlag.T : flag;
  }

  /** The most frequent flag other than N among counts by ordinal, or N when there is none. */
  static DataFlag dominantFlag(int[] counts) {
    DataFlag best = DataFlag.N;
    int bestCount = 0;
    for (int i = 0; i < counts.length; i++) {
      if (FLAGS[i] != DataFlag.N && counts[i] > bestCount) {
        best = FLAGS[i];
        bestCount = counts[i];
      }
    }
    return best;
  }

  /** Running figures over the minutes of an hour. */
  private static final class MinuteScan {
    int dataMinutes;
    int normalMinutes;
    int validMinutes;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int[] flagCounts;

    void addValid(double v) {
      validMinutes++;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }

    Double mean() {
      return validMinutes == 0 ? null : sum / validMinutes;
    }

    Double min() {
      return validMinutes == 0 ? null : min;
    }

    Double max() {
      return validMinutes == 0 ? null : max;
    }

    DataFlag dominant() {
      return dominantFlag(flagCounts);
    }

    DataFlag flag(ValidityConfig config, DataFlag otherwise) {
      if (dataMinutes == 0) {
        return null;
      }
      return config.normal(normalMinutes, dataMinutes) ? DataFlag.N : otherwise;
    }
  }
}
