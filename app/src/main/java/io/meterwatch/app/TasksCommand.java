package io.meterwatch.app;

import io.meterwatch.connectors.kafka.CaseActionSender;
import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseOutcome;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseStates;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Department;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.jobs.KafkaClientOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meterwatch tasks}: verification cases for the teams that own them. {@code list} reads the
 * compacted {@code cases} topic (read committed), each case's whole current state; {@code ack},
 * {@code assign}, {@code comment}, {@code close} and {@code extend} send a team action to {@code
 * case.actions} and, with {@code --wait}, follow {@code alerts} for the case manager's answer.
 * docs/cases.md describes the workflow.
 */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Verification cases: list them, act on them (see docs/cases.md).",
    subcommands = {
      TasksCommand.ListCases.class,
      TasksCommand.Ack.class,
      TasksCommand.Assign.class,
      TasksCommand.Comment.class,
      TasksCommand.Close.class,
      TasksCommand.Extend.class
    })
final class TasksCommand implements Runnable {
  /** Exit status: the case id is not on the alerts topic. */
  static final int UNKNOWN_CASE = 1;

  /** Exit status: the case manager rejected the action (only with --wait). */
  static final int REJECTED = 3;

  /** Exit status: no answer from the case manager within --wait. */
  static final int NO_ANSWER = 4;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every tasks subcommand shares. */
  static final class KafkaOptions {
    @Option(
        names = "--kafka",
        paramLabel = "BOOTSTRAP",
        defaultValue = "127.0.0.1:9092",
        description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Mixin KafkaClientOptions config = new KafkaClientOptions();

    /** {@code bootstrap.servers} and the {@code --kafka-config} settings. */
    Properties client() {
      return config.client(bootstrap);
    }

    @Option(
        names = "--alerts-topic",
        defaultValue = "alerts",
        description = "Case-event topic (default ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(
        names = "--cases-topic",
        defaultValue = "cases",
        description = "Case-state topic, compacted (default ${DEFAULT-VALUE}).")
    String casesTopic;

    @Option(
        names = "--zone",
        defaultValue = "Asia/Shanghai",
        description = "Zone for printed times (default ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(
        names = "--timeout",
        defaultValue = "30",
        description = "Seconds to wait for Kafka (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    CaseStates board() {
      CaseStates board = new CaseStates();
      for (ConsumerRecord<String, byte[]> r :
          CommittedTopicReader.readAll(client(), casesTopic, Duration.ofSeconds(timeoutSeconds))) {
        try {
          board.apply(CaseJson.readRecord(r.value()));
        } catch (RejectedInputException e) {
          // not a case record (a foreign producer): nothing to show
        }
      }
      return board;
    }

    /**
     * A read-committed consumer of {@code alerts} positioned at its end now: it sees only the
     * events published after this call (the answer to an action about to be sent).
     */
    KafkaConsumer<String, byte[]> followAlerts() {
      Properties p = client();
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
      p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
      Duration timeout = Duration.ofSeconds(timeoutSeconds);
      List<TopicPartition> partitions =
          c.partitionsFor(alertsTopic, timeout).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(partitions);
      c.seekToEnd(partitions);
      partitions.forEach(tp -> c.position(tp, timeout));
      return c;
    }
  }

  /** {@code tasks list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Show current cases, most urgent due time first (closed ones with --status CLOSED).")
  static final class ListCases implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @Option(names = "--county", description = "Only this county.")
    String county;

    @Option(names = "--department", description = "Only this department: ${COMPLETION-CANDIDATES}.")
    Department department;

    @Option(names = "--status", description = "Only this status: ${COMPLETION-CANDIDATES}.")
    CaseStatus status;

    @Option(names = "--json", description = "One JSON object per case and line, for scripts.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<CaseRecord> cases = kafka.board().list(county, department, status);
      if (json) {
        for (CaseRecord c : cases) {
          out.println(CaseJson.caseJson(c));
        }
      } else {
        printTable(out, cases, kafka.zone);
      }
      out.flush();
      return 0;
    }

    static void printTable(PrintWriter out, List<CaseRecord> cases, ZoneId zone) {
      DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
      String fmt = "%-16s %-12s %-16s %-4s %-10s %-20s %-8s %-7s %5s %-17s %-20s %-40s %s%n";
      out.printf(
          Locale.ROOT,
          fmt,
          "CASE",
          "STATUS",
          "SEVERITY",
          "RULE",
          "COUNTY",
          "ENTERPRISE",
          "SUBJECT",
          "PARAM",
          "COUNT",
          "DUE",
          "ASSIGNEE",
          "DEPARTMENT",
          "WORST");
      for (CaseRecord c : cases) {
        out.printf(
            Locale.ROOT,
            fmt,
            c.caseId(),
            c.status(),
            c.severity(),
            c.key().rule(),
            c.county(),
            c.enterpriseName() != null ? c.enterpriseName() : c.key().enterprise(),
            c.key().subject(),
            c.parametersText(),
            c.count(),
            (c.dueTime() == null ? "-" : f.format(c.dueTime())) + (c.overdue() ? " !" : ""),
            c.assignee() == null ? "-" : c.assignee(),
            c.department() == null ? "-" : c.department().nameEn(),
            c.worst() == null ? "-" : c.worst().figures());
      }
      out.printf(Locale.ROOT, "%d case(s); ! = overdue%n", cases.size());
    }
  }

  /** Shared part of the action subcommands: resolve the case, send, optionally wait. */
  abstract static class ActionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @Parameters(index = "0", paramLabel = "CASE_ID", description = "The case id.")
    String caseId;

