package io.meterwatch.app;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CaseOutcome;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseState;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.devservices.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TasksCommandTest {
  static final CasePolicy P = CasePolicy.defaults();
  static final ObjectMapper JSON = new ObjectMapper();
  static EmbeddedKafka kafka;
  static String so2Case;
  static String flatCase;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().start();
    kafka.createTopic("alerts", 2, Map.of("retention.ms", "-1"));
    kafka.createTopic("cases", 2, Map.of("cleanup.policy", "compact"));
    kafka.createTopic("case.actions", 1);
    List<CaseLifecycle.Transition> changes = new ArrayList<>();
    CaseState so2 = null;
    for (var e : List.of(breach(0, 0.4), breach(1, 0.7))) {
      var t = CaseLifecycle.onRuleEvent(so2, e, "Ankang Power", P);
      so2 = t.state();
      changes.add(t);
    }
    so2Case = so2.caseId();
    changes.add(CaseLifecycle.onAction(so2, assign(so2Case, SO2, "hanbin-team-2", hour(3)), P));
    var flat =
        CaseLifecycle.onRuleEvent(
            null, breach(FLAT, Domain.DATA_QUALITY, 0, 0, Severity.WARNING), null, P);
    flatCase = flat.state().caseId();
    changes.add(flat);
    changes.add(
        CaseLifecycle.onAction(
            flat.state(), close(flatCase, FLAT, CaseOutcome.DEVICE_FAULT, hour(4)), P));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // what the job writes: each change's events on alerts, the case's state on cases
    try (var producer = new KafkaProducer<String, byte[]>(p)) {
      for (CaseLifecycle.Transition t : changes) {
        for (CaseEvent e : t.events()) {
          producer.send(new ProducerRecord<>("alerts", e.caseId(), CaseJson.eventBytes(e))).get();
        }
        CaseRecord r = t.record();
        producer.send(new ProducerRecord<>("cases", r.caseId(), CaseJson.recordBytes(r))).get();
      }
    }
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
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kafka", kafka.bootstrapServers(), "--timeout", "20"));
    int code = cl.execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void listShowsOpenCasesAsJsonAndFilters() throws Exception {
    Result r = run("tasks", "list", "--json");
    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode c = JSON.readTree(lines.get(0));
    assertThat(c.path("caseId").asText()).isEqualTo(so2Case);
    assertThat(c.path("status").asText()).isEqualTo("ASSIGNED");
    assertThat(c.path("assignee").asText()).isEqualTo("hanbin-team-2");
    assertThat(c.path("count").asInt()).isEqualTo(2);
    assertThat(c.path("department").asText()).isEqualTo("ECOLOGY_ENVIRONMENT");
    assertThat(c.path("key").path("subject").asText()).isEqualTo("DA001");
    assertThat(c.path("dueTime").asText()).isEqualTo("2025-03-11T01:00:00Z");

    Result closed = run("tasks", "list", "--status", "CLOSED", "--json");
    assertThat(closed.out().lines().toList())
        .singleElement()
        .satisfies(
            l -> {
              JsonNode n = JSON.readTree(l);
              assertThat(n.path("caseId").asText()).isEqualTo(flatCase);
              assertThat(n.path("outcome").asText()).isEqualTo("DEVICE_FAULT");
              assertThat(n.path("version").asInt()).isEqualTo(2);
              assertThat(n.path("department").asText()).isEqualTo("ECOLOGY_ENVIRONMENT_MONITORING");
            });
    assertThat(run("tasks", "list", "--county", "Xunyang", "--json").out()).isEmpty();
    assertThat(run("tasks", "list", "--department", "INDUSTRY_IT_AND_DRC", "--json").out())
        .isEmpty();

    Result table = run("tasks", "list", "--county", "hanbin");
    assertThat(table.out())
        .contains(so2Case)
        .contains("ASSIGNED")
        .contains("Ankang Power")
        .contains("2025-03-11 09:00")
        .contains("Ecology and Environment Bureau")
        // the worst hour: 35 * 1.7 = 59.5 mg/m3 against 35, 70 % above
        .contains("59.5 mg/m3 vs limit 35 (+70 %)")
        .endsWith("1 case(s); ! = overdue\n");
  }

  @Test
  void actionsGoToTheActionsTopicWithTheCaseKey() throws Exception {
    int before = actions().size();
    assertThat(run("tasks", "ack", so2Case, "--actor", "li").code()).isZero();
    Result close =
        run(
            "tasks",
            "close",
            so2Case,
            "--outcome",
            "CONFIRMED_VIOLATION",
            "--comment",
            "sampled on site",
            "--actor",
            "li",
            "--json");
    assertThat(close.code()).isZero();
    assertThat(run("tasks", "comment", so2Case, "flue", "gas", "sampled", "--actor", "li").code())
        .isZero();
    assertThat(run("tasks", "extend", so2Case, "--months", "2", "--actor", "drc").code()).isZero();
    assertThat(run("tasks", "assign", so2Case, "--to", "team-9", "--actor", "duty").code())
        .isZero();
    List<CaseAction> sent = actions().subList(before, before + 5);
    assertThat(sent)
        .extracting(CaseAction::type)
        .containsExactly(
            CaseActionType.ACK,
            CaseActionType.CLOSE,
            CaseActionType.COMMENT,
            CaseActionType.EXTEND,
            CaseActionType.ASSIGN);
    assertThat(sent).extracting(CaseAction::caseId).containsOnly(so2Case);
    assertThat(sent).extracting(CaseAction::key).containsOnly(SO2);
    assertThat(sent.get(1).outcome()).isEqualTo(CaseOutcome.CONFIRMED_VIOLATION);
    assertThat(sent.get(1).comment()).isEqualTo("sampled on site");
    assertThat(sent.get(2).comment()).isEqualTo("flue gas sampled");
    assertThat(sent.get(3).extendMonths()).isEqualTo(2);
    assertThat(sent.get(4).assignee()).isEqualTo("team-9");
    assertThat(JSON.readTree(close.out()).path("type").asText()).isEqualTo("CLOSE");
  }

  @Test
  void anUnknownCaseIsRefusedAndWaitingWithoutAJobTimesOut() {
    Result r = run("tasks", "ack", "E1-000000000000");
    assertThat(r.code()).isEqualTo(TasksCommand.UNKNOWN_CASE);
    assertThat(r.err()).startsWith("unknown case E1-000000000000: it is not on topic cases");
    Result w = run("tasks", "ack", so2Case, "--wait", "1");
    assertThat(w.code()).isEqualTo(TasksCommand.NO_ANSWER);
    assertThat(w.err()).contains("no answer for " + so2Case + " within 1 s");
  }

  static List<CaseAction> actions() throws Exception {
    List<CaseAction> out = new ArrayList<>();
    for (var r :
        CommittedTopicReader.readAll(
            kafka.bootstrapServers(), "case.actions", Duration.ofSeconds(20))) {
      CaseAction a = CaseJson.readAction(r.value());
      assertThat(r.key()).isEqualTo(a.caseId());
      out.add(a);
    }
    return out;
  }
}
