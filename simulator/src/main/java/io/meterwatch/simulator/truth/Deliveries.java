package io.meterwatch.simulator.truth;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.device.Device;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.manifest.Manifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records what the links let through, lost, replaced and had rejected, with the data times the job
 * sees: the input of {@link GroundTruth}. Outlet meters' real-time data are kept minute by minute
 * per hour, counter meters' registers by data time.
 */
public final class Deliveries {
  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final Map<String, Map<Instant, OutletHour>> hours = new HashMap<>();
  private final Map<String, TreeMap<Instant, Double>> registers = new HashMap<>();
  private final List<Manifest.ExpectedRejection> rejections = new ArrayList<>();
  private final Map<String, long[]> perFault = new HashMap<>(); // [rejected, lost]
  private long validReadings;
  private long duplicates;
  private long lost;

  public Deliveries(SiteRegistry registry, LocalCalendar calendar) {
    this.registry = registry;
    this.calendar = calendar;
  }

  // ------------------------------------------------------------------ recording

  /** A reading reached the pipeline intact. */
  public void delivered(Device d, Reading r) {
    validReadings++;
    if (r.kind() != ReadingKind.REAL_TIME) {
      return;
    }
    MeterRef ref = registry.meter(r.mn()).orElse(null);
    if (ref == null) {
      return;
    }
    if (ref.outlet() == null) {
      for (Sample s : r.samples().values()) {
        Double v = s.value(Sample.RTD);
        if (v != null) {
          registers.computeIfAbsent(r.mn(), k -> new TreeMap<>()).put(r.dataTime(), v);
        }
      }
      return;
    }
    Instant hour = calendar.hourStart(r.dataTime());
    int minute = calendar.local(r.dataTime()).getMinute();
    OutletHour slot =
        hours
            .computeIfAbsent(r.mn(), k -> new TreeMap<>())
            .computeIfAbsent(hour, k -> new OutletHour());
    for (Sample s : r.samples().values()) {
      slot.add(s.code(), minute, s.flag(), s.isValidData(), s.value(Sample.RTD));
    }
  }

  /** A reading fault {@code f} kept from the pipeline. */
  public void lost(Device d, Reading r, Fault f) {
    lost++;
    perFault.computeIfAbsent(f.id(), k -> new long[2])[1]++;
  }

  /** A reading a fault replaced by something else (a malformed or spoofed message). */
  public void replaced(Device d, Reading r, String faultId) {
    lost++;
    perFault.computeIfAbsent(faultId, k -> new long[2])[1]++;
  }

  /** A message the pipeline must reject with {@code reason}. */
  public void rejected(String topic, byte[] payload, ReasonCode reason, String faultId) {
    rejections.add(
        new Manifest.ExpectedRejection(
            topic, reason.name(), faultId, Manifest.payloadSha256(payload)));
    perFault.computeIfAbsent(faultId, k -> new long[2])[0]++;
  }

  /** A byte-identical second copy of a delivered message. */
  public void duplicate() {
    duplicates++;
  }

  // ------------------------------------------------------------------ queries

  /** The delivered hours of outlet meter {@code mn}, by hour start in time order. */
  Map<Instant, OutletHour> hoursOf(String mn) {
    return hours.getOrDefault(mn, Map.of());
  }

  /** A counter meter's amount over [from, to): register differences as docs/rules.md (Q1) says. */
  Double amount(String mn, Instant from, Instant to) {
    TreeMap<Instant, Double> r = registers.get(mn);
    if (r == null) {
      return null;
    }
    Map.Entry<Instant, Double> lastIn = r.lowerEntry(to);
    if (lastIn == null || lastIn.getKey().isBefore(from)) {
      return null;
    }
    Map.Entry<Instant, Double> before = r.lowerEntry(from);
    Map.Entry<Instant, Double> firstIn = r.ceilingEntry(from);
    return lastIn.getValue() - (before != null ? before.getValue() : firstIn.getValue());
  }

  /** The amount over [from, to), 0 when none is known. */
  double amountOrZero(String mn, Instant from, Instant to) {
    Double a = amount(mn, from, to);
    return a == null ? 0 : a;
  }

  List<Manifest.ExpectedRejection> rejections() {
    return List.copyOf(rejections);
  }

  /** Messages of fault {@code id} rejected and lost. */
  long[] faultCounts(String id) {
    return perFault.getOrDefault(id, new long[2]);
  }

  Manifest.Counts counts(long published) {
    return new Manifest.Counts(published, validReadings, duplicates, rejections.size(), lost);
  }
}
