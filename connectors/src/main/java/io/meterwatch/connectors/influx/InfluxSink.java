package io.meterwatch.connectors.influx;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink Sink V2 writing elements to InfluxDB through an {@link InfluxWriter}.
 *
 * <p>Delivery is at-least-once with idempotent points, which is effectively exactly-once: Flink
 * calls {@link SinkWriter#flush(boolean)} before every checkpoint, the writer waits there until
 * InfluxDB has acknowledged every buffered point (retrying while it is unreachable), so a completed
 * checkpoint means everything before it is stored; what is replayed after a restore rewrites the
 * same points (same measurement, tags and timestamp), which InfluxDB treats as one point.
 *
 * @param <T> the element type
 */
public final class InfluxSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final InfluxWriter.Settings settings;
  private final InfluxPointMapper<T> mapper;

  /**
   * @param settings validated writer settings ({@link InfluxWriter.Builder#settings()})
   * @param mapper turns an element into its point
   */
  public InfluxSink(InfluxWriter.Settings settings, InfluxPointMapper<T> mapper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(InfluxWriter.open(settings), mapper);
  }

  /** One parallel instance: maps, buffers, flushes on checkpoints and at the end of input. */
  static final class Writer<T> implements SinkWriter<T> {
    private final InfluxWriter writer;
    private final InfluxPointMapper<T> mapper;

    Writer(InfluxWriter writer, InfluxPointMapper<T> mapper) {
      this.writer = writer;
      this.mapper = mapper;
    }

    @Override
    public void write(T element, Context context) throws IOException {
      var point = mapper.toPoint(element);
      if (point != null) {
        writer.write(point);
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      writer.flush();
    }

    @Override
    public void close() {
      writer.close();
    }
  }
}
