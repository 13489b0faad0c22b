package io.meterwatch.console;

import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Follower} of one topic: each record is decoded and handed to a sink, with whether the
 * records present at start are read (then it is news for the live updates). A record that does not
 * decode is skipped with a logged reason and counted.
 *
 * @param <T> what a record decodes to
 */
public class TopicFollower<T> extends Follower {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  /** Decodes a record's value; any exception means the record is not one of this topic's. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] value) throws Exception;
  }

  /**
   * Starts following.
   *
   * @param client Kafka client properties with {@code bootstrap.servers}
   * @param topic the topic
   * @param what what a record is, for the log ("case events")
   * @param decoder decodes a record's value
   * @param sink called with each decoded record and whether the follower had caught up (follower
   *     thread)
   * @param missingIsEmpty whether a topic that does not exist yet counts as read (it is then
   *     followed once it appears); otherwise catching up waits for it
   * @param onFailure called once when the follower stops on an error
   */
  public TopicFollower(
      Properties client,
      String topic,
      String what,
      Decoder<T> decoder,
      BiConsumer<T, Boolean> sink,
      boolean missingIsEmpty,
      Consumer<Throwable> onFailure) {
    super(
        client,
        List.of(topic),
        what,
        missingIsEmpty,
        new Decoding<>(topic, what, decoder, sink),
        onFailure);
  }

  /** Decodes each record and hands it to the sink; counts what it handed for the log. */
  private static final class Decoding<T> implements Reader {
    private final String topic;
    private final String what;
    private final Decoder<T> decoder;
    private final BiConsumer<T, Boolean> sink;
    private long read;

    Decoding(String topic, String what, Decoder<T> decoder, BiConsumer<T, Boolean> sink) {
      this.topic = topic;
      this.what = what;
      this.decoder = decoder;
      this.sink = sink;
    }

    @Override
    public void read(ConsumerRecord<String, byte[]> r, boolean caughtUp) throws SkippedRecord {
      T value;
      try {
        value = decoder.decode(r.value());
      } catch (Exception ex) {
        throw new SkippedRecord("not " + what + " (" + ex.getMessage() + ")");
      }
      read++;
      sink.accept(value, caughtUp);
    }

    @Override
    public void caughtUp() {
      LOG.info("read {} {} of {}", read, what, topic);
    }
  }
}
