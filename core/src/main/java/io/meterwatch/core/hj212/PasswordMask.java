package io.meterwatch.core.hj212;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hides the HJ 212 access password (the header's {@code PW}) in text that leaves the bridge: dead
 * letters and 9014 acknowledgements. The DLQ and the ack topics are read by more people than the
 * registry, and a meter password seen there lets anyone upload in that meter's name.
 *
 * <p>Every {@code PW=} header field in front of a segment's {@code CP=&&} becomes {@link #MASKED}
 * whatever its length (an empty password too), so the evidence tells nothing about the password.
 * The rest of the payload stays byte for byte as received; the length and CRC fields are left as
 * sent (recomputing them would hide a {@code CRC_MISMATCH}), so a masked frame's CRC no longer
 * matches when the password was not six characters long or differed from {@code ******}.
 */
public final class PasswordMask {
  /** What a masked password reads as. */
  public static final String MASKED = "******";

  private static final byte[] MASK = MASKED.getBytes(StandardCharsets.US_ASCII);

  private PasswordMask() {}

  /**
   * The payload with every HJ 212 header {@code PW} value replaced by {@link #MASKED}; the same
   * array when there is none (JSON, binary, a frame without PW).
   */
  public static byte[] mask(byte[] payload) {
    byte[] out = payload;
    int from = 0;
    while (true) {
      int at = headerPw(out, from);
      if (at < 0) {
        return out;
      }
      int start = at + 3;
      int end = start;
      while (end < out.length && out[end] != ';' && out[end] != '&' && out[end] != '\r') {
        end++;
      }
      byte[] masked = new byte[out.length - (end - start) + MASK.length];
      System.arraycopy(out, 0, masked, 0, start);
      System.arraycopy(MASK, 0, masked, start, MASK.length);
      System.arraycopy(out, end, masked, start + MASK.length, out.length - end);
      out = masked;
      from = start + MASK.length;
    }
  }

  /** The text with every HJ 212 header {@code PW} value replaced by {@link #MASKED}. */
  public static String mask(String text) {
    if (text == null || !text.contains("PW=")) {
      return text;
    }
    return new String(mask(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  /**
   * The index of the next {@code PW=} that starts a header field (after {@code ##dddd} or a {@code
   * ;}), searching from {@code from}; -1 when none. A {@code PW=} inside the CP area (after {@code
   * CP=&&}, up to its closing {@code &&}) is data, not the password, and is skipped.
   */
  private static int headerPw(byte[] b, int from) {
    boolean inCp = false;
    for (int i = from; i + 2 < b.length; i++) {
      if (inCp) {
        if (b[i] == '&' && b[i + 1] == '&') {
          inCp = false;
          i++;
        }
        continue;
      }
      if (b[i] == 'C'
          && b[i + 1] == 'P'
          && b[i + 2] == '='
          && i + 4 < b.length
          && b[i + 3] == '&'
          && b[i + 4] == '&') {
        inCp = true;
        i += 4;
        continue;
      }
      if (b[i] == 'P' && b[i + 1] == 'W' && b[i + 2] == '=' && startsField(b, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsField(byte[] b, int i) {
    if (i > 0 && b[i - 1] == ';') {
      return true;
    }
    // right after "##" and four length digits
    return i >= 6
        && b[i - 6] == '#'
        && b[i - 5] == '#'
        && isDigits(Arrays.copyOfRange(b, i - 4, i));
  }

  private static boolean isDigits(byte[] b) {
    for (byte x : b) {
      if (x < '0' || x > '9') {
        return false;
      }
    }
    return true;
  }
}
