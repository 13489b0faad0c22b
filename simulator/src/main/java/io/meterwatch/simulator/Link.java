package io.meterwatch.simulator;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.device.Device;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.publish.PayloadEncoder;
import io.meterwatch.simulator.scenario.FaultKind;
import io.meterwatch.simulator.truth.Deliveries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The path from one device to the broker, where the transmission faults happen: clock skew, loss,
 * corruption, spoofing, duplication, reordering and back-fill. Everything it decides is reported to
 * the ground truth.
 */
final class Link {
  private final Device device;
  private final List<Fault> faults;
  private final PayloadEncoder encoder;
  private final LocalCalendar calendar;
  private final Function<String, String> topicOf;
  private final Function<String, String> passwordOf;
  private final Consumer<Outgoing> queue;
  private final Deliveries deliveries;
  private final long[] seq;
  private final Map<Fault, Integer> used = new HashMap<>();
  private final List<Outgoing> reorderBuffer = new ArrayList<>();
  private Fault reorderFault;

  Link(
      Device device,
      List<Fault> faults,
      PayloadEncoder encoder,
      LocalCalendar calendar,
      Function<String, String> topicOf,
      Function<String, String> passwordOf,
      Consumer<Outgoing> queue,
      Deliveries deliveries,
      long[] seq) {
    this.device = device;
    this.faults = faults;
    this.encoder = encoder;
    this.calendar = calendar;
    this.topicOf = topicOf;
    this.passwordOf = passwordOf;
    this.queue = queue;
    this.deliveries = deliveries;
    this.seq = seq;
  }

  /**
   * Sends one reading produced at simulated time t.
   *
   * @param index the reading's position among the device's readings of this tick: QN gets it as
   *     milliseconds, so two packets of a device never share a QN
   */
  void transmit(Reading produced, Instant t, int index) {
    Duration skew = Duration.ZERO;
    Fault skewFault = null;
    for (Fault f : faults) {
      if (f.kind() == FaultKind.CLOCK_SKEW && f.activeAt(t)) {
        skew = skew.plus(f.offset());
        skewFault = f;
      }
    }
    Instant deviceNow = t.plus(skew).plusMillis(index);
    Reading r =
        new Reading(
            produced.mn(),
            produced.dataTime().plus(skew),
            produced.kind(),
            produced.samples(),
            calendar.formatQn(deviceNow),
            produced.st(),
            null,
            produced.format());

    for (Fault f : faults) {
      if (f.kind() == FaultKind.OFFLINE && f.activeAt(t)) {
        deliveries.lost(device, r, f);
        return;
      }
    }
    String topic = topicOf.apply(device.mn());
    byte[] payload = null;
    ReasonCode rejectAs = null;
    String faultId = skewFault == null ? null : skewFault.id();
    for (Fault f : faults) {
      // corruption and spoofing hit real-time packets, so that aggregates stay complete and the
      // effect on the receiver is exactly the rejected packets
      if ((f.kind() == FaultKind.MALFORMED || f.kind() == FaultKind.SPOOFED_MN)
          && produced.kind() == ReadingKind.REAL_TIME
          && f.activeAt(t)
          && used.getOrDefault(f, 0) < f.count()) {
        used.merge(f, 1, Integer::sum);
        faultId = f.id();
        if (f.kind() == FaultKind.MALFORMED) {
          PayloadEncoder.Corrupted c = encoder.corrupt(f.variant(), r, device.password());
          payload = c.payload();
          rejectAs = c.reason();
        } else if (f.variant().equals("payload-mn")) {
          Reading spoofed =
              new Reading(
                  f.victimMn(),
                  r.dataTime(),
                  r.kind(),
                  r.samples(),
                  r.qn(),
                  r.st(),
                  null,
                  r.format());
          payload = encoder.encode(spoofed, passwordOf.apply(f.victimMn()));
          rejectAs = ReasonCode.MN_TOPIC_MISMATCH;
        } else {
          topic = topicOf.apply(f.victimMn());
          rejectAs = ReasonCode.MN_TOPIC_MISMATCH;
        }
        break;
      }
    }
    if (payload == null) {
      payload = encoder.encode(r, device.password());
    }
    Reading carried = rejectAs == null ? r : null;
    if (rejectAs != null) {
      deliveries.replaced(device, r, faultId);
    }

    int copies = 1;
    Instant sendTime = t;
    for (Fault f : faults) {
      if (!f.activeAt(t)) {
        continue;
      }
      switch (f.kind()) {
        case DUPLICATES -> {
          copies = 2;
          faultId = f.id();
        }
        case BACKFILL -> {
          sendTime = f.to();
          faultId = f.id();
        }
        default -> {}
      }
    }
    if (rejectAs == null) {
      deliveries.delivered(device, r);
    }
    for (int i = 0; i < copies; i++) {
      if (rejectAs != null) {
        deliveries.rejected(topic, payload, rejectAs, faultId);
      }
      if (i > 0) {
        deliveries.duplicate();
      }
    }
    for (Fault f : faults) {
      if (f.kind() == FaultKind.OUT_OF_ORDER && f.activeAt(t)) {
        reorderFault = f;
        for (int i = 0; i < copies; i++) {
          reorderBuffer.add(new Outgoing(sendTime, 0, topic, payload, carried, f.id(), rejectAs));
        }
        if (reorderBuffer.size() >= f.window()) {
          releaseReordered(t);
        }
        return;
      }
    }
    for (int i = 0; i < copies; i++) {
      queue.accept(new Outgoing(sendTime, seq[0]++, topic, payload, carried, faultId, rejectAs));
    }
  }

  /** End of a tick: releases a reorder block whose fault is over. */
  void endTick(Instant t, boolean last) {
    if (reorderFault != null && (last || !reorderFault.activeAt(t.plusMillis(1)))) {
      releaseReordered(t);
    }
  }

  /** Releases the held block in reverse order, all at t. */
  private void releaseReordered(Instant t) {
    for (int i = reorderBuffer.size() - 1; i >= 0; i--) {
      Outgoing o = reorderBuffer.get(i);
      Instant when = o.sendTime().isAfter(t) ? o.sendTime() : t;
      queue.accept(
          new Outgoing(
              when, seq[0]++, o.topic(), o.payload(), o.reading(), o.faultId(), o.rejectAs()));
    }
    reorderBuffer.clear();
    if (reorderFault != null && !reorderFault.activeAt(t.plusMillis(1))) {
      reorderFault = null;
    }
  }
}
