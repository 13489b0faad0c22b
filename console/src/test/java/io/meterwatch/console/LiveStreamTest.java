package io.meterwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A quiet live stream gets a heartbeat comment every {@link ConsoleServer#HEARTBEAT}, and the next
 * case event arrives on the same connection.
 */
class LiveStreamTest {
  static final CaseKey KEY = CaseScript.so2("E-A", "DA001");

  @Test
  void aQuietStreamGetsHeartbeatsAndDeliversTheNextEvent() throws Exception {
    try (ConsoleFixture fx = new ConsoleFixture(ConsoleFixture.tempDir())) {
      fx.startConsole();
      var duty = fx.http();
      duty.login("duty", ConsoleFixture.PASSWORD);
      HttpResponse<InputStream> stream =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(fx.url("/api/stream")))
                      .header("Cookie", duty.cookie)
                      .header("Accept", "text/event-stream")
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                  for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                  }
                  lines.add("<closed>");
                } catch (Exception e) {
                  lines.add("<failed: " + e + ">");
                }
              },
              "live-stream-reader");
      reader.setDaemon(true);
      reader.start();

      // quiet for one heartbeat interval and a little more
      Thread.sleep(ConsoleServer.HEARTBEAT.plusSeconds(2).toMillis());
      assertThat(lines).containsExactly(": connected", ": heartbeat");

      CaseScript script = new CaseScript().name("E-A", "Ankang Power");
      fx.publish(script, script.breach(KEY, "Hanbin", Domain.EMISSION, Severity.MAJOR, 0, 49.0));
      String caseId = script.caseId(KEY);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && lines.stream().noneMatch(l -> l.startsWith("data: ") && l.contains(caseId))) {
        Thread.sleep(100);
      }
      assertThat(lines)
          .as("lines of the live stream")
          .doesNotContain("<closed>")
          .contains("event: case")
          .anyMatch(l -> l.startsWith("data: ") && l.contains("\"caseId\":\"" + caseId + "\""));
    }
  }
}
