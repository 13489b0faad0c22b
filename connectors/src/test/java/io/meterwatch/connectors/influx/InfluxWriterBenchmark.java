package io.meterwatch.connectors.influx;

import static io.meterwatch.core.testing.Fixtures.T0;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.devservices.InfluxdProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/**
 * Write throughput of {@link InfluxWriter} into a local influxd: rule-event points (50 outlets,
 * consecutive hours) in batches of 5000 against batches of 500 [comparison]. Run on demand: {@code
 * mvn -o -pl connectors verify -Dtest=InfluxWriterBenchmark -Dspotless.check.skip=true}.
 */
class InfluxWriterBenchmark {
  static final int POINTS = 200_000;

  static List<Point> points(int n) {
    List<Point> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      var start = T0.plus(Duration.ofHours(i / 50));
      out.add(
          InfluxPoints.ruleEvent(
              new RuleEvent(
                  new CaseKey("E" + i % 50 / 5, "DA" + i % 50, "E1", "a21026"),
                  Domain.EMISSION,
                  "Hanbin",
                  i % 7 == 0,
                  Severity.MAJOR,
                  new Evidence(
                      start,
                      start.plus(Duration.ofHours(1)),
                      20.0 + i % 30,
                      35.0,
                      "mg/m3",
                      "GB 13223-2011",
                      null,
                      55,
                      null))));
    }
    return out;
  }

  static double pointsPerSecond(InfluxdProcess influx, String db, int batch, List<Point> points)
      throws IOException {
    try (InfluxWriter w =
        InfluxWriter.builder().url(influx.url()).database(db).batchSize(batch).build()) {
      long t0 = System.nanoTime();
      for (Point p : points) {
        w.write(p);
      }
      w.flush();
      return points.size() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  @Test
  void writeThroughput() throws IOException {
    List<Point> points = points(POINTS);
    try (InfluxdProcess influx = InfluxdProcess.startDefault()) {
      pointsPerSecond(influx, "warmup", 5000, points.subList(0, 50_000));
      double big = pointsPerSecond(influx, "b5000", 5000, points);
      double small = pointsPerSecond(influx, "b500", 500, points);
      System.out.printf(
          Locale.ROOT,
          "InfluxWriter, %d rule_event points: batch 5000 %.0f points/s; batch 500 [comparison]"
              + " %.0f points/s%n",
          POINTS,
          big,
          small);
    }
  }
}
