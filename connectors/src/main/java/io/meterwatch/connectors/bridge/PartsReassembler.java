package io.meterwatch.connectors.bridge;

import io.meterwatch.core.hj212.Hj212Packet;
import io.meterwatch.core.hj212.SplitPacketReassembler;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.json.ReadingJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts split HJ 212 packets together from the parts topic ({@code --parts-topic}), so that a split
 * packet whose parts a shared subscription handed to different bridges is still whole
 * (docs/bridge.md, "Split packets on a shared subscription").
 *
 * <p>Each bridge forwards every checked part as it came (payload, MQTT topic, receive time and
 * registry version in headers) to the parts topic, keyed by MN, and acknowledges it to the broker
 * once Kafka has it. Every bridge also runs one of these consumers in one consumer group: the parts
 * of one MN are in one partition, so one consumer sees all of them. A whole packet becomes a
 * reading on the readings topic (checked as any reading is); a group that does not complete within
 * the split timeout, counted from its first part's receive time, goes to the dead-letter topic as
 * {@code SPLIT_TIMEOUT}, each part with its record.
 *
 * <p>Nothing is lost: a partition's committed offset never passes the first part of a group that is
 * still incomplete, and is committed only after the readings and dead letters of the parts before
 * it were acknowledged by Kafka. After a crash or a rebalance the parts from that offset on are
 * read again, so a packet completed after it may be written twice (at least once, as the bridge's
 * MQTT side after a crash).
 */
