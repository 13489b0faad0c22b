package io.meterwatch.devservices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka 4.x broker (KRaft, combined broker and controller) running inside this JVM on
 * 127.0.0.1, for tests and {@code meterwatch demo}.
 *
 * <p>Configured so that everything a one-node cluster can do works: internal topics (consumer
 * offsets, transaction state, share-group state) have replication factor 1 and min ISR 1, so
 * idempotent producers, consumer groups and exactly-once transactions (the Flink Kafka sink) work.
 * {@link #stop()} and {@link #start()} restart it on the same ports and data directory, which is
 * how tests simulate "Kafka unreachable for a while".
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
 *   kafka.createTopic("meter.readings", 4);
 *   ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final int NODE_ID = 1;

  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final int port;
  private final int controllerPort;
  private final int saslPort;
  private final Map<String, String> saslUsers;
  private final Map<String, String> brokerConfig;
  private final String clusterId;
  private KafkaRaftServer server;

  private EmbeddedKafka(Builder b) {
    this.deleteDataDirOnClose = b.dataDir == null;
    this.dataDir = b.dataDir != null ? b.dataDir : TempDirs.create("meterwatch-kafka-");
    this.port = b.port != 0 ? b.port : FreePort.pick();
    int cp = b.controllerPort != 0 ? b.controllerPort : FreePort.pick();
    while (cp == port) {
      cp = FreePort.pick();
    }
    this.controllerPort = cp;
    this.saslUsers = new LinkedHashMap<>(b.saslUsers);
    int sp = 0;
    if (!saslUsers.isEmpty()) {
      sp = FreePort.pick();
      while (sp == port || sp == cp) {
        sp = FreePort.pick();
      }
    }
    this.saslPort = sp;
    this.clusterId = Uuid.randomUuid().toString();
    this.brokerConfig = brokerConfig(b);
  }

  /** A builder with defaults: temp data dir, free ports, one partition per auto-created topic. */
  public static Builder builder() {
    return new Builder();
  }

  private Map<String, String> brokerConfig(Builder b) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("process.roles", "broker,controller");
    c.put("node.id", String.valueOf(NODE_ID));
    c.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    c.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    c.put("controller.listener.names", "CONTROLLER");
    c.put("inter.broker.listener.name", "PLAINTEXT");
    c.put("log.dirs", dataDir.toAbsolutePath().toString());
    c.put("num.partitions", String.valueOf(b.partitions));
    c.put("auto.create.topics.enable", String.valueOf(b.autoCreateTopics));
    // One node: every internal topic must fit on it, or groups and transactions never start.
    c.put("offsets.topic.replication.factor", "1");
    c.put("transaction.state.log.replication.factor", "1");
    c.put("transaction.state.log.min.isr", "1");
    c.put("share.coordinator.state.topic.replication.factor", "1");
    c.put("share.coordinator.state.topic.min.isr", "1");
    // 50 partitions per internal topic (the default) cost seconds of startup for nothing here.
    c.put("offsets.topic.num.partitions", "1");
    c.put("transaction.state.log.num.partitions", "1");
    c.put("share.coordinator.state.topic.num.partitions", "1");
    // Consumer groups form at once instead of waiting 3 s for more members.
    c.put("group.initial.rebalance.delay.ms", "0");
    // The Flink Kafka sink opens transactions with a 1 h timeout by default; the broker's default
    // ceiling (15 min) would reject them.
    c.put("transaction.max.timeout.ms", "3600000");
    // The log cleaner allocates its dedupe buffer up front (128 MB by default).
    c.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    // Small machine: a few threads are plenty for loopback traffic.
    c.put("num.network.threads", "2");
    c.put("num.io.threads", "4");
    c.put("num.recovery.threads.per.data.dir", "1");
    c.put("background.threads", "2");
    if (!saslUsers.isEmpty()) {
      // a second listener, SASL_PLAINTEXT with PLAIN, where ACLs apply; the PLAINTEXT listener and
      // the controller stay open to the test's own set-up (ANONYMOUS is a super user there)
      c.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:"
              + port
              + ",SASL://127.0.0.1:"
              + saslPort
              + ",CONTROLLER://127.0.0.1:"
              + controllerPort);
      c.put(
          "advertised.listeners",
          "PLAINTEXT://127.0.0.1:" + port + ",SASL://127.0.0.1:" + saslPort);
      c.put(
          "listener.security.protocol.map",
          "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL:SASL_PLAINTEXT");
      c.put("sasl.enabled.mechanisms", "PLAIN");
      StringBuilder jaas =
          new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
      saslUsers.forEach((user, password) -> jaas.append(" user_" + user + "=\"" + password + "\""));
      c.put("listener.name.sasl.plain.sasl.jaas.config", jaas.append(';').toString());
      c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      c.put("super.users", "User:ANONYMOUS");
    }
    c.putAll(b.extra);
    return c;
  }

  /**
   * Formats the data directory when it is new, then starts the broker and waits until it accepts
   * connections. Calling it on a running broker does nothing.
   */
  public synchronized EmbeddedKafka start() {
    if (server != null) {
      return this;
    }
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        format();
      }
      Properties props = new Properties();
      props.putAll(brokerConfig);
      KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      s.startup();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir, e);
    }
    if (!FreePort.awaitListening(port, Duration.ofSeconds(60))) {
      stop();
      throw new IllegalStateException("embedded Kafka did not listen on port " + port + " in 60 s");
    }
    return this;
  }

  private void format() throws IOException {
    Path configFile = Files.createTempFile("meterwatch-kafka-", ".properties");
    try {
      Properties props = new Properties();
      props.putAll(brokerConfig);
      try (OutputStream out = Files.newOutputStream(configFile)) {
        props.store(out, "embedded Kafka");
      }
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int rc;
      try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        rc =
            StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, ps);
      }
      if (rc != 0) {
        throw new IllegalStateException(
            "formatting the Kafka data dir failed: " + log.toString(StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(configFile);
    }
  }

  /** Shuts the broker down, keeping its data directory; {@link #start()} brings it back. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    KafkaRaftServer s = server;
    server = null;
    s.shutdown();
    s.awaitShutdown();
  }

  /** Whether the broker is running. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * {@code 127.0.0.1:port} of the SASL_PLAINTEXT (PLAIN) listener, where ACLs apply.
   *
   * @throws IllegalStateException when the broker was built without {@link Builder#saslPlain}
   */
  public String saslBootstrapServers() {
    if (saslUsers.isEmpty()) {
      throw new IllegalStateException("this broker has no SASL listener (Builder.saslPlain)");
    }
    return "127.0.0.1:" + saslPort;
  }

  /** The client port. */
  public int port() {
    return port;
  }

  /** Where the broker keeps its logs and metadata. */
  public Path dataDir() {
    return dataDir;
  }

  /** Creates a topic (replication factor 1); an existing topic is left as it is. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a topic with topic configs (e.g. {@code cleanup.policy}); an existing one is kept. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    try (Admin admin = admin()) {
      try {
        admin
            .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
            .all()
            .get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name, e.getCause());
        }
      }
      awaitVisible(admin, name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic " + name + " timed out", e);
    }
  }

  /**
   * Waits until the broker's metadata lists the topic with a leader for every partition: the
   * controller confirms a creation before the broker's metadata has it, and a client that asks in
   * between (a topic listing, a producer) would not find the topic.
   */
  private static void awaitVisible(Admin admin, String name)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        TopicDescription d =
            admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
        if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot describe topic " + name, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topic " + name + " not in the broker's metadata after 30 s");
      }
      Thread.sleep(50);
    }
  }

  /**
   * A producer of byte[] keys and values for this broker, as the bridge and the command-line tools
   * write records; {@code more} producer settings go on top (linger, batching). The caller closes
   * it.
   */
  public KafkaProducer<byte[], byte[]> producer(Map<String, Object> more) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(more);
    return new KafkaProducer<>(p);
  }

  /** {@link #producer(Map)} with the client's default settings. */
  public KafkaProducer<byte[], byte[]> producer() {
    return producer(Map.of());
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  /** Stops the broker and deletes the data directory when it was a temp one. */
  @Override
  public void close() {
    stop();
    if (deleteDataDirOnClose) {
      TempDirs.deleteTree(dataDir);
    }
  }

  /** Settings of an {@link EmbeddedKafka}; checked in {@link #build()}. */
  public static final class Builder {
    private Path dataDir;
    private int port;
    private int controllerPort;
    private int partitions = 1;
    private boolean autoCreateTopics = true;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private final Map<String, String> saslUsers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a SASL_PLAINTEXT listener ({@link #saslBootstrapServers()}) with the PLAIN mechanism for
     * these users (name to password), and turns ACLs on (StandardAuthorizer): a SASL client may do
     * only what ACLs grant its principal {@code User:NAME}. The plain listener stays open and
     * all-powerful, for the test's own set-up through {@link #admin()}.
     */
    public Builder saslPlain(Map<String, String> users) {
      saslUsers.clear();
      saslUsers.putAll(users);
      return this;
    }

    /** Keep data here (kept on close); default a temp dir deleted on close. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** Client port; default a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** KRaft controller port; default a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = port;
      return this;
    }

    /** Partitions of auto-created topics; default 1. */
    public Builder partitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /** Whether producing to an unknown topic creates it; default true. */
    public Builder autoCreateTopics(boolean on) {
      this.autoCreateTopics = on;
      return this;
    }

    /** Any other broker setting, applied last. */
    public Builder brokerProperty(String key, String value) {
      extra.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Checks the settings and creates the broker, not started yet. */
    public EmbeddedKafka build() {
      checkPort("port", port);
      checkPort("controllerPort", controllerPort);
      if (port != 0 && port == controllerPort) {
        throw new IllegalArgumentException("port and controllerPort must differ, both " + port);
      }
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
      }
      if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
        throw new IllegalArgumentException("dataDir is not a directory: " + dataDir);
      }
      return new EmbeddedKafka(this);
    }

    /** {@code build().start()}. */
    public EmbeddedKafka start() {
      return build().start();
    }

    private static void checkPort(String name, int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException(name + " must be 0 (free) or 1..65535, was " + p);
      }
    }
  }
}
