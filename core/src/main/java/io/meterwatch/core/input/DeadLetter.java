package io.meterwatch.core.input;

import io.meterwatch.core.hj212.PasswordMask;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An input that could not become a reading, kept whole for the dead-letter topic ({@code
 * meter.readings.dlq}; JSON form in docs/reading-schema.md). Nothing is lost: the original bytes
 * travel with where and when they came from and why they were rejected; {@link #of} masks the HJ
 * 212 password ({@code PW=******}, {@link PasswordMask}), the only byte change.
 *
 * @param original the payload exactly as received
 * @param source where it came from: the MQTT topic (bridge) or the Kafka topic (job)
 * @param receiveTime when it was received
 * @param reason why it was rejected
 * @param message a human explanation naming the offending field
 */
public record DeadLetter(
    byte[] original, String source, Instant receiveTime, ReasonCode reason, String message) {

  public DeadLetter {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(reason, "reason");
    original = original.clone();
  }

  /**
   * The dead letter for a rejected input, with the HJ 212 password masked in the original and in
   * the message: the DLQ is read by more people than the registry.
   */
  public static DeadLetter of(
      byte[] original, String source, Instant receiveTime, RejectedInputException e) {
    return new DeadLetter(
        PasswordMask.mask(original),
        source,
        receiveTime,
        e.reason(),
        PasswordMask.mask(e.getMessage()));
  }

  /** Characters of {@code message} and {@code source} a bounded dead letter keeps. */
  public static final int MAX_TEXT_CHARS = 1000;

  /**
   * The dead letter for a rejected input, of bounded size whatever the input: an original longer
   * than {@code maxCopyBytes} is cut to its first {@code maxCopyBytes} bytes and the message then
   * says the full size and the SHA-256 of the whole (so the copy can still be matched with the
   * device's log), and message and source are cut to {@link #MAX_TEXT_CHARS}. A dead letter must
   * itself fit a Kafka record: one that does not would be refused and resent forever. The HJ 212
   * password is masked in the copy and the message, as in {@link #of}.
   */
  public static DeadLetter bounded(
      byte[] original,
      String source,
      Instant receiveTime,
      ReasonCode reason,
      String message,
      int maxCopyBytes) {
    if (maxCopyBytes < 0) {
      throw new IllegalArgumentException("maxCopyBytes must be >= 0, was " + maxCopyBytes);
    }
    String text = message == null ? "" : PasswordMask.mask(message);
    byte[] copy = PasswordMask.mask(original);
    if (copy.length > maxCopyBytes) {
      copy = Arrays.copyOf(copy, maxCopyBytes);
      String note =
          " [original "
              + original.length
              + " bytes, sha256 "
              + sha256(original)
              + "; first "
              + maxCopyBytes
              + " bytes kept]";
      text = cut(text, MAX_TEXT_CHARS - note.length()) + note;
    } else {
      text = cut(text, MAX_TEXT_CHARS);
    }
    return new DeadLetter(
        copy, source == null ? null : cut(source, MAX_TEXT_CHARS), receiveTime, reason, text);
  }

  /** The SHA-256 of the bytes, as 64 lower-case hex digits. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
  }

  /** A copy of the original bytes. */
  @Override
  public byte[] original() {
    return original.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d
        && Arrays.equals(original, d.original)
        && Objects.equals(source, d.source)
        && Objects.equals(receiveTime, d.receiveTime)
        && reason == d.reason
        && Objects.equals(message, d.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(original), source, receiveTime, reason, message);
  }

  @Override
  public String toString() {
    String text = new String(original, StandardCharsets.UTF_8);
    if (text.length() > 120) {
      text = text.substring(0, 120) + "...";
    }
    return "DeadLetter["
        + reason
        + " from "
        + source
        + " at "
        + receiveTime
        + ": "
        + message
        + " | "
        + text
        + "]";
  }
}
