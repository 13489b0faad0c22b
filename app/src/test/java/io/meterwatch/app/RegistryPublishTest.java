package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.connectors.registry.RegistryFollower;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.standards.StandardsLoader;
import io.meterwatch.devservices.EmbeddedKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code meterwatch registry publish / history / diff} against a real Kafka, and a follower (what
 * the bridge runs) that applies each valid version and skips what it cannot read.
 */
class RegistryPublishTest {
  static EmbeddedKafka kafka;
  static final String TOPIC = "registry";
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder().start();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Meterwatch());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static String demoText() throws IOException {
    try (InputStream in =
        RegistryLoader.class.getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void publishValidatesVersionsAndFollowersApplyThem() throws Exception {
    String v1 = demoText();
    // Version 2 changes the kiln tail's password (the analyser was swapped).
    String v2 = v1.replace("        password: \"415511\"\n", "        password: \"520520\"\n");
    String invalid =
        v1.replace(
            "    county: hanbin\n    industry: cement\n",
            "    county: atlantis\n    industry: cement\n");
    Properties client = new Properties();
    client.put("bootstrap.servers", kafka.bootstrapServers());

    Result none = run("registry", "history", "--kafka", kafka.bootstrapServers());
    assertThat(none.code()).isZero();

    Result p1 =
        run(
            "registry",
            "publish",
            write("v1.yaml", v1).toString(),
            "--kafka",
            kafka.bootstrapServers(),
            "--published-by",
            "ops-li");
    assertThat(p1.err()).isEmpty();
    assertThat(p1.code()).isZero();
    assertThat(p1.out())
        .startsWith("published " + dir.resolve("v1.yaml") + " as registry version 1 on registry");

    try (RegistryFollower follower =
        new RegistryFollower(client, TOPIC, null, StandardsLoader.loadDefault())) {
      assertThat(follower.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(follower.current().version()).isEqualTo(1);
      assertThat(follower.current().registry().meter("610902G0010001").orElseThrow().password())
          .isEqualTo("415511");

      Result bad =
          run(
              "registry",
              "publish",
              write("bad.yaml", invalid).toString(),
              "--kafka",
              kafka.bootstrapServers());
      assertThat(bad.code()).isEqualTo(1);
      assertThat(bad.out()).isEmpty();
      assertThat(bad.err())
          .contains("county")
          .contains("atlantis")
          .endsWith(
              dir.resolve("bad.yaml") + ": 1 error; nothing published" + System.lineSeparator());

      Result p2 =
          run(
              "registry",
              "publish",
              write("v2.yaml", v2).toString(),
              "--kafka",
              kafka.bootstrapServers(),
              "--published-by",
              "ops-wang");
      assertThat(p2.code()).isZero();
      assertThat(p2.out())
          .contains("as registry version 2")
          .contains("1 changes from version 1:")
          .contains("  ~ outlet 91610902MA6YA1B22C hanjiang-cement-DA001: password changed")
          .doesNotContain("520520");

      // A record another tool wrote is skipped, never applied in part; version 2 stays in force.
      Properties p = new Properties();
      p.putAll(client);
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
        producer
            .send(
                new ProducerRecord<>(
                    TOPIC, "junk", "{\"version\": 3}".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while ((follower.current().version() != 2 || follower.skipped() != 1)
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(follower.current().version()).isEqualTo(2);
      assertThat(follower.skipped()).isEqualTo(1);
      assertThat(follower.current().registry().meter("610902G0010001").orElseThrow().password())
          .isEqualTo("520520");
      assertThat(follower.failure()).isNull();
    }

    Result history = run("registry", "history", "--kafka", kafka.bootstrapServers());
    assertThat(history.code()).isZero();
    List<String> lines = history.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("version 1  published ").contains(" by ops-li ");
    assertThat(lines.get(1)).startsWith("version 2  published ").contains(" by ops-wang ");
    assertThat(lines.get(2))
        .isEqualTo(
            "offset 2  unreadable, skipped by readers: field publishedBy missing or not text");

    Result diff = run("registry", "diff", "@1", "@2", "--kafka", kafka.bootstrapServers());
    assertThat(diff.code()).isZero();
    assertThat(diff.out().lines().toList())
        .containsExactly(
            "~ outlet 91610902MA6YA1B22C hanjiang-cement-DA001: password changed", "1 change");

    Result noKafka = run("registry", "diff", "@1", dir.resolve("v2.yaml").toString());
    assertThat(noKafka.code()).isEqualTo(1);
    assertThat(noKafka.err())
        .isEqualTo("registry diff: --kafka is needed to read @1" + System.lineSeparator());
  }
}
