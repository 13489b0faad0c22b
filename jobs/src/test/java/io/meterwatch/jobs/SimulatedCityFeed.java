package io.meterwatch.jobs;

import io.meterwatch.connectors.bridge.InboundMessage;
import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.connectors.bridge.UploadValidator;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.source.ConsumedReading;
import io.meterwatch.jobs.source.ReadingDeserializer;
import io.meterwatch.simulator.Simulation;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.MessageSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;

/**
 * A simulated city as the monitoring job reads it from {@code meter.readings}, without a broker,
 * played into the job while the simulation runs (a month of the city does not fit in memory):
 *
 * <ul>
 *   <li>every MQTT message the simulator sends goes through the bridge's own decoder ({@link
 *       MqttKafkaBridgeBuilder#validator()}: frame, CRC, MN against the topic, registry, password,
 *       physical ranges) with the simulated send time as receive time, as a bridge in a city paced
 *       at real time stamps it (so that device clock errors reach detector D9 and the manifest
 *       expects them);
 *   <li>an accepted reading is encoded as the bridge writes it to Kafka (canonical JSON) and
 *       decoded by the job's own Kafka deserializer ({@link ReadingDeserializer}), in one of {@link
 *       #PARTITIONS} queues chosen by its MN as Kafka's default partitioner chooses the partition
 *       of the bridge's records (key = MN);
 *   <li>a rejected message is recorded with its reason and payload hash, as the bridge's
 *       dead-letter record carries them.
 * </ul>
 *
 * {@link #source()} reads the queues as a bounded source with one split per queue (per-split
 * watermarks, like Kafka's per-partition watermarks); it ends when the simulation has ended.
 */
final class SimulatedCityFeed {
  /** Partitions of {@code meter.readings} in the demo (docs/operations.md). */
  static final int PARTITIONS = 2;

  static final String TOPIC = "meter.readings";

  /** Readings held per partition before the simulation waits for the job. */
  private static final int QUEUE_CAPACITY = 20_000;

  /** Marks the end of a partition's queue. */
  private static final ConsumedReading END = new ConsumedReading();

  private static final Map<String, BlockingQueue<ConsumedReading>> QUEUES =
      new ConcurrentHashMap<>();

  /**
   * What the bridge did with a run.
   *
   * @param manifest the simulator's ground truth
   * @param messages MQTT messages the simulator sent
   * @param readings readings the bridge forwarded
   * @param rejections the messages the bridge dead-lettered, as {@code reason|sha256}
   * @param wallTime from the start of the simulation to its end
   */
  record Result(
      Manifest manifest,
      long messages,
      long readings,
      List<String> rejections,
      Duration wallTime) {}

  private final String name;
  private final CompletableFuture<Result> result = new CompletableFuture<>();

  private SimulatedCityFeed(String name) {
    this.name = name;
    for (int p = 0; p < PARTITIONS; p++) {
      QUEUES.put(queue(name, p), new ArrayBlockingQueue<>(QUEUE_CAPACITY));
    }
  }

  private static String queue(String name, int partition) {
    return name + "-" + partition;
  }

  /**
   * Starts the simulation in a thread of its own, feeding the queues that {@link #source()} reads.
   *
   * @param name unique per test run
   */
  static SimulatedCityFeed start(
      String name, Simulation.Builder simulation, SiteRegistry registry) {
    SimulatedCityFeed feed = new SimulatedCityFeed(name);
    Thread t = new Thread(() -> feed.run(simulation, registry), "simulated-city-" + name);
    t.setDaemon(true);
    t.start();
    return feed;
  }

