package io.meterwatch.connectors.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's writes to Kafka: send, retry, acknowledgement. Each record's outcome is one of
 * three, told apart as the Kafka examples' {@code ProducerCallback} does:
 *
 * <ul>
 *   <li>written: its {@link Delivery#delivered()} runs on the acker thread (which then acks the
 *       MQTT messages);
 *   <li>refused for good, by this record's content ({@link ErrorKind#RECORD_REJECTED}: too large,
 *       invalid): {@link Delivery#rejected} names the records to write instead (the dead letters);
 *       when there are none, or they are refused too, the forwarder fails;
 *   <li>failing with retriable errors (broker down, no leader, timeouts): resent with backoff (0.1
 *       s doubling to 30 s) for as long as the retry budget allows, then the forwarder fails;
 *   <li>any other error (authorization, authentication, a fenced or broken producer) fails the
 *       forwarder at once: no retry can cure it.
 * </ul>
 *
 * A failure is kept: the first one wins, is logged once, and {@link #send} rethrows it as {@link
 * ForwarderFailedException}. After it nothing more is sent or acknowledged, so every message not
 * yet acknowledged stays at the broker for the next session. At most {@code maxInFlight} records
 * wait for Kafka at a time; {@link #send} blocks beyond that, which is the bridge's back pressure.
 */
final class KafkaForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);

  /** How a failed send is handled. */
  enum ErrorKind {
    /** Transient: resend within the retry budget. */
    RETRIABLE,
    /** This record can never be written; others can: dead-letter it. */
    RECORD_REJECTED,
    /** Nothing more can be written by this producer: stop. */
    FATAL
  }

  /** What becomes of a record once Kafka answered. */
  interface Delivery {
    /** Kafka has the record (runs on the acker thread). */
    void delivered();

    /**
     * Kafka refused the record for good (runs on the acker thread).
     *
     * @return the records to write instead, each with its own delivery; empty to fail
     */
    List<Resend> rejected(RuntimeException error);
  }

  /** A record to write in place of a refused one. */
  record Resend(ProducerRecord<String, byte[]> record, Delivery delivery) {}

  /** Thrown by {@link #send} once the forwarder failed; the cause is the kept failure. */
  static final class ForwarderFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ForwarderFailedException(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final KafkaProducer<String, byte[]> producer;
  private final int maxInFlight;
  private final Semaphore permits;
  private final Duration retryBudget;
  private final BridgeMetrics metrics;
  private final ExecutorService acker = Executors.newSingleThreadExecutor(daemon("bridge-acker"));
  private final ScheduledExecutorService retrier =
      Executors.newSingleThreadScheduledExecutor(daemon("bridge-kafka-retry"));
  private volatile Throwable failure;

  KafkaForwarder(
      Properties producerProperties, int maxInFlight, Duration retryBudget, BridgeMetrics metrics) {
    this.producer = new KafkaProducer<>(producerProperties);
    this.maxInFlight = maxInFlight;
    this.permits = new Semaphore(maxInFlight);
    this.retryBudget = retryBudget;
    this.metrics = metrics;
    metrics.bindProducer(producer);
  }

  /** How a send error is handled (see the class comment). */
  static ErrorKind classify(Throwable e) {
    if (e instanceof RecordTooLargeException
        || e instanceof RecordBatchTooLargeException
        || e instanceof InvalidRecordException) {
      return ErrorKind.RECORD_REJECTED;
    }
    return e instanceof RetriableException ? ErrorKind.RETRIABLE : ErrorKind.FATAL;
  }

  /**
   * Sends a record, waiting for a free in-flight slot first.
   *
   * @throws ForwarderFailedException when the forwarder has failed (before or while waiting)
   */
  void send(ProducerRecord<String, byte[]> record, Delivery delivery) throws InterruptedException {
    while (!permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
      throwIfFailed();
    }
    throwIfFailed();
    attempt(record, delivery, System.nanoTime(), 0, true);
  }

  private void throwIfFailed() {
    Throwable f = failure;
    if (f != null) {
      throw new ForwarderFailedException(f);
    }
  }

  /**
   * One try to write a record.
   *
   * @param slot whether the record holds an in-flight slot, to give back once it is written
   */
  private void attempt(
      ProducerRecord<String, byte[]> record,
      Delivery delivery,
      long firstTry,
      int failures,
      boolean slot) {
    if (failure != null) {
      return; // stopped: the message stays unacknowledged at the broker
    }
    long t0 = System.nanoTime();
    try {
      producer.send(
          record,
          (meta, e) -> {
            if (e == null) {
              metrics.kafkaSent(System.nanoTime() - t0);
              onAcker(() -> finish(delivery, slot));
            } else {
              failed(record, delivery, firstTry, failures, slot, e);
            }
          });
    } catch (RuntimeException e) {
      failed(record, delivery, firstTry, failures, slot, e);
    }
  }

  private void failed(
      ProducerRecord<String, byte[]> record,
      Delivery delivery,
      long firstTry,
      int failures,
      boolean slot,
      Exception e) {
    metrics.kafkaSendError();
    switch (classify(e)) {
      case RETRIABLE -> retry(record, delivery, firstTry, failures, slot, e);
      case RECORD_REJECTED -> onAcker(() -> replace(record, delivery, slot, (RuntimeException) e));
      case FATAL ->
          fail(new IllegalStateException("Kafka refused a write to " + record.topic(), e));
    }
  }

  private void retry(
      ProducerRecord<String, byte[]> record,
      Delivery delivery,
      long firstTry,
      int failures,
      boolean slot,
      Exception e) {
    long failingFor = System.nanoTime() - firstTry;
    if (failingFor > retryBudget.toNanos()) {
      fail(
          new IllegalStateException(
              "Kafka has not accepted a write to "
                  + record.topic()
                  + " for "
                  + Duration.ofNanos(failingFor).toSeconds()
                  + " s, over the retry budget of "
                  + retryBudget.toSeconds()
                  + " s (last error: "
                  + e
                  + ")",
              e));
      return;
    }
    long delay = Math.min(30_000, 100L << Math.min(failures, 9));
    if (failures == 0 || failures % 10 == 0) {
      LOG.warn(
          "Kafka send to {} failed: {} (attempt {}, {} records waiting for Kafka); resending in {}"
              + " ms, within the retry budget of {} s",
          record.topic(),
          e.toString(),
          failures + 1,
          inFlight(),
          delay,
          retryBudget.toSeconds());
    }
    try {
      retrier.schedule(
          () -> attempt(record, delivery, firstTry, failures + 1, slot),
          delay,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // closed meanwhile: the message stays unacknowledged at the broker
    }
  }

  /** Writes the replacements of a refused record; its in-flight slot passes to them. */
  private void replace(
      ProducerRecord<String, byte[]> record, Delivery delivery, boolean slot, RuntimeException e) {
    List<Resend> instead;
    try {
      instead = delivery.rejected(e);
    } catch (RuntimeException bug) {
      fail(bug);
      return;
    }
    if (instead.isEmpty()) {
      fail(new IllegalStateException("Kafka refused a record for " + record.topic(), e));
      return;
    }
    LOG.warn("Kafka refused a record for {} ({}); dead-lettered", record.topic(), e.toString());
    // the first replacement takes over the slot; further ones (parts of a split packet) go over
    // the limit by at most the number of parts, bounded by HJ 212's 9999
    boolean first = slot;
    for (Resend r : instead) {
      attempt(r.record(), r.delivery(), System.nanoTime(), 0, first);
      first = false;
    }
  }

  private void finish(Delivery delivery, boolean slot) {
    try {
      delivery.delivered();
    } catch (RuntimeException e) {
      LOG.error("acknowledging a delivered record failed", e);
    } finally {
      if (slot) {
        permits.release();
      }
    }
  }

  private void onAcker(Runnable r) {
    try {
      acker.execute(r);
    } catch (RejectedExecutionException closing) {
      // closed: not acknowledged, so the broker redelivers the message to the next session
    }
  }

  /** Keeps the first failure and says so once; nothing is sent or acknowledged after it. */
  private synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t;
      LOG.error("Kafka forwarding stopped: {}", t.getMessage());
    }
  }

  /** The failure that stopped the forwarder, or {@code null}. */
  Throwable failure() {
    return failure;
  }

  /** Records sent and not yet written or given up. */
  int inFlight() {
    return maxInFlight - permits.availablePermits();
  }

  /** Waits until nothing is in flight; false on timeout or failure. */
  boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline && failure == null) {
      if (permits.tryAcquire(maxInFlight, 100, TimeUnit.MILLISECONDS)) {
        permits.release(maxInFlight);
        return true;
      }
    }
    return false;
  }

  /** Stops retries and acks, then closes the producer (at once after a failure). */
  @Override
  public void close() {
    shutdown(retrier);
    shutdown(acker);
    producer.close(failure == null ? Duration.ofSeconds(10) : Duration.ZERO);
  }

  private static void shutdown(ExecutorService e) {
    e.shutdown();
    try {
      e.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
