package io.meterwatch.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Sink V2 for MiniCluster tests: collects elements of every parallel writer into a queue named by
 * the test (the MiniCluster runs in the test's JVM).
 */
public final class CollectingSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, ConcurrentLinkedQueue<Object>> RESULTS =
      new ConcurrentHashMap<>();

  private final String name;

  public CollectingSink(String name) {
    this.name = name;
    RESULTS.put(name, new ConcurrentLinkedQueue<>());
  }

  /** What the sink collected so far. */
  @SuppressWarnings("unchecked")
  public List<T> results() {
    List<T> out = new ArrayList<>();
    for (Object o : RESULTS.get(name)) {
      out.add((T) o);
    }
    return out;
  }

  /** Forgets what the sink collected (a benchmark's many runs would otherwise fill the heap). */
  public void clear() {
    RESULTS.remove(name);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    ConcurrentLinkedQueue<Object> q = RESULTS.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        q.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