  /** Waits for the end of the simulation; rethrows what made it fail. */
  Result await() throws Exception {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private void run(Simulation.Builder simulation, SiteRegistry registry) {
    long t0 = System.nanoTime();
    try {
      LocalCalendar calendar = LocalCalendar.defaultCalendar();
      // the demo's bridge settings (DemoStack): the registry checks MN and password
      UploadValidator validator =
          MqttKafkaBridge.builder().registry(registry).calendar(calendar).validator();
      ReadingJson json = new ReadingJson(calendar, ReadingJson.DEFAULT_MAX_FUTURE_SKEW);
      ReadingDeserializer deserializer = new ReadingDeserializer(calendar);
      List<String> rejections = new ArrayList<>();
      long[] readings = {0, 0};
      ConsumedReading[] decodedReading = new ConsumedReading[1];
      Collector<ConsumedReading> collector =
          new Collector<>() {
            @Override
            public void collect(ConsumedReading c) {
              decodedReading[0] = c;
            }

            @Override
            public void close() {}
          };
      // the bridge's decoding runs in a thread of its own, beside the simulation (as the bridge
      // runs beside the devices): the two together are the run's critical path
      BlockingQueue<InboundMessage> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
      InboundMessage endOfRun = new InboundMessage("", new byte[0], 0, 0, Instant.EPOCH);
      CompletableFuture<Void> decoded = new CompletableFuture<>();
      Thread decoder =
          new Thread(
              () -> {
                try {
                  for (InboundMessage m = inbound.take(); m != endOfRun; m = inbound.take()) {
                    dispatch(
                        validator.accept(m),
                        json,
                        deserializer,
                        collector,
                        readings,
                        rejections,
                        decodedReading);
                  }
                  // split packets whose parts never came: the bridge dead-letters them
                  for (UploadValidator.Rejected r : validator.expire(Instant.MAX)) {
                    dispatch(
                        r, json, deserializer, collector, readings, rejections, decodedReading);
                  }
                  decoded.complete(null);
                } catch (Throwable e) {
                  decoded.completeExceptionally(e);
                }
              },
              "bridge-decoder-" + name);
      decoder.setDaemon(true);
      decoder.start();
      MessageSink bridge =
          new MessageSink() {
            @Override
            public void send(String topic, byte[] payload) throws Exception {
              send(topic, payload, Instant.now());
            }

            @Override
            public void send(String topic, byte[] payload, Instant simulatedSendTime)
                throws Exception {
              if (decoded.isCompletedExceptionally()) {
                decoded.get(); // throws what stopped the decoder
              }
              inbound.put(new InboundMessage(topic, payload, 0, 1, simulatedSendTime));
            }

            @Override
            public boolean receivesInSimulatedTime() {
              return true;
            }
          };
      Simulation.Result r = simulation.registry(registry).sink(bridge).build().run();
      inbound.put(endOfRun);
      try {
        decoded.get();
      } catch (ExecutionException e) {
        throw e.getCause();
      }
      result.complete(
          new Result(
              r.manifest(),
              r.sent(),
              readings[0] + readings[1],
              rejections,
              Duration.ofNanos(System.nanoTime() - t0)));
    } catch (Throwable e) {
      result.completeExceptionally(e);
    } finally {
      for (int p = 0; p < PARTITIONS; p++) {
        try {
          QUEUES.get(queue(name, p)).put(END);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** What the bridge does with a message: a reading for the job's partition, or a rejection. */
  private void dispatch(
      UploadValidator.Outcome o,
      ReadingJson json,
      ReadingDeserializer deserializer,
      Collector<ConsumedReading> collector,
      long[] readings,
      List<String> rejections,
      ConsumedReading[] decodedReading)
      throws InterruptedException {
    if (o instanceof UploadValidator.Accepted a) {
      byte[] key = a.reading().mn().getBytes(StandardCharsets.UTF_8);
      int partition = Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
      byte[] value = json.write(a.reading());
      long timestamp = a.messages().get(0).receiveTime().toEpochMilli();
      deserializer.deserialize(
          new ConsumerRecord<>(
              TOPIC,
              partition,
              readings[partition]++,
              timestamp,
              TimestampType.CREATE_TIME,
              key.length,
              value.length,
              key,
              value,
              new RecordHeaders(),
              Optional.empty()),
          collector);
      QUEUES.get(queue(name, partition)).put(decodedReading[0]);
    } else if (o instanceof UploadValidator.Rejected r) {
      for (InboundMessage m : r.messages()) {
        rejections.add(r.error().reason().name() + "|" + Manifest.payloadSha256(m.payload()));
      }
    }
  }

  /** The feed's readings as a bounded source, one split per partition queue. */
  QueueSource source() {
    List<QueueSplit> splits = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      splits.add(new QueueSplit(queue(name, p)));
    }
    return new QueueSource(splits);
  }

  /** A partition's queue as a split; the queue lives in this JVM (the MiniCluster's). */
  static final class QueueSplit
      implements IteratorSourceSplit<ConsumedReading, Iterator<ConsumedReading>> {
    final String queue;

    QueueSplit(String queue) {
      this.queue = queue;
    }

    @Override
    public String splitId() {
      return queue;
    }

    @Override
    public Iterator<ConsumedReading> getIterator() {
      BlockingQueue<ConsumedReading> q = QUEUES.get(queue);
      return new Iterator<>() {
        private ConsumedReading next;

        @Override
        public boolean hasNext() {
          if (next == null) {
            try {
              next = q.take(); // the source task waits for the simulation
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted waiting for the simulation", e);
            }
          }
          if (next == END) {
            return false; // and stays so
          }
          return true;
        }

        @Override
        public ConsumedReading next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          ConsumedReading c = next;
          next = null;
          return c;
        }
      };
    }

    @Override
    public IteratorSourceSplit<ConsumedReading, Iterator<ConsumedReading>>
        getUpdatedSplitForIterator(Iterator<ConsumedReading> iterator) {
      return this; // no checkpoints in these tests
    }
  }

  /** The bounded source over the partition queues. */
  static final class QueueSource
      implements Source<ConsumedReading, QueueSplit, Collection<QueueSplit>> {
    private static final long serialVersionUID = 1L;
    private final List<String> queues;

    QueueSource(List<QueueSplit> splits) {
      this.queues = splits.stream().map(s -> s.queue).toList();
    }

    @Override
    public Boundedness getBoundedness() {
      return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<ConsumedReading, QueueSplit> createReader(SourceReaderContext context) {
      return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<QueueSplit, Collection<QueueSplit>> createEnumerator(
        SplitEnumeratorContext<QueueSplit> context) {
      return new IteratorSourceEnumerator<>(
          context, new ArrayList<>(queues.stream().map(QueueSplit::new).toList()));
    }

    @Override
    public SplitEnumerator<QueueSplit, Collection<QueueSplit>> restoreEnumerator(
        SplitEnumeratorContext<QueueSplit> context, Collection<QueueSplit> checkpoint) {
      return new IteratorSourceEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<QueueSplit> getSplitSerializer() {
      return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<QueueSplit>> getEnumeratorCheckpointSerializer() {
      return new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
          return 1;
        }

        @Override
        public byte[] serialize(Collection<QueueSplit> splits) throws IOException {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          DataOutputStream out = new DataOutputStream(bytes);
          out.writeInt(splits.size());
          for (QueueSplit s : splits) {
            out.writeUTF(s.queue);
          }
          return bytes.toByteArray();
        }

        @Override
        public Collection<QueueSplit> deserialize(int version, byte[] serialized)
            throws IOException {
          DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
          List<QueueSplit> splits = new ArrayList<>();
          for (int n = in.readInt(); n > 0; n--) {
            splits.add(new QueueSplit(in.readUTF()));
          }
          return splits;
        }
      };
    }
  }

  /** A split is the name of its queue. */
  static final class SplitSerializer implements SimpleVersionedSerializer<QueueSplit> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(QueueSplit split) {
      return split.queue.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public QueueSplit deserialize(int version, byte[] serialized) {
      return new QueueSplit(new String(serialized, StandardCharsets.UTF_8));
    }
  }
}
