package io.meterwatch.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One upload from one meter, in the canonical form every part of the pipeline shares (Kafka topic
 * {@code meter.readings}, key = MN; schema in docs/reading-schema.md).
 *
 * @param mn the meter's unique number (HJ 212 MN)
 * @param dataTime the sampling instant (real-time) or the start of the period (aggregates)
 * @param kind real-time, minute, hour or day
 * @param samples per-parameter values keyed by 2017 parameter code, in the order sent
 * @param qn the request number (HJ 212 QN) as sent, or {@code null} (2005-era devices omit it)
 * @param st the system type (HJ 212 ST) as sent, or {@code null}
 * @param receiveTime when the bridge received the message
 * @param format the wire format it arrived in
 * @param registryVersion the version of the site registry the bridge judged it by (0: none
 *     recorded, e.g. a reading written by another tool); the job waits for that version before
 *     judging it
 */
public record Reading(
    String mn,
    Instant dataTime,
    ReadingKind kind,
    Map<String, Sample> samples,
    String qn,
    String st,
    Instant receiveTime,
    SourceFormat format,
    long registryVersion) {

  public Reading {
    Objects.requireNonNull(mn, "mn");
    Objects.requireNonNull(dataTime, "dataTime");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(format, "format");
    samples = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(samples)));
    if (registryVersion < 0) {
      throw new IllegalArgumentException("registryVersion must be >= 0, got " + registryVersion);
    }
  }

  /** A reading with no registry version recorded. */
  public Reading(
      String mn,
      Instant dataTime,
      ReadingKind kind,
      Map<String, Sample> samples,
      String qn,
      String st,
      Instant receiveTime,
      SourceFormat format) {
    this(mn, dataTime, kind, samples, qn, st, receiveTime, format, 0);
  }

  /** The sample for a 2017 parameter code, or {@code null}. */
  public Sample sample(String code) {
    return samples.get(code);
  }

  /** This reading with another receive time (the bridge stamps it). */
  public Reading withReceiveTime(Instant t) {
    return new Reading(mn, dataTime, kind, samples, qn, st, t, format, registryVersion);
  }

  /** This reading judged by another registry version (the bridge records it). */
  public Reading withRegistryVersion(long version) {
    return new Reading(mn, dataTime, kind, samples, qn, st, receiveTime, format, version);
  }
}
