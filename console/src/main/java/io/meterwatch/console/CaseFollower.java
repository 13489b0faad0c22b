package io.meterwatch.console;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.input.RejectedInputException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Follower} of the case-state topic {@code cases} and the case-event topic {@code alerts}
 * (committed records only, the job writes both exactly-once) with one consumer, into a {@link
 * CaseReadModel}; once caught up it hands each new event to a listener (the console's live updates)
 * when the model holds the state after it. Both topics must exist: catching up waits for them.
 */
public final class CaseFollower extends Follower {
  private static final Logger LOG = LoggerFactory.getLogger(CaseFollower.class);

  /** How long a new event may wait for its case's record before it is pushed anyway. */
  static final Duration RECORD_WAIT = Duration.ofSeconds(5);

  /**
   * Starts following.
   *
   * @param client Kafka client properties with {@code bootstrap.servers}
   * @param alertsTopic the case-event topic
   * @param casesTopic the compacted case-state topic
   * @param model the read model to fill
   * @param listener called with each event after it is folded in (follower thread)
   * @param onFailure called once when the follower stops on an error
   */
  public CaseFollower(
      Properties client,
      String alertsTopic,
      String casesTopic,
      CaseReadModel model,
      Consumer<CaseEvent> listener,
      Consumer<Throwable> onFailure) {
    super(
        client,
        List.of(casesTopic, alertsTopic),
        "case records and events",
        false,
        new Folding(alertsTopic, casesTopic, model, listener),
        onFailure);
  }

  /**
   * Folds records and events into the model and hands the events that are ready to the listener.
   */
  private static final class Folding implements Reader {
    private final String alertsTopic;
    private final String casesTopic;
    private final CaseReadModel model;
    private final Consumer<CaseEvent> listener;

    /** When the oldest event still waiting for its record came in (nanoTime), 0 for none. */
    private long waitingSince;

    Folding(
        String alertsTopic, String casesTopic, CaseReadModel model, Consumer<CaseEvent> listener) {
      this.alertsTopic = alertsTopic;
      this.casesTopic = casesTopic;
      this.model = model;
      this.listener = listener;
    }

    @Override
    public void read(ConsumerRecord<String, byte[]> r, boolean caughtUp) throws SkippedRecord {
      List<CaseEvent> ready;
      try {
        if (r.topic().equals(casesTopic)) {
          ready = model.apply(CaseJson.readRecord(r.value()));
        } else {
          ready = model.apply(CaseJson.readEvent(r.value()));
          if (ready.isEmpty() && waitingSince == 0) {
            waitingSince = System.nanoTime();
          }
        }
      } catch (RejectedInputException ex) {
        throw new SkippedRecord(ex.getMessage());
      }
      if (caughtUp) {
        ready.forEach(listener);
      }
    }

    @Override
    public void caughtUp() {
      LOG.info(
          "read {} case records of {} ({} cases) and {} case events of {}",
          model.records(),
          casesTopic,
          model.size(),
          model.sequence(),
          alertsTopic);
      // what happened before the start is not news for the live pages
      model.drainWaiting();
      waitingSince = 0;
    }

    @Override
    public void afterPoll() {
      if (waitingSince != 0 && System.nanoTime() - waitingSince > RECORD_WAIT.toNanos()) {
        // the job commits both topics on one checkpoint; a record this late is not coming soon
        model.drainWaiting().forEach(listener);
        waitingSince = 0;
      }
    }
  }
}
