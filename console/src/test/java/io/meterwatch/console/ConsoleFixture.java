package io.meterwatch.console;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.devservices.EmbeddedKafka;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A console on a real embedded Kafka with a users file of four users (bureau, two counties, a
 * viewer), and an HTTP client that logs in like a browser.
 */
final class ConsoleFixture implements AutoCloseable {
  static final String PASSWORD = "correct-horse-7";
  static final String ALERTS = "alerts";
  static final String CASES = "cases";
  static final String ACTIONS = "case.actions";

  final EmbeddedKafka kafka;
  final Path users;
  final KafkaProducer<String, byte[]> producer;
  ConsoleServer console;

  ConsoleFixture(Path dir) throws Exception {
    kafka = EmbeddedKafka.builder().start();
    kafka.createTopic(ALERTS, 2, Map.of("retention.ms", "-1"));
    kafka.createTopic(CASES, 2, Map.of("cleanup.policy", "compact"));
    kafka.createTopic(ACTIONS, 1);
    users = dir.resolve("users.yaml");
    UserStore store = UserStore.empty();
    store.put("duty", Role.BUREAU, PASSWORD.toCharArray());
    store.put("hanbin", Role.parse("county:Hanbin"), PASSWORD.toCharArray());
    store.put("xunyang", Role.parse("county:Xunyang"), PASSWORD.toCharArray());
    store.put("guest", Role.parse("viewer"), PASSWORD.toCharArray());
    store.save(users);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(p);
  }

  ConsoleServer startConsole() throws Exception {
    return startConsole(null, null);
  }

  ConsoleServer startConsole(String influxUrl, String influxDatabase) throws Exception {
    return startConsole(influxUrl, influxDatabase, ConsoleServer.Sources.none());
  }

  ConsoleServer startConsole(String influxUrl, String influxDatabase, ConsoleServer.Sources sources)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    console =
        ConsoleServer.start(
            new ConsoleServer.Settings(
                p,
                ALERTS,
                CASES,
                ACTIONS,
                UserStore.load(users),
                null,
                "127.0.0.1",
                0,
                ZoneId.of("Asia/Shanghai"),
                influxUrl,
                influxDatabase,
                e -> {}),
            sources);
    if (!console.awaitCaughtUp(Duration.ofMinutes(5))) {
      throw new AssertionError("the console did not read " + ALERTS + " within 5 min");
    }
    return console;
  }

  /**
   * Publishes case events to the alerts topic and the script's new case records to the cases topic
   * as the job does (key = case id).
   */
  void publish(CaseScript script, List<CaseEvent> events) throws Exception {
    for (CaseEvent e : events) {
      producer.send(new ProducerRecord<>(ALERTS, e.caseId(), CaseJson.eventBytes(e))).get();
    }
    for (CaseRecord r : script.takeRecords()) {
      producer.send(new ProducerRecord<>(CASES, r.caseId(), CaseJson.recordBytes(r))).get();
    }
  }

  /** Every action on case.actions. */
  List<CaseAction> actions() throws Exception {
    List<CaseAction> out = new ArrayList<>();
    for (var r :
        CommittedTopicReader.readAll(kafka.bootstrapServers(), ACTIONS, Duration.ofSeconds(30))) {
      out.add(CaseJson.readAction(r.value()));
    }
    return out;
  }

  String url(String path) {
    return "http://127.0.0.1:" + console.port() + path;
  }

  /** A logged-in HTTP session. */
  final class Http {
    final HttpClient client = HttpClient.newHttpClient();
    String cookie;
    String csrf;

    HttpResponse<String> get(String path) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
      if (cookie != null) {
        b.header("Cookie", cookie);
      }
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json, String token) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url(path)))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json));
      if (cookie != null) {
        b.header("Cookie", cookie);
      }
      if (token != null) {
        b.header(Sessions.CSRF_HEADER, token);
      }
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(String name, String password) throws Exception {
      String form =
          "name="
              + URLEncoder.encode(name, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8);
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url("/login")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
      if (r.headers().firstValue("Location").orElse("").equals("/")) {
        HttpResponse<String> me = get("/api/me");
        csrf = ConsoleServer.JSON.readTree(me.body()).get("csrf").asText();
      }
      return r;
    }
  }

  Http http() {
    return new Http();
  }

  @Override
  public void close() throws Exception {
    if (console != null) {
      console.close();
    }
    producer.close();
    kafka.close();
  }

  static Path tempDir() throws Exception {
    return Files.createTempDirectory("console-test");
  }
}
