package io.meterwatch.connectors.influx;

import static io.meterwatch.connectors.influx.InfluxTesting.count;
import static io.meterwatch.connectors.influx.InfluxTesting.writeRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.devservices.InfluxdProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InfluxWriterTest {
  private static InfluxdProcess influx;

  @BeforeAll
  static void startInflux() throws IOException {
    influx = InfluxdProcess.startDefault();
  }

  @AfterAll
  static void stopInflux() {
    influx.close();
  }

  private static Point point(String measurement, int i) {
    return Point.measurement(measurement)
        .tag("outlet", "DA00" + (i % 3))
        .addField("value", i * 0.5)
        .time(1_741_564_800_000L + i * 1000L, TimeUnit.MILLISECONDS)
        .build();
  }

  @Test
  void sendsBatchesOfAtMost5000PointsAndCountsThem() throws IOException {
    try (InfluxWriter w = InfluxWriter.builder().url(influx.url()).database("batches").build()) {
      long before = writeRequests(influx);
      for (int i = 0; i < 12_345; i++) {
        w.write(point("m", i));
      }
      w.flush();
      assertThat(w.pointsWritten()).isEqualTo(12_345);
      // 5000 + 5000 + 2345
      assertThat(writeRequests(influx) - before).isEqualTo(3);
    }
    assertThat(count(influx, "batches", "m", "value")).isEqualTo(12_345);
  }

  @Test
  void writingTheSamePointsTwiceChangesNothing() throws IOException {
    try (InfluxWriter w =
        InfluxWriter.builder().url(influx.url()).database("idem").batchSize(7).build()) {
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 20; i++) {
          w.write(point("m", i));
        }
        w.flush();
      }
      assertThat(w.pointsWritten()).isEqualTo(40);
    }
    assertThat(count(influx, "idem", "m", "value")).isEqualTo(20);
  }

  @Test
  void aRejectedBatchFailsLoudlyAtOnceAndTheWriterStaysFailed() throws IOException {
    try (InfluxWriter w =
        InfluxWriter.builder()
            .url(influx.url())
            .database("conflict")
            .backoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .build()) {
      w.write(Point.measurement("m").addField("value", "text").time(1L, TimeUnit.SECONDS).build());
      w.flush();
      w.write(Point.measurement("m").addField("value", 1.5).time(2L, TimeUnit.SECONDS).build());
      long t0 = System.nanoTime();
      assertThatThrownBy(w::flush)
          .isInstanceOf(InfluxWriteException.class)
          .hasMessageContaining("HTTP 400")
          .hasMessageContaining("field type conflict")
          .satisfies(e -> assertThat(((InfluxWriteException) e).status()).isEqualTo(400));
      // no retry: a 4xx comes back well before the first 5 s backoff would end
      assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(4).toNanos());
      assertThatThrownBy(() -> w.write(point("m", 1)))
          .isInstanceOf(InfluxWriteException.class)
          .hasMessageContaining("an earlier InfluxDB write")
          .hasMessageContaining("field type conflict");
    }
  }

  @Test
  void anUnknownDatabaseIsA404WithoutRetries() throws IOException {
    try (InfluxWriter w =
        InfluxWriter.builder()
            .url(influx.url())
            .database("nowhere")
            .createDatabase(false)
            .build()) {
      w.write(point("m", 1));
      assertThatThrownBy(w::flush)
          .isInstanceOf(InfluxWriteException.class)
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("database not found");
    }
  }

  @Test
  void retriesWhileTheServerIsDownAndDeliversOnceItIsBack() throws Exception {
    try (InfluxdProcess own = InfluxdProcess.startDefault();
        InfluxWriter w =
            InfluxWriter.builder()
                .url(own.url())
                .database("outage")
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .build()) {
      int port = own.httpPort();
      own.stop();
      for (int i = 0; i < 100; i++) {
        w.write(point("m", i));
      }
      CompletableFuture<Void> flushed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  w.flush();
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      Thread.sleep(3000);
      assertThat(flushed).isNotDone();
      own.start();
      flushed.get(30, TimeUnit.SECONDS);
      assertThat(own.httpPort()).isEqualTo(port);
      assertThat(w.pointsWritten()).isEqualTo(100);
      assertThat(count(own, "outage", "m", "value")).isEqualTo(100);
    }
  }

  @Test
  void givesUpWhenTheRetryTimeRunsOut() throws IOException {
    try (InfluxdProcess own = InfluxdProcess.startDefault();
        InfluxWriter w =
            InfluxWriter.builder()
                .url(own.url())
                .database("gone")
                .backoff(Duration.ofMillis(100), Duration.ofMillis(200))
                .maxRetryTime(Duration.ofSeconds(1))
                .build()) {
      own.stop();
      w.write(point("m", 1));
      assertThatThrownBy(w::flush)
          .isInstanceOf(InfluxWriteException.class)
          .hasMessageContaining("still failing after")
          .hasMessageContaining("ConnectException")
          .satisfies(e -> assertThat(((InfluxWriteException) e).status()).isEqualTo(-1));
    }
  }

  @Test
  void authenticatesWithUserAndPassword() throws IOException {
    try (InfluxdProcess secured = InfluxdProcess.builder().admin("meterwatch", "s3cret").start()) {
      try (InfluxWriter w =
          InfluxWriter.builder()
              .url(secured.url())
              .database("secured")
              .credentials("meterwatch", "s3cret")
              .build()) {
        w.write(point("m", 1));
        w.flush();
      }
      assertThat(count(secured, "secured", "m", "value")).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  InfluxWriter.builder()
                      .url(secured.url())
                      .database("secured")
                      .credentials("meterwatch", "wrong")
                      .build())
          .isInstanceOf(InfluxWriteException.class)
          .hasMessageContaining("HTTP 401");
    }
  }

  @Test
  void builderNamesWhatIsWrong() {
    assertThatThrownBy(() -> InfluxWriter.builder().database("d").settings())
        .hasMessageContaining("url is required");
    assertThatThrownBy(() -> InfluxWriter.builder().url("ftp://x").database("d").settings())
        .hasMessageContaining("must be http(s)://host:port");
    assertThatThrownBy(() -> InfluxWriter.builder().url("http://127.0.0.1:1").settings())
        .hasMessageContaining("database is required");
    assertThatThrownBy(
            () ->
                InfluxWriter.builder()
                    .url("http://127.0.0.1:1")
                    .database("d")
                    .batchSize(5001)
                    .settings())
        .hasMessageContaining("batchSize must be 1..5000, got 5001");
    assertThatThrownBy(
            () ->
                InfluxWriter.builder()
                    .url("http://127.0.0.1:1")
                    .database("d")
                    .credentials("u", (String) null)
                    .settings())
        .hasMessageContaining("user and password go together");
    assertThatThrownBy(
            () ->
                InfluxWriter.builder()
                    .url("http://127.0.0.1:1")
                    .database("d")
                    .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .settings())
        .hasMessageContaining("shorter than initialBackoff");
    InfluxWriter.Settings s =
        InfluxWriter.builder().url("http://127.0.0.1:8086/").database("d").settings();
    assertThat(s.url()).isEqualTo("http://127.0.0.1:8086");
    assertThat(s.batchSize()).isEqualTo(5000);
    assertThat(s.maxRetryTime()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aMissingBinaryTellsHowToInstallIt() {
    assertThatThrownBy(
            () -> InfluxdProcess.builder().binary(Path.of("/nonexistent/influxd")).start())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("apt-get install -y influxdb");
  }
}