final class PartsReassembler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PartsReassembler.class);

  /** Header: the MQTT topic the part was published on. */
  static final String TOPIC_HEADER = "mqtt-topic";

  /** Header: the bridge's receive time, epoch milliseconds. */
  static final String RECEIVED_HEADER = "received-ms";

  /** Header: the registry version the part was checked against. */
  static final String REGISTRY_HEADER = "registry-version";

  /** The parts of one incomplete packet and where its first one is. */
  private static final class Group {
    final TopicPartition partition;
    final long firstOffset;
    final List<Part> parts = new ArrayList<>();

    Group(TopicPartition partition, long firstOffset) {
      this.partition = partition;
      this.firstOffset = firstOffset;
    }
  }

  private record Part(byte[] payload, String topic, Instant received, long registryVersion) {}

  private final BridgeSettings settings;
  private final UploadValidator validator;
  private final ReadingJson readingJson;
  private final DeadLetterJson deadLetterJson;
  private final BridgeMetrics metrics;
  private final BiConsumer<String, String> hj212Ack;
  private final SplitPacketReassembler reassembler;
  private final Map<String, Group> groups = new HashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  /**
   * @param hj212Ack publishes a 9014 frame to a meter (MN, frame) once its packet is in Kafka
   */
  PartsReassembler(
      BridgeSettings settings,
      UploadValidator validator,
      BridgeMetrics metrics,
      BiConsumer<String, String> hj212Ack) {
    this.settings = settings;
    this.validator = validator;
    this.readingJson = new ReadingJson(settings.calendar(), settings.maxFutureSkew());
    this.deadLetterJson = new DeadLetterJson(settings.calendar());
    this.metrics = metrics;
    this.hj212Ack = hj212Ack;
    this.reassembler = new SplitPacketReassembler(settings.splitTimeout());
    this.consumer = new KafkaConsumer<>(consumerProperties(settings));
    Properties p = MqttKafkaBridge.producerProperties(settings);
    p.put("client.id", settings.clientId() + "-parts");
    this.producer = new KafkaProducer<>(p);
    this.thread = KafkaForwarder.daemon("bridge-parts").newThread(this::run);
  }

  /** The consumer group of every bridge that forwards to the same parts topic. */
  static String groupId(BridgeSettings s) {
    return "meterwatch-bridge-parts-" + s.partsTopic();
  }

  private static Properties consumerProperties(BridgeSettings s) {
    Properties p = new Properties();
    // the client settings of --kafka-config (security, timeouts) apply to this consumer too
    p.putAll(s.kafkaProperties());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(s));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.clientId() + "-parts");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** The record a bridge writes for a checked part. */
  static ProducerRecord<String, byte[]> record(String partsTopic, UploadValidator.Part p) {
    ProducerRecord<String, byte[]> r =
        new ProducerRecord<>(partsTopic, p.mn(), p.message().payload());
    r.headers()
        .add(TOPIC_HEADER, p.message().topic().getBytes(StandardCharsets.UTF_8))
        .add(RECEIVED_HEADER, longBytes(p.message().receiveTime().toEpochMilli()))
        .add(REGISTRY_HEADER, longBytes(p.registryVersion()));
    return r;
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  private static long longOf(ConsumerRecord<?, ?> r, String header) {
    Header h = r.headers().lastHeader(header);
    return h == null || h.value().length != Long.BYTES ? 0 : ByteBuffer.wrap(h.value()).getLong();
  }

  PartsReassembler start() {
    consumer.subscribe(
        List.of(settings.partsTopic()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
            // their incomplete groups are read again by the new owner, from the committed offset
            groups
                .entrySet()
                .removeIf(
                    e -> {
                      boolean gone = partitions.contains(e.getValue().partition);
                      if (gone) {
                        reassembler.discard(e.getKey());
                      }
                      return gone;
                    });
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
    thread.start();
    return this;
  }

  /** Why it stopped, or {@code null} while it runs. */
  Throwable failure() {
    return failure;
  }

  /** How many split packets wait for parts here. */
  int pending() {
    return reassembler.pending();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          take(r);
        }
        for (SplitPacketReassembler.Incomplete g : reassembler.expire(settings.clock().instant())) {
          Group group = groups.remove(g.groupKey());
          if (group != null) {
            deadLetter(group.parts, g.mn(), reassembler.timedOut(g));
          }
        }
        commit();
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable t) {
      failure = t;
      LOG.error(
          "split-packet consumer of {} stopped: {}; its parts stay in Kafka",
          settings.partsTopic(),
          String.valueOf(t));
      LOG.debug("split-packet consumer failure", t);
    }
  }

  private void take(ConsumerRecord<String, byte[]> r) throws Exception {
    Header topic = r.headers().lastHeader(TOPIC_HEADER);
    Part part =
        new Part(
            r.value(),
            topic == null ? null : new String(topic.value(), StandardCharsets.UTF_8),
            Instant.ofEpochMilli(longOf(r, RECEIVED_HEADER)),
            longOf(r, REGISTRY_HEADER));
    Hj212Packet packet;
    try {
      packet = validator.codec().parse(new String(r.value(), StandardCharsets.UTF_8));
    } catch (RejectedInputException e) {
      deadLetter(List.of(part), r.key(), e); // checked before it was forwarded: not expected
      return;
    }
    String key = SplitPacketReassembler.groupKey(packet);
    Group group =
        groups.computeIfAbsent(
            key, k -> new Group(new TopicPartition(r.topic(), r.partition()), r.offset()));
    Optional<Hj212Packet> whole;
    try {
      whole = reassembler.accept(packet, part.received());
    } catch (RejectedInputException e) {
      if (group.parts.isEmpty()) {
        groups.remove(key);
      }
      deadLetter(List.of(part), packet.mn(), e);
      return;
    }
    group.parts.add(part);
    if (whole.isEmpty()) {
      return;
    }
    groups.remove(key);
    try {
      // the receive time of the part that completed it, as for a packet put together in memory
      UploadValidator.Accepted a =
          validator.whole(whole.get(), part.received(), part.registryVersion(), List.of());
      send(
          new ProducerRecord<>(
              settings.readingsTopic(), a.reading().mn(), readingJson.write(a.reading())));
      metrics.onPartsForwarded();
      if (a.ackFrame() != null) {
        hj212Ack.accept(a.reading().mn(), a.ackFrame());
      }
    } catch (RejectedInputException e) {
      deadLetter(group.parts, packet.mn(), e);
    }
  }

  private void deadLetter(List<Part> parts, String mn, RejectedInputException e) throws Exception {
    for (Part p : parts) {
      DeadLetter d =
          DeadLetter.bounded(
              p.payload(),
              p.topic(),
              p.received(),
              e.reason(),
              e.getMessage(),
              settings.maxPayloadBytes());
      send(new ProducerRecord<>(settings.dlqTopic(), mn, deadLetterJson.write(d)));
    }
    metrics.onPartsRejected(e.reason(), parts.size());
  }

  /** Sends and waits: the offset of a part is committed only after what it became is in Kafka. */
  private void send(ProducerRecord<String, byte[]> r) throws Exception {
    try {
      producer.send(r).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  /** Commits each partition up to the first part of its oldest incomplete group. */
  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      long next = consumer.position(tp);
      for (Group g : groups.values()) {
        if (g.partition.equals(tp)) {
          next = Math.min(next, g.firstOffset);
        }
      }
      offsets.put(tp, new OffsetAndMetadata(next));
    }
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(5));
  }
}
