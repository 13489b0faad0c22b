package io.meterwatch.connectors.bridge;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.hj212.Hj212Packet;
import io.meterwatch.core.hj212.SplitPacketReassembler;
import io.meterwatch.core.input.PhysicalRange;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.RegistryInForce;
import io.meterwatch.core.registry.SiteRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides what becomes of each MQTT message, decoding it once: a reading for Kafka, a rejection
 * with its reason for the dead-letter topic, or a part of a split HJ 212 packet held until its
 * other parts come.
 *
 * <p>Checks, in order: the size (at most the payload cap); the format by the first bytes ({@code
 * ##} HJ 212, <code>{</code> canonical JSON); for HJ 212 the frame, length and CRC; the MN in the
 * payload equals the MN in the topic; the MN is in the registry (when one is given); the HJ 212 PW
 * equals the meter's password (when the registry sets one); split packets are reassembled; the
 * fields make a reading; the data time lies at most the allowed skew after the receive time; every
 * level value lies within its parameter's physical range.
 *
 * <p>Each message is judged by one registry version, the one in force when it arrives (read once
 * per message from the supplier, so a version published meanwhile applies from the next message);
 * an accepted reading records that version ({@link Reading#registryVersion()}).
 *
 * <p>Not thread-safe (the split reassembler is not): the bridge calls it from one worker thread.
 * Public so that tests replaying a simulated city without a broker decode exactly as the bridge
 * does ({@link MqttKafkaBridgeBuilder#validator()}).
 */
public final class UploadValidator {

  /** What becomes of a message (or of several, for a reassembled split packet). */
  public sealed interface Outcome permits Accepted, Rejected, Held, Part {}

  /**
   * A reading to forward.
   *
   * @param reading the reading, stamped with the receive time
   * @param messages the MQTT messages it came from (several for a split packet); acked together
   * @param ackFrame the 9014 frame to publish once Kafka has the reading, or {@code null}
   */
  public record Accepted(Reading reading, List<InboundMessage> messages, String ackFrame)
      implements Outcome {}

  /**
   * Messages for the dead-letter topic, one record each.
   *
   * @param messages the message as received (every part, for a split packet that failed)
   * @param mn the MN their topic names, or {@code null}
   * @param error why they were rejected
   */
  public record Rejected(List<InboundMessage> messages, String mn, RejectedInputException error)
      implements Outcome {}

  /**
   * A checked part of a split packet, to forward as it is to the parts topic (keyed by MN), where
   * the bridge that reads the MN's partition puts the packet together ({@link PartsReassembler}).
   *
   * @param message the part as received
   * @param mn its MN
   * @param registryVersion the registry version it was checked against
   */
  public record Part(InboundMessage message, String mn, long registryVersion) implements Outcome {}

  /** A part of a split packet, kept until its group completes or times out. */
  public record Held() implements Outcome {}

  private static final Held HELD = new Held();

  private final MeterTopic topics;
  private final Supplier<RegistryInForce> registries;
  private final Hj212Codec hj212;
  private final ReadingJson json;
  private final SplitPacketReassembler reassembler;
  private final int maxPayloadBytes;
  private final Duration maxFutureSkew;
  private final boolean forwardParts;

  /** The messages of each incomplete split packet, keyed like the reassembler keys its groups. */
  private final Map<String, List<InboundMessage>> heldParts = new HashMap<>();

  UploadValidator(
      MeterTopic topics,
      Supplier<RegistryInForce> registries,
      Hj212Codec hj212,
      ReadingJson json,
      Duration splitTimeout,
      int maxPayloadBytes,
      Duration maxFutureSkew,
      boolean forwardParts) {
    this.topics = topics;
    this.registries = registries;
    this.hj212 = hj212;
    this.json = json;
    this.reassembler = new SplitPacketReassembler(splitTimeout);
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxFutureSkew = maxFutureSkew;
    this.forwardParts = forwardParts;
  }

  /** Decides one message; never throws. */
  public Outcome accept(InboundMessage m) {
    String topicMn = topics.mnOf(m.topic());
    RegistryInForce inForce = registries.get();
    try {
      if (m.payload().length > maxPayloadBytes) {
        // before any decoding: no copy of a large payload is made
        throw new RejectedInputException(
            ReasonCode.PAYLOAD_TOO_LARGE,
            "payload of " + m.payload().length + " bytes, the bridge takes " + maxPayloadBytes);
      }
      return switch (formatOf(m.payload())) {
        case '#' -> acceptHj212(m, topicMn, inForce);
        case '{' -> acceptJson(m, topicMn, inForce);
        default ->
            throw new RejectedInputException(
                ReasonCode.BAD_FRAME,
                "neither an HJ 212 packet (starting with ##) nor a JSON reading (starting with {)");
      };
    } catch (GroupRejected e) {
      return new Rejected(e.messages, topicMn, (RejectedInputException) e.getCause());
    } catch (RejectedInputException e) {
      return new Rejected(List.of(m), topicMn, e);
    } catch (RuntimeException e) {
      // a codec bug must not stop the bridge: the message goes to the DLQ, visible and replayable
      return new Rejected(
          List.of(m),
          topicMn,
          new RejectedInputException(ReasonCode.BAD_FIELD, "cannot decode: " + e, e));
    }
  }

  /** {@code #} for HJ 212, <code>{</code> for JSON, else 0; leading whitespace is skipped. */
  private static char formatOf(byte[] payload) {
    for (byte b : payload) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '#' || b == '{' ? (char) b : 0;
    }
    return 0;
  }

  private Outcome acceptHj212(InboundMessage m, String topicMn, RegistryInForce inForce)
      throws RejectedInputException {
    SiteRegistry registry = inForce.registry();
    Hj212Packet packet = hj212.parse(new String(m.payload(), StandardCharsets.UTF_8));
    checkMeter(registry, packet.mn(), topicMn);
    checkPassword(registry, packet);
    if (forwardParts && packet.isPart()) {
      return new Part(m, packet.mn(), inForce.version());
    }
    // only a part has a group: a whole packet (nearly every message) builds no key string
    String key = packet.isPart() ? SplitPacketReassembler.groupKey(packet) : null;
    if (key != null) {
      heldParts.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
    }
    Optional<Hj212Packet> whole;
    try {
      whole = reassembler.accept(packet, m.receiveTime());
    } catch (RejectedInputException e) {
      List<InboundMessage> held = heldParts.get(key);
      held.remove(m);
      if (held.isEmpty()) {
        heldParts.remove(key);
      }
      throw e;
    }
    if (whole.isEmpty()) {
      return HELD;
    }
    List<InboundMessage> messages = packet.isPart() ? heldParts.remove(key) : List.of(m);
    try {
      return whole(whole.get(), m.receiveTime(), inForce.version(), messages);
    } catch (RejectedInputException e) {
      if (messages.size() > 1) {
        // every part goes to the DLQ with the reason, so each MQTT message has its record
        throw new GroupRejected(messages, e);
      }
      throw e;
    }
  }

  /**
   * The reading of a whole packet (one that came whole, or put together from its parts), checked as
   * every reading is: future time, physical range.
   */
  Accepted whole(
      Hj212Packet whole, Instant receiveTime, long registryVersion, List<InboundMessage> messages)
      throws RejectedInputException {
    Reading reading = hj212.toReading(whole, receiveTime).withRegistryVersion(registryVersion);
    checkNotFuture(reading, receiveTime);
    PhysicalRange.check(reading);
    String ack = whole.ackRequested() ? hj212.dataAck(whole) : null;
    return new Accepted(reading, messages, ack);
  }

  /** The codec it decodes with. */
  Hj212Codec codec() {
    return hj212;
  }

  private Outcome acceptJson(InboundMessage m, String topicMn, RegistryInForce inForce)
      throws RejectedInputException {
    Reading reading =
        json.read(m.payload(), m.receiveTime())
            .withReceiveTime(m.receiveTime())
            .withRegistryVersion(inForce.version());
    checkMeter(inForce.registry(), reading.mn(), topicMn);
    if (inForce.registry() != null && !inForce.registry().jsonAllowed(reading.mn())) {
      throw new RejectedInputException(
          ReasonCode.JSON_NOT_ALLOWED,
          "the registry refuses JSON uploads from MN "
              + reading.mn()
              + " (they carry no PW); the meter must send HJ 212");
    }
    PhysicalRange.check(reading);
    return new Accepted(reading, List.of(m), null);
  }

  /**
   * A device clock years ahead would open windows and timers that stay in the job's state until the
   * watermark reaches them; the JSON codec applies the same check to JSON readings.
   */
  private void checkNotFuture(Reading r, Instant receiveTime) throws RejectedInputException {
    if (r.dataTime().isAfter(receiveTime.plus(maxFutureSkew))) {
      throw new RejectedInputException(
          ReasonCode.FUTURE_TIME,
          "DataTime "
              + hj212.calendar().isoLocal(r.dataTime())
              + " is more than "
              + maxFutureSkew
              + " after the receive time "
              + hj212.calendar().isoLocal(receiveTime));
    }
  }

  /** Spoofing: a meter may only publish under its own MN, and only a registered one. */
  private static void checkMeter(SiteRegistry registry, String payloadMn, String topicMn)
      throws RejectedInputException {
    if (topicMn == null || !topicMn.equals(payloadMn)) {
      throw new RejectedInputException(
          ReasonCode.MN_TOPIC_MISMATCH,
          "MN " + payloadMn + " in the payload, " + topicMn + " in the topic");
    }
    if (registry != null && registry.meter(payloadMn).isEmpty()) {
      throw new RejectedInputException(
          ReasonCode.UNKNOWN_MN, "MN " + payloadMn + " is not in the site registry");
    }
  }

  private static void checkPassword(SiteRegistry registry, Hj212Packet packet)
      throws RejectedInputException {
    if (registry == null) {
      return;
    }
    String expected = registry.meter(packet.mn()).map(MeterRef::password).orElse(null);
    if (expected != null && !expected.equals(packet.pw())) {
      // never echo either password: the DLQ is read by more people than the registry
      throw new RejectedInputException(
          ReasonCode.WRONG_PASSWORD,
          "PW does not match the device password registered for MN " + packet.mn());
    }
  }

  /**
   * The split packets whose parts did not all arrive in time: each held part becomes a {@link
   * ReasonCode#SPLIT_TIMEOUT} rejection.
   */
  public List<Rejected> expire(Instant now) {
    List<Rejected> out = new ArrayList<>();
    for (SplitPacketReassembler.Incomplete g : reassembler.expire(now)) {
      List<InboundMessage> parts = heldParts.remove(g.groupKey());
      if (parts == null) {
        continue;
      }
      out.add(new Rejected(parts, topics.mnOf(parts.get(0).topic()), reassembler.timedOut(g)));
    }
    return out;
  }

  /** How many split packets wait for parts. */
  public int pendingSplitPackets() {
    return reassembler.pending();
  }

  /** A reassembled packet that failed: all its parts are rejected together. */
  private static final class GroupRejected extends RejectedInputException {
    private static final long serialVersionUID = 1L;
    private final transient List<InboundMessage> messages;

    GroupRejected(List<InboundMessage> messages, RejectedInputException cause) {
      super(cause.reason(), cause.getMessage(), cause);
      this.messages = messages;
    }
  }
}