    @Option(
        names = "--actions-topic",
        defaultValue = "case.actions",
        description = "Team-action topic (default ${DEFAULT-VALUE}).")
    String actionsTopic;

    @Option(
        names = "--actor",
        description = "Who acts (default: the login name).",
        defaultValue = "${sys:user.name}")
    String actor;

    @Option(
        names = "--wait",
        defaultValue = "0",
        description =
            "Seconds to wait for the case manager's answer on the alerts topic (0: do not wait).")
    int waitSeconds;

    @Option(names = "--json", description = "Print the sent action (and the answer) as JSON.")
    boolean json;

    @Option(names = "--comment", description = "Optional remark.")
    String remark;

    abstract CaseActionType type();

    String assignee() {
      return null;
    }

    String comment() {
      return remark;
    }

    CaseOutcome outcome() {
      return null;
    }

    Integer extendMonths() {
      return null;
    }

    /** The action of this subcommand for a case. */
    CaseAction action(CaseRecord c, Instant now) {
      return new CaseAction(
          c.caseId(),
          c.key(),
          type(),
          now,
          actor,
          assignee(),
          comment(),
          outcome(),
          extendMonths());
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<CaseRecord> found = kafka.board().get(caseId);
      if (found.isEmpty()) {
        err.printf(
            "unknown case %s: it is not on topic %s at %s (meterwatch tasks list shows the cases)%n",
            caseId, kafka.casesTopic, kafka.bootstrap);
        err.flush();
        return UNKNOWN_CASE;
      }
      // Millisecond precision: the answer's event time is compared with it.
      CaseAction a = action(found.get(), Instant.ofEpochMilli(System.currentTimeMillis()));
      if (waitSeconds <= 0) {
        send(a);
        printSent(a, out);
        return 0;
      }
      try (KafkaConsumer<String, byte[]> answers = kafka.followAlerts()) {
        send(a);
        printSent(a, out);
        return awaitAnswer(a, answers, out, err);
      }
    }

    private void printSent(CaseAction a, PrintWriter out) {
      if (json) {
        out.println(new String(CaseJson.actionBytes(a), StandardCharsets.UTF_8));
      } else {
        out.printf("sent %s for %s to %s%n", a.type(), a.caseId(), actionsTopic);
      }
      out.flush();
    }

    private void send(CaseAction a) throws Exception {
      try (CaseActionSender sender =
          new CaseActionSender(
              kafka.client(), actionsTopic, Duration.ofSeconds(kafka.timeoutSeconds))) {
        sender.send(a);
      }
    }

    private int awaitAnswer(
        CaseAction a, KafkaConsumer<String, byte[]> answers, PrintWriter out, PrintWriter err) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : answers.poll(Duration.ofMillis(500))) {
          CaseEvent e;
          try {
            e = CaseJson.readEvent(r.value());
          } catch (RejectedInputException bad) {
            continue;
          }
          if (a.caseId().equals(e.caseId())
              && a.time().equals(e.eventTime())
              && e.actor() != null
              && e.actor().equals(a.actor())) {
            if (json) {
              out.println(new String(CaseJson.eventBytes(e), StandardCharsets.UTF_8));
            } else {
              out.printf(
                  "%s: %s%s%n",
                  e.type(), e.status(), e.note() == null ? "" : " (" + e.note() + ")");
            }
            out.flush();
            return e.type() == CaseEventType.ACTION_REJECTED ? REJECTED : 0;
          }
        }
      }
      err.printf("no answer for %s within %d s (is the job running?)%n", a.caseId(), waitSeconds);
      err.flush();
      return NO_ANSWER;
    }
  }

  /** {@code tasks ack}. */
  @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge a case.")
  static final class Ack extends ActionCommand {
    @Override
    CaseActionType type() {
      return CaseActionType.ACK;
    }
  }

  /** {@code tasks assign}. */
  @Command(
      name = "assign",
      mixinStandardHelpOptions = true,
      description = "Assign a case to a team or a person.")
  static final class Assign extends ActionCommand {
    @Option(
        names = "--to",
        required = true,
        paramLabel = "TEAM_OR_PERSON",
        description = "Assignee.")
    String assignee;

    @Override
    CaseActionType type() {
      return CaseActionType.ASSIGN;
    }

    @Override
    String assignee() {
      return assignee;
    }
  }

  /** {@code tasks comment}. */
  @Command(name = "comment", mixinStandardHelpOptions = true, description = "Add a note to a case.")
  static final class Comment extends ActionCommand {
    @Parameters(index = "1..*", paramLabel = "TEXT", description = "The note.")
    List<String> words = new ArrayList<>();

    @Override
    CaseActionType type() {
      return CaseActionType.COMMENT;
    }

    @Override
    String comment() {
      String text = String.join(" ", words);
      return remark == null ? text : text + " " + remark;
    }
  }

  /** {@code tasks close}. */
  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = "Close a case with the verification's outcome.")
  static final class Close extends ActionCommand {
    @Option(names = "--outcome", required = true, description = "${COMPLETION-CANDIDATES}")
    CaseOutcome outcome;

    @Override
    CaseActionType type() {
      return CaseActionType.CLOSE;
    }

    @Override
    CaseOutcome outcome() {
      return outcome;
    }
  }

  /** {@code tasks extend}. */
  @Command(
      name = "extend",
      mixinStandardHelpOptions = true,
      description = "Extend an energy-quota rectification deadline (once, at most 3 months).")
  static final class Extend extends ActionCommand {
    @Option(names = "--months", required = true, description = "Months to add (1..3).")
    int months;

    @Override
    CaseActionType type() {
      return CaseActionType.EXTEND;
    }

    @Override
    Integer extendMonths() {
      return months;
    }
  }
}
