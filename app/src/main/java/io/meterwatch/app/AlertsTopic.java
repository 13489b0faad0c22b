package io.meterwatch.app;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.input.RejectedInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The case events of the alerts topic as the commands read them ({@code tasks}, {@code report}).
 */
final class AlertsTopic {
  private AlertsTopic() {}

  /** Every committed case event of the topic, in partition then offset order. */
  static List<CaseEvent> events(java.util.Properties client, String topic, Duration timeout) {
    List<CaseEvent> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : CommittedTopicReader.readAll(client, topic, timeout)) {
      try {
        out.add(CaseJson.readEvent(r.value()));
      } catch (RejectedInputException e) {
        // not a case event (a foreign producer): the case manager never wrote it
      }
    }
    return out;
  }
}
