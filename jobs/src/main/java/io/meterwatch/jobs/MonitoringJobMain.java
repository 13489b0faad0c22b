package io.meterwatch.jobs;

import io.meterwatch.connectors.influx.InfluxPoints;
import io.meterwatch.connectors.influx.InfluxSink;
import io.meterwatch.connectors.influx.InfluxWriter;
import io.meterwatch.connectors.kafka.KafkaClientConfig;
import io.meterwatch.connectors.registry.RegistryTopic;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.config.ConfigException;
import io.meterwatch.core.config.SecretRef;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.cases.CasePipeline;
import io.meterwatch.jobs.cases.EnterpriseNames;
import io.meterwatch.jobs.source.ConsumedReading;
import io.meterwatch.jobs.source.ReadingDeserializer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of the shaded job jar ({@code flink run meterwatch-jobs.jar --kafka ...}): reads the
 * {@link JobArguments} (the same options as {@code meterwatch job}) and runs the {@link
 * MonitoringJob} on Kafka and InfluxDB, with the case manager ({@link CasePipeline}) behind it.
 */
@Command(
    name = "meterwatch-jobs.jar",
    mixinStandardHelpOptions = true,
    versionProvider = JobVersion.class,
    description = "The meterwatch monitoring job (docs/operations.md, docs/rules.md).")
public final class MonitoringJobMain implements Callable<Integer> {

  @Mixin JobArguments arguments;

  @Spec CommandSpec spec;

