package io.meterwatch.core.input;

/**
 * Why an input was rejected. One vocabulary for the codecs, the bridge's dead-letter topic and the
 * job's side outputs, documented in docs/reading-schema.md. Codes are stable: dashboards and tests
 * key on them.
 */
public enum ReasonCode {
  // HJ 212 framing and fields
  /**
   * Not an HJ 212 frame: missing {@code ##}, too short, non-digit length, missing {@code
   * CP=&&...&&}.
   */
  BAD_FRAME,
  /** The declared length differs from the data segment's length. */
  LENGTH_MISMATCH,
  /** The CRC differs from the one computed per HJ 212-2017 Annex A. */
  CRC_MISMATCH,
  /** A field is malformed: no {@code =}, bad number, unknown flag letter, bad PNUM/PNO. */
  BAD_FIELD,
  /** A required field (MN, CN, DataTime) is missing. */
  MISSING_FIELD,
  /** DataTime is not a calendar time. */
  BAD_TIME,
  /** A split packet's other parts did not arrive in time. */
  SPLIT_TIMEOUT,
  /** A well-formed packet whose CN carries no readings (heartbeats, logs, acknowledgements). */
  NOT_A_READING,

  // Canonical JSON
  /** Not parseable JSON, or not the canonical reading's shape. */
  BAD_JSON,
  /** A value is NaN, infinity or not a number. */
  NON_NUMERIC,
  /** A flag is not one of N F M S D C T B. */
  UNKNOWN_FLAG,
  /** The data time lies more than the allowed skew (default one day) in the future. */
  FUTURE_TIME,

  // Checks against the registry and physics (bridge)
  /** The MN is not in the site registry. */
  UNKNOWN_MN,
  /** The HJ 212 PW differs from the device password in the registry. */
  WRONG_PASSWORD,
  /**
   * A JSON upload from a meter whose registry entry (or the registry's {@code uploads.json})
   * refuses JSON: it carries no PW, so it cannot pass the password check.
   */
  JSON_NOT_ALLOWED,
  /** The MN in the payload differs from the MN in the MQTT topic (spoofing). */
  MN_TOPIC_MISMATCH,
  /** A value outside the parameter's physical range (negative concentration, O2 above 25 %...). */
  IMPOSSIBLE_VALUE,
  /**
   * The payload is larger than the bridge accepts ({@code --max-payload-bytes}); its dead letter
   * keeps the first bytes and a SHA-256 of the whole.
   */
  PAYLOAD_TOO_LARGE,
  /**
   * Kafka refused the record for good (too large for the topic, invalid): a retry cannot cure it,
   * so the message goes to the DLQ with a bounded copy instead of being resent forever.
   */
  KAFKA_REJECTED,

  // Stream processing
  /** Later than the job's allowed lateness. */
  LATE
}
