package io.meterwatch.simulator.load;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.Simulation;
import io.meterwatch.simulator.publish.MessageSink;
import io.meterwatch.simulator.publish.PayloadEncoder;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.signal.DeviceRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Load mode: {@code meters} synthetic flue-gas meters ({@code LOAD00000001}, ...) each sending a
 * real-time reading of about 200 bytes (SO2, NOx, O2, flow) in turn, at {@code rate} messages per
 * wall-clock second in total, for a wall-clock duration. Data time advances 30 s per round over all
 * meters. Reports the achieved rate and the sink's errors.
 */
public final class LoadGenerator {
  private final int meters;
  private final double rate;
  private final Duration duration;
  private final MessageSink sink;
  private final PayloadEncoder encoder;
  private final String topicPrefix;
  private final Instant start;
  private final DeviceRandom random;
  private final Consumer<Simulation.Progress> progress;

  /**
   * @param meters synthetic meters
   * @param rate messages per second in total; 0 or less = as fast as the sink takes them
   * @param duration wall-clock time to run
   */
  public LoadGenerator(
      int meters,
      double rate,
      Duration duration,
      MessageSink sink,
      PayloadFormat format,
      LocalCalendar calendar,
      String topicPrefix,
      Instant start,
      long seed,
      Consumer<Simulation.Progress> progress) {
    if (meters < 1) {
      throw new IllegalArgumentException("--load needs at least 1 meter: " + meters);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("load duration must be positive: " + duration);
    }
    this.meters = meters;
    this.rate = rate;
    this.duration = duration;
    this.sink = sink;
    this.encoder = new PayloadEncoder(format, calendar);
    this.topicPrefix = topicPrefix;
    this.start = start;
    this.random = new DeviceRandom(seed, "load");
    this.progress = progress;
  }

  /** The MN of synthetic meter i (0-based). */
  public static String mn(int i) {
    return String.format(Locale.ROOT, "LOAD%08d", i + 1);
  }

  /** The reading synthetic meter i sends in round r. */
  public Reading reading(int i, long round) {
    Instant t = start.plusSeconds(30 * round);
    Map<String, Sample> s = new LinkedHashMap<>();
    s.put(ParameterCatalogue.SO2, sample(ParameterCatalogue.SO2, 40 + 5 * random.gaussian(), 3));
    s.put(ParameterCatalogue.NOX, sample(ParameterCatalogue.NOX, 120 + 10 * random.gaussian(), 3));
    s.put(ParameterCatalogue.O2, sample(ParameterCatalogue.O2, 9 + 0.2 * random.gaussian(), 2));
    s.put(
        ParameterCatalogue.GAS_FLOW,
        sample(ParameterCatalogue.GAS_FLOW, 60 + random.gaussian(), 3));
    return new Reading(
        mn(i), t, ReadingKind.REAL_TIME, s, null, "31", null, encoder.format().sourceFormat());
  }

  private static Sample sample(String code, double v, int decimals) {
    double scale = Math.pow(10, decimals);
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(Sample.RTD, Math.round(v * scale) / scale);
    return Sample.of(code, values, DataFlag.N);
  }

  /** What a load run achieved. */
  public record Result(long sent, long errors, Duration wallTime) {
    public double ratePerSecond() {
      return sent / Math.max(1e-9, wallTime.toNanos() / 1e9);
    }
  }

  /** Runs until the duration has passed, then waits for delivery. */
  public Result run() throws Exception {
    long begin = System.nanoTime();
    long end = begin + duration.toNanos();
    long nextReport = begin + Duration.ofSeconds(2).toNanos();
    long sent = 0;
    long round = 0;
    outer:
    while (true) {
      for (int i = 0; i < meters; i++) {
        long now = System.nanoTime();
        if (now >= end) {
          break outer;
        }
        if (rate > 0) {
          long due = begin + (long) (sent * 1e9 / rate);
          if (due > now) {
            long wait = due - now;
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        Reading r = reading(i, round);
        sink.send(Simulation.topic(topicPrefix, r.mn()), encoder.encode(r, "123456"));
        sent++;
        if (now >= nextReport) {
          nextReport = now + Duration.ofSeconds(2).toNanos();
          progress.accept(
              new Simulation.Progress(
                  r.dataTime(), sent, sent / ((now - begin) / 1e9), sink.errors(), false));
        }
      }
      round++;
    }
    sink.flush();
    Duration wall = Duration.ofNanos(System.nanoTime() - begin);
    Result result = new Result(sent, sink.errors(), wall);
    progress.accept(
        new Simulation.Progress(
            start.plusSeconds(30 * round), sent, result.ratePerSecond(), sink.errors(), true));
    return result;
  }
}
