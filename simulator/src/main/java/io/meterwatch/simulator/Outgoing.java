package io.meterwatch.simulator;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.Reading;
import java.time.Instant;

/**
 * One message on its way out, ordered by simulated send time and then by sequence.
 *
 * @param sendTime simulated time it is published at
 * @param seq tie-breaker keeping generation order among messages of the same send time
 * @param topic MQTT topic
 * @param payload bytes
 * @param reading the reading it carries as sent (after clock skew), {@code null} when corrupted
 * @param faultId the fault that shaped it, or {@code null}
 * @param rejectAs the reason a receiver must reject it with, or {@code null} when it is valid
 */
record Outgoing(
    Instant sendTime,
    long seq,
    String topic,
    byte[] payload,
    Reading reading,
    String faultId,
    ReasonCode rejectAs)
    implements Comparable<Outgoing> {

  @Override
  public int compareTo(Outgoing o) {
    int c = sendTime.compareTo(o.sendTime);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
