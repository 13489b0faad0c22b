package io.meterwatch.jobs.cases;

import io.meterwatch.connectors.influx.InfluxPoints;
import io.meterwatch.connectors.influx.InfluxSink;
import io.meterwatch.connectors.influx.InfluxWriter;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.jobs.MonitoringJobMain;
import io.meterwatch.jobs.ProduceTimeRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The case part of the monitoring job: rule events and team actions in, case events out to the
 * {@code alerts} topic (exactly-once) and to InfluxDB. The monitoring job calls {@link
 * #attach(DataStream)} with its rule-event stream; tests call it with a bounded one.
 *
 * <pre>
 * ruleEvents ──keyBy(caseKey)──┐
 *                              ├─ CaseManagerFunction ─┬─ alerts sink (Kafka, exactly-once)
 * actions source ─ parse ─keyBy(action.key)──┘          ├─ InfluxDB sink (case_event)
 *                    └─ unreadable → ACTION_REJECTED ──┘
 *                                 CASE_RECORDS side output ─ cases sink (Kafka, compacted,
 *                                                            exactly-once)
 * </pre>
 */
public final class CasePipeline {
  /** The case-event topic. */
  public static final String ALERTS_TOPIC = "alerts";

  /** The compacted case-state topic: each case's whole current state, key = case id. */
  public static final String CASES_TOPIC = "cases";

  /** The team-action topic. */
  public static final String ACTIONS_TOPIC = "case.actions";

  /**
   * How long the action input may stay silent before it stops holding back event time: without
   * actions the case manager's watermark would otherwise never advance and no OVERDUE would fire.
   */
  public static final Duration ACTIONS_IDLENESS = Duration.ofSeconds(5);

  private final Source<String, ?, ?> actionsSource;
  private final Sink<CaseEvent> alertsSink;
  private final Sink<CaseEvent> influxSink;
  private final Sink<CaseRecord> casesSink;
  private final CasePolicy policy;
  private final EnterpriseNames enterpriseNames;

  /**
   * @param actionsSource team actions as JSON ({@link #kafkaActionsSource})
   * @param alertsSink where case events go ({@link #kafkaAlertsSink})
   * @param influxSink case events to InfluxDB ({@link #influxCaseEvents}), or {@code null}
   * @param policy lifecycle tunables ({@link CasePolicy#defaults()})
   * @param enterpriseNames the name a case opens with ({@link EnterpriseNames#inForce})
   */
  public CasePipeline(
      Source<String, ?, ?> actionsSource,
      Sink<CaseEvent> alertsSink,
      Sink<CaseEvent> influxSink,
      CasePolicy policy,
      EnterpriseNames enterpriseNames) {
    this(actionsSource, alertsSink, null, influxSink, policy, enterpriseNames);
  }

  /**
   * @param actionsSource team actions as JSON ({@link #kafkaActionsSource})
   * @param alertsSink where case events go ({@link #kafkaAlertsSink})
   * @param casesSink where each case's whole state goes after every change ({@link
   *     #kafkaCasesSink}), or {@code null}
   * @param influxSink case events to InfluxDB ({@link #influxCaseEvents}), or {@code null}
   * @param policy lifecycle tunables ({@link CasePolicy#defaults()})
   * @param enterpriseNames the name a case opens with ({@link EnterpriseNames#inForce})
   */
  public CasePipeline(
      Source<String, ?, ?> actionsSource,
      Sink<CaseEvent> alertsSink,
      Sink<CaseRecord> casesSink,
      Sink<CaseEvent> influxSink,
      CasePolicy policy,
      EnterpriseNames enterpriseNames) {
    this.actionsSource = Objects.requireNonNull(actionsSource, "actionsSource");
    this.alertsSink = Objects.requireNonNull(alertsSink, "alertsSink");
    this.casesSink = casesSink;
    this.influxSink = influxSink;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.enterpriseNames = Objects.requireNonNull(enterpriseNames, "enterpriseNames");
  }

  /**
   * Adds the case manager and its sinks behind {@code ruleEvents} (which must carry event-time
   * timestamps and watermarks) and returns the case-event stream.
   */
  public DataStream<CaseEvent> attach(DataStream<RuleEvent> ruleEvents) {
    var env = ruleEvents.getExecutionEnvironment();
    SingleOutputStreamOperator<CaseAction> actions =
        env.fromSource(actionsSource, WatermarkStrategy.noWatermarks(), "case actions")
            .uid("case-actions-source")
            .process(new CaseActionParser())
            .uid("case-actions-parse")
            .name("parse case actions");
    DataStream<CaseAction> timedActions =
        actions
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<CaseAction>forMonotonousTimestamps()
                    .withTimestampAssigner((a, ts) -> a.time().toEpochMilli())
                    .withIdleness(ACTIONS_IDLENESS))
            .uid("case-actions-time")
            .name("action time");
    SingleOutputStreamOperator<CaseEvent> managed =
        ruleEvents
            .keyBy(e -> e.key().asString())
            .connect(timedActions.keyBy(a -> a.key().asString()))
            .process(
                new CaseManagerFunction(policy, enterpriseNames),
                TypeInformation.of(CaseEvent.class))
            .uid("case-manager")
            .name("case manager");
    if (casesSink != null) {
      managed
          .getSideOutput(CaseManagerFunction.CASE_RECORDS)
          .sinkTo(casesSink)
          .uid("cases-sink")
          .name("cases");
    }
    DataStream<CaseEvent> events = managed.union(actions.getSideOutput(CaseActionParser.REJECTED));
    events.sinkTo(alertsSink).uid("alerts-sink").name("alerts");
    if (influxSink != null) {
      events.sinkTo(influxSink).uid("influx-case-events").name("influx case_event");
    }
    return events;
  }

  /**
   * The exactly-once Kafka sink for case events: key = case id, value = {@link CaseJson} JSON,
   * Kafka transactions committed on checkpoints.
   *
   * @param transactionalIdPrefix unique per job (two jobs sharing it abort each other's
   *     transactions)
   */
  public static KafkaSink<CaseEvent> kafkaAlertsSink(
      String bootstrapServers, String topic, String transactionalIdPrefix) {
    return kafkaAlertsSink(
        MonitoringJobMain.kafkaClient(bootstrapServers), topic, transactionalIdPrefix);
  }

  /** {@link #kafkaAlertsSink} with whole Kafka client properties (bootstrap and security). */
  public static KafkaSink<CaseEvent> kafkaAlertsSink(
      Properties client, String topic, String transactionalIdPrefix) {
    return KafkaSink.<CaseEvent>builder()
        .setKafkaProducerConfig(MonitoringJobMain.copy(client))
        .setRecordSerializer(new ProduceTimeRecords<>(topic, new CaseIdKey(), new CaseEventJson()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        // Kafka brokers cap transactions at transaction.max.timeout.ms (15 min by default); the
        // client default of the Flink sink (1 h) would be refused. 10 min covers a checkpoint
        // interval plus a slow InfluxDB flush.
        .setProperty("transaction.timeout.ms", "600000")
        .build();
  }

  /**
   * The exactly-once Kafka sink for case states ({@link #CASES_TOPIC}, compacted): key = case id,
   * value = {@link CaseJson#recordBytes} JSON, committed on the same checkpoints as the alerts.
   *
   * @param transactionalIdPrefix unique per job and sink
   */
  public static KafkaSink<CaseRecord> kafkaCasesSink(
      String bootstrapServers, String topic, String transactionalIdPrefix) {
    return kafkaCasesSink(
        MonitoringJobMain.kafkaClient(bootstrapServers), topic, transactionalIdPrefix);
  }

  /** {@link #kafkaCasesSink} with whole Kafka client properties (bootstrap and security). */
  public static KafkaSink<CaseRecord> kafkaCasesSink(
      Properties client, String topic, String transactionalIdPrefix) {
    return KafkaSink.<CaseRecord>builder()
        .setKafkaProducerConfig(MonitoringJobMain.copy(client))
        .setRecordSerializer(
            new ProduceTimeRecords<>(
                topic,
                (SerializationSchema<CaseRecord>) r -> r.caseId().getBytes(StandardCharsets.UTF_8),
                (SerializationSchema<CaseRecord>) CaseJson::recordBytes))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", "600000")
        .build();
  }

  /**
   * Team actions from Kafka (values as JSON strings), from the committed group offsets or the
   * earliest offset for a new group, read committed.
   */
  public static KafkaSource<String> kafkaActionsSource(
      String bootstrapServers, String topic, String groupId) {
    return kafkaActionsSource(MonitoringJobMain.kafkaClient(bootstrapServers), topic, groupId);
  }

  /** {@link #kafkaActionsSource} with whole Kafka client properties (bootstrap and security). */
  public static KafkaSource<String> kafkaActionsSource(
      Properties client, String topic, String groupId) {
    return KafkaSource.<String>builder()
        .setProperties(client)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(
            OffsetsInitializer.committedOffsets(
                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setValueOnlyDeserializer(
            new org.apache.flink.api.common.serialization.SimpleStringSchema())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  /** The Kafka key of a case event: its case id (so one case's events stay in one partition). */
  static final class CaseIdKey implements SerializationSchema<CaseEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(CaseEvent e) {
      return e.caseId().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The Kafka value of a case event: {@link CaseJson} JSON. */
  static final class CaseEventJson implements SerializationSchema<CaseEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(CaseEvent e) {
      return CaseJson.eventBytes(e);
    }
  }

  /** Case events to InfluxDB (measurement {@code case_event}). */
  public static InfluxSink<CaseEvent> influxCaseEvents(InfluxWriter.Settings settings) {
    return new InfluxSink<>(settings, InfluxPoints::caseEvent);
  }
}
