package io.meterwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterwatch.connectors.registry.RegistryTopic;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.report.ReportFixtures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry page's API on a real Kafka: versions published with {@code RegistryTopic} (as {@code
 * meterwatch registry publish} does), a record of another tool and a version that does not
 * validate; the console shows the version in force, every version and the diff of two.
 */
class RegistryPageTest {
  static ConsoleFixture fx;
  static final Instant T1 = Instant.parse("2026-12-01T02:00:00Z");
  static final Instant T2 = Instant.parse("2026-12-05T08:30:00Z");

  @BeforeAll
  static void start() throws Exception {
    fx = new ConsoleFixture(ConsoleFixture.tempDir());
    String v1;
    try (InputStream in =
        ReportFixtures.class.getResourceAsStream(ReportFixtures.REGISTRY_RESOURCE)) {
      v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // version 2: a fourth county, and 平利县 renamed
    String v2 =
        v1.replace(
            "  - {id: pingli, nameZh: 平利县, nameEn: Pingli County}\n",
            "  - {id: pingli, nameZh: 平利, nameEn: Pingli County}\n"
                + "  - {id: hanyin, nameZh: 汉阴县, nameEn: Hanyin County}\n");
    assertThat(v2).isNotEqualTo(v1);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafka.bootstrapServers());
    RegistryTopic topic = new RegistryTopic(p, "registry", Duration.ofSeconds(20));
    topic.ensureTopic();
    topic.publish(v1, "ops", T1);
    topic.publish(v2, "li", T2);
    // a record of another tool, and a version 3 whose document does not validate
    fx.producer.send(new ProducerRecord<>("registry", "x", "not json".getBytes())).get();
    RegistryVersion bad = RegistryVersion.of(3, "mallory", T2, "counties: 7\n");
    fx.producer.send(new ProducerRecord<>("registry", RegistryVersion.key(3), bad.toJson())).get();
    fx.startConsole();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void showsTheVersionInForceItsHistoryAndTheDiff() throws Exception {
    ConsoleFixture.Http viewer = fx.http();
    viewer.login("guest", ConsoleFixture.PASSWORD);
    JsonNode r = ConsoleServer.JSON.readTree(viewer.get("/api/registry").body());
    assertThat(r.get("topic").asText()).isEqualTo("registry");
    JsonNode f = r.get("inForce");
    assertThat(f.get("version").asLong()).isEqualTo(2);
    assertThat(f.get("publishedBy").asText()).isEqualTo("li");
    assertThat(f.get("publishedAt").asText()).isEqualTo("2026-12-05T08:30:00Z");
    // the report city: 4 counties now, 4 enterprises, 3 outlets, 3 + 3 energy + 2 production
    assertThat(List.of(f.get("counties").asLong(), f.get("enterprises").asLong()))
        .containsExactly(4L, 4L);
    assertThat(List.of(f.get("outlets").asLong(), f.get("meters").asLong()))
        .containsExactly(3L, 8L);
    List<String> versions = new ArrayList<>();
    for (JsonNode v : r.get("versions")) {
      versions.add(
          v.get("version").asLong()
              + " "
              + v.get("publishedBy").asText()
              + " "
              + v.get("applied").asBoolean());
    }
    assertThat(versions).containsExactly("1 ops true", "2 li true", "3 mallory false");
    assertThat(r.get("versions").get(2).get("problem").asText())
        .startsWith("document does not validate:");
    assertThat(r.get("unreadable").asLong()).isEqualTo(1);
    // no document in the answer: documents hold meter passwords
    List<String> fields = new ArrayList<>();
    f.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).contains("version", "sha256", "meters").doesNotContain("document");

    JsonNode d = ConsoleServer.JSON.readTree(viewer.get("/api/registry/diff?a=1&b=2").body());
    List<String> changes = new ArrayList<>();
    d.get("changes").forEach(c -> changes.add(c.get("text").asText()));
    assertThat(changes)
        .containsExactly("~ county pingli: name 平利县 -> 平利", "+ county hanyin: 汉阴县 Hanyin County");
    assertThat(viewer.get("/api/registry/diff?a=1&b=3").statusCode()).isEqualTo(404);
    assertThat(viewer.get("/api/registry/diff?a=x&b=2").statusCode()).isEqualTo(400);
    assertThat(fx.http().get("/api/registry").statusCode()).isEqualTo(401);
  }
}