  /** Runs the job; a user error exits with status 2 and one line, anything else is thrown. */
  public static void main(String[] args) throws Exception {
    int status = commandLine(new MonitoringJobMain()).execute(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  @Override
  public Integer call() throws Exception {
    Prepared p =
        prepare(
            arguments.options(),
            null,
            spec.commandLine(),
            StreamExecutionEnvironment::getExecutionEnvironment);
    // after the checks: a user error prints its one line only
    spec.commandLine().getOut().println(JobVersion.line());
    spec.commandLine().getOut().flush();
    if (p.stateDir() == null) {
      p.env().execute(JOB_NAME); // on a cluster: Flink's client reports a failure
      return 0;
    }
    return p.runSingleNode(spec.commandLine());
  }

  /**
   * A job wired and ready to run.
   *
   * @param env the environment with the job
   * @param stateDir the single node's state directory, {@code null} on a cluster
   * @param resumedFrom the checkpoint the job resumes from, if any
   */
  public record Prepared(
      StreamExecutionEnvironment env, Path stateDir, Optional<Path> resumedFrom) {

    /**
     * Runs the single node's job until it ends ({@link SingleNodeRun}); a state that cannot be
     * restored ends it with one line on {@code cl}'s error stream, naming its command.
     *
     * @return 0 when the job ended normally, 1 when it failed or could not restore its state
     */
    public int runSingleNode(CommandLine cl) throws InterruptedException {
      return SingleNodeRun.execute(
          env, resumedFrom, stateDir, cl.getCommandSpec().qualifiedName(), cl.getErr());
    }
  }

  /** The name of the job in Flink. */
  public static final String JOB_NAME = "meterwatch monitoring";

  /**
   * The command line for {@code command}: user errors as {@link OneLineErrors}; a failure of the
   * job itself is rethrown to the caller (Flink's client prints it with its cause).
   */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setParameterExceptionHandler(new OneLineErrors())
        .setExecutionExceptionHandler(
            (e, cl, parsed) -> {
              throw e;
            });
  }

  /**
   * Reads job arguments as {@code main} does.
   *
   * @throws ParameterException naming the option
   */
  public static JobOptions parse(String... args) {
    MonitoringJobMain main = new MonitoringJobMain();
    new CommandLine(main).parseArgs(args);
    return main.arguments.options();
  }

  /**
   * Everything before the job runs, in the order that stops a bad start soonest: the registry file,
   * the Kafka topics ({@link JobTopics}), the state directory ({@link StateDir}); then the job
   * wired into the environment that {@code environment} makes from the configuration.
   *
   * @param defaultStateDir the state directory without {@code --state-dir}, or {@code null}
   * @throws ParameterException on {@code cl}: one line naming the option or file
   */
  public static Prepared prepare(
      JobOptions options,
      Path defaultStateDir,
      CommandLine cl,
      Function<Configuration, StreamExecutionEnvironment> environment)
      throws Exception {
    SiteRegistry registry;
    try {
      registry = loadRegistry(options);
    } catch (ConfigException e) {
      throw new ParameterException(cl, "--registry: " + String.join("; ", e.errors()));
    }
    checkTopics(options, cl);
    try {
      ensureRegistryTopic(options);
    } catch (IllegalStateException e) {
      // a missing topic that the principal may not create, or no answer: one line, as above
      String refused = KafkaClientConfig.explain(e);
      throw new ParameterException(
          cl,
          "--registry-topic "
              + options.registryTopic()
              + ": "
              + (refused != null ? refused : e.getMessage()));
    }
    Configuration conf = new Configuration();
    Path stateDir = options.stateDir() != null ? options.stateDir() : defaultStateDir;
    String name = cl.getCommandSpec().qualifiedName();
    Optional<Path> resume = Optional.empty();
    if (stateDir != null) {
      try {
        resume = StateDir.configure(conf, stateDir);
      } catch (UncheckedIOException e) {
        throw new ParameterException(cl, "--state-dir: " + e.getMessage());
      }
      cl.getOut()
          .println(
              resume
                  .map(chk -> name + ": resuming from " + chk)
                  .orElse(name + ": no checkpoint in " + stateDir + ", starting empty"));
      cl.getOut().flush();
    }
    StreamExecutionEnvironment env = environment.apply(conf);
    wire(options, registry, env);
    return new Prepared(env, stateDir, resume);
  }

  /**
   * Stops a start against a Kafka without the job's topics (the sources and sinks would fail over
   * in a loop), or creates them with {@code --create-topics}.
   */
  static void checkTopics(JobOptions o, CommandLine cl) throws InterruptedException {
    List<String> missing;
    try {
      missing = JobTopics.missing(o.kafkaClient(), JobTopics.of(o), o.createTopics());
    } catch (IllegalStateException e) {
      throw new ParameterException(cl, "--kafka: " + e.getMessage());
    }
    if (!missing.isEmpty()) {
      throw new ParameterException(
          cl,
          "--kafka "
              + o.kafka()
              + " has no topic "
              + String.join(", ", missing)
              + ": create them as docs/operations.md (section 1) shows, or add --create-topics");
    }
  }

  private static SiteRegistry loadRegistry(JobOptions o) {
    return o.registry() == null ? RegistryLoader.loadDefault() : RegistryLoader.load(o.registry());
  }

  /**
   * Creates the registry topic the job follows when it does not exist: the job reads it from its
   * start (a first publish creates it too). Called when the job is about to run, not when it is
   * only wired.
   */
  public static void ensureRegistryTopic(JobOptions options) {
    if (options.registryTopic() != null) {
      new RegistryTopic(options.kafkaClient(), options.registryTopic(), REGISTRY_TIMEOUT)
          .ensureTopic();
    }
  }

  /** Wires the job for {@code options} into {@code env} without running it. */
  public static MonitoringJob.Streams wire(JobOptions o, StreamExecutionEnvironment env)
      throws Exception {
    return wire(o, loadRegistry(o), env);
  }

  private static MonitoringJob.Streams wire(
      JobOptions o, SiteRegistry registry, StreamExecutionEnvironment env) throws Exception {
    // the operators are serialized into the job graph; device passwords are the bridge's business
    registry = registry.withoutPasswords();
    if (o.parallelism() > 0) {
      env.setParallelism(o.parallelism());
    }
    env.enableCheckpointing(o.checkpointInterval().toMillis());
    InfluxWriter.Settings influx = null;
    if (o.influxUrl() != null) {
      InfluxWriter.Builder b =
          InfluxWriter.builder().url(o.influxUrl()).database(o.influxDatabase());
      if (o.influxUser() != null) {
        // the sinks carry where the password is, not the password (docs/security.md)
        b.credentials(
            o.influxUser(),
            o.influxPassword() == null
                ? SecretRef.env(InfluxWriter.PASSWORD_ENV)
                : SecretRef.local(o.influxPassword(), InfluxWriter.PASSWORD_ENV));
      }
      influx = b.settings();
    }
    Sink<RuleEvent> ruleSink =
        influx == null ? new DiscardingSink<>() : new InfluxSink<>(influx, InfluxPoints::ruleEvent);
    Sink<HourlyValue> hourlySink =
        influx == null
            ? new DiscardingSink<>()
            : new InfluxSink<>(influx, InfluxPoints::hourlyValue);
    KafkaSource<byte[]> registryVersions = null;
    if (o.registryTopic() != null) {
      registryVersions = registrySource(o.kafkaClient(), o.registryTopic(), o.groupId(), false);
    }
    MonitoringJob job =
        new MonitoringJob(
            kafkaSource(
                o.kafkaClient(),
                o.readingsTopic(),
                o.groupId(),
                o.settings().calendar(),
                o.maxFutureSkew(),
                false),
            registryVersions,
            registry,
            o.settings(),
            ruleSink,
            hourlySink,
            deadLetterSink(o.kafkaClient(), o.deadLetterTopic(), o.settings().calendar()));
    MonitoringJob.Streams streams = job.wire(env);
    if (o.cases()) {
      new CasePipeline(
              CasePipeline.kafkaActionsSource(
                  o.kafkaClient(), CasePipeline.ACTIONS_TOPIC, o.groupId() + "-actions"),
              CasePipeline.kafkaAlertsSink(
                  o.kafkaClient(), CasePipeline.ALERTS_TOPIC, o.groupId() + "-alerts"),
              CasePipeline.kafkaCasesSink(
                  o.kafkaClient(), CasePipeline.CASES_TOPIC, o.groupId() + "-cases"),
              influx == null ? null : CasePipeline.influxCaseEvents(influx),
              CasePolicy.defaults(),
              EnterpriseNames.inForce(
                  streams.registryChannel() == null
                      ? registry
                      : registry.following(streams.registryChannel())))
          .attach(streams.ruleEvents());
    }
    return streams;
  }

  /**
   * The readings source: {@code topic} from the group's committed offsets (the earliest for a new
   * group), decoded once by {@link ReadingDeserializer}; {@code bounded} stops at the offsets that
   * are latest when the job starts (tests, benchmarks, back-fill runs).
   */
  public static KafkaSource<ConsumedReading> kafkaSource(
      String bootstrap, String topic, String groupId, LocalCalendar calendar, boolean bounded) {
    return kafkaSource(
        bootstrap, topic, groupId, calendar, ReadingJson.DEFAULT_MAX_FUTURE_SKEW, bounded);
  }

  /** {@link #kafkaSource}, rejecting data times more than {@code maxFutureSkew} ahead. */
  public static KafkaSource<ConsumedReading> kafkaSource(
      String bootstrap,
      String topic,
      String groupId,
      LocalCalendar calendar,
      Duration maxFutureSkew,
      boolean bounded) {
    return kafkaSource(kafkaClient(bootstrap), topic, groupId, calendar, maxFutureSkew, bounded);
  }

  /** {@link #kafkaSource} with whole Kafka client properties (bootstrap and security). */
  public static KafkaSource<ConsumedReading> kafkaSource(
      Properties client,
      String topic,
      String groupId,
      LocalCalendar calendar,
      Duration maxFutureSkew,
      boolean bounded) {
    var b =
        KafkaSource.<ConsumedReading>builder()
            .setProperties(client)
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new ReadingDeserializer(calendar, maxFutureSkew))
            // The bridge writes with transactions off, but a producer that uses them must not
            // leak aborted readings into the windows.
            .setProperty("isolation.level", "read_committed");
    if (bounded) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(30);

  /** Client properties with {@code bootstrap.servers} alone. */
  public static Properties kafkaClient(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    return p;
  }

  /**
   * The registry versions source: every record of the registry topic from its start (a restored job
   * resumes from its checkpointed offset), committed records only, as raw values for {@link
   * io.meterwatch.jobs.registry.RegistryGate} to read and validate.
   */
  public static KafkaSource<byte[]> registrySource(
      String bootstrap, String topic, String groupId, boolean bounded) {
    return registrySource(kafkaClient(bootstrap), topic, groupId, bounded);
  }

  /** {@link #registrySource} with whole Kafka client properties. */
  public static KafkaSource<byte[]> registrySource(
      Properties client, String topic, String groupId, boolean bounded) {
    var b =
        KafkaSource.<byte[]>builder()
            .setProperties(client)
            .setTopics(topic)
            .setGroupId(groupId + "-registry")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new RegistryRecordDeserializer())
            .setProperty("isolation.level", "read_committed");
    if (bounded) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  /** A copy: the sink builders keep and change the properties they are given. */
  public static Properties copy(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    return p;
  }

  /**
   * Record values as they are; a tombstone as an empty value, which the gate skips as unreadable.
   */
  static final class RegistryRecordDeserializer
      implements KafkaRecordDeserializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(
        org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record,
        org.apache.flink.util.Collector<byte[]> out) {
      out.collect(record.value() == null ? new byte[0] : record.value());
    }

    @Override
    public org.apache.flink.api.common.typeinfo.TypeInformation<byte[]> getProducedType() {
      return org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
          .BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
  }

  /** Dead letters as {@link DeadLetterJson}; a named class so Flink can see its type. */
  static final class DeadLetterSerializer implements SerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final DeadLetterJson json;

    DeadLetterSerializer(LocalCalendar calendar) {
      this.json = new DeadLetterJson(calendar);
    }

    @Override
    public byte[] serialize(DeadLetter d) {
      return json.write(d);
    }
  }

  /**
   * The dead-letter sink: {@link DeadLetterJson} records on {@code topic}. At-least-once: a dead
   * letter repeated after a restore is harmless, one lost is not.
   */
  public static KafkaSink<DeadLetter> deadLetterSink(
      String bootstrap, String topic, LocalCalendar calendar) {
    return deadLetterSink(kafkaClient(bootstrap), topic, calendar);
  }

  /** {@link #deadLetterSink} with whole Kafka client properties. */
  public static KafkaSink<DeadLetter> deadLetterSink(
      Properties client, String topic, LocalCalendar calendar) {
    return KafkaSink.<DeadLetter>builder()
        .setKafkaProducerConfig(copy(client))
        .setRecordSerializer(
            new ProduceTimeRecords<>(topic, null, new DeadLetterSerializer(calendar)))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
