package io.meterwatch.core.hj212;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One HJ 212 packet (2017, or a 2005-era device's), as sent: header fields and the CP data area,
 * codes kept exactly as the device wrote them. {@link Hj212Codec} parses and encodes it; {@link
 * Hj212Codec#toReading} turns a data upload into a {@link io.meterwatch.core.model.Reading}.
 *
 * @param qn request number {@code yyyyMMddHHmmssSSS}, or {@code null} (2005-era devices omit it)
 * @param st system type, e.g. {@code 31} flue-gas source, {@code 32} wastewater, {@code 91} system
 * @param cn command number, e.g. {@code 2011} real-time data, {@code 9014} data acknowledgement
 * @param pw access password
 * @param mn the meter's unique number
 * @param flag the Flag bits {@code V5..V0 D A} as a number, or {@code null} when not sent
 * @param pnum total number of parts of a split packet, or {@code null}
 * @param pno this part's number (1-based) of a split packet, or {@code null}
 * @param cp the CP data area: items (separated by {@code ;}) of fields (separated by {@code ,}), in
 *     the order sent
 */
public record Hj212Packet(
    String qn,
    String st,
    String cn,
    String pw,
    String mn,
    Integer flag,
    Integer pnum,
    Integer pno,
    List<List<Field>> cp) {

  /** Flag bit A: the sender asks for an acknowledgement. */
  public static final int FLAG_ACK = 1;

  /** Flag bit D: the packet is one part of a split packet and carries PNUM and PNO. */
  public static final int FLAG_SPLIT = 2;

  /** The CP field that carries the data time. */
  public static final String DATA_TIME = "DataTime";

  /**
   * One CP field {@code name=value}, e.g. {@code a21026-Rtd=41.2} or {@code
   * DataTime=20210722130000}.
   *
   * @param name the field name as sent
   * @param value the value text as sent
   */
  public record Field(String name, String value) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    /**
     * The parameter code of a {@code code-suffix} field ({@code a21026} of {@code a21026-Rtd}), or
     * {@code null} for a plain field such as {@code DataTime}.
     */
    public String code() {
      int dash = name.lastIndexOf('-');
      return dash > 0 ? name.substring(0, dash) : null;
    }

    /**
     * The suffix of a {@code code-suffix} field ({@code Rtd}), or {@code null} for a plain field.
     */
    public String suffix() {
      int dash = name.lastIndexOf('-');
      return dash > 0 ? name.substring(dash + 1) : null;
    }

    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  public Hj212Packet {
    Objects.requireNonNull(st, "st");
    Objects.requireNonNull(cn, "cn");
    Objects.requireNonNull(pw, "pw");
    Objects.requireNonNull(mn, "mn");
    List<List<Field>> items = new ArrayList<>();
    for (List<Field> item : Objects.requireNonNull(cp, "cp")) {
      items.add(List.copyOf(item));
    }
    cp = List.copyOf(items);
  }

  /** A packet with the given CP items and no split header (PNUM/PNO absent). */
  public static Hj212Packet of(
      String qn, String st, String cn, String pw, String mn, Integer flag, List<List<Field>> cp) {
    return new Hj212Packet(qn, st, cn, pw, mn, flag, null, null, cp);
  }

  /** Every CP field in the order sent, items flattened. */
  public List<Field> fields() {
    return cp.stream().flatMap(List::stream).toList();
  }

  /** The value of the first CP field with this name, or {@code null}. */
  public String cpValue(String name) {
    for (List<Field> item : cp) {
      for (Field f : item) {
        if (f.name().equals(name)) {
          return f.value();
        }
      }
    }
    return null;
  }

  /** The CP fields as a map by name, in the order sent (a repeated name keeps its first value). */
  public Map<String, String> cpMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Field f : fields()) {
      map.putIfAbsent(f.name(), f.value());
    }
    return map;
  }

  /** The {@code DataTime} text as sent (local time, no zone), or {@code null}. */
  public String dataTime() {
    return cpValue(DATA_TIME);
  }

  /** The CP data area as text, without the enclosing {@code &&}. */
  public String cpText() {
    return cp.stream()
        .map(item -> item.stream().map(Field::toString).collect(Collectors.joining(",")))
        .collect(Collectors.joining(";"));
  }

  /** Whether the sender asks for an acknowledgement (Flag bit A, bit 0). */
  public boolean ackRequested() {
    return flag != null && (flag & FLAG_ACK) != 0;
  }

  /** Whether the Flag marks the packet as a part of a split packet (Flag bit D, bit 1). */
  public boolean splitFlagged() {
    return flag != null && (flag & FLAG_SPLIT) != 0;
  }

  /** Whether the packet is one part of several (it carries PNUM greater than one). */
  public boolean isPart() {
    return pnum != null && pnum > 1;
  }

  /**
   * The protocol version in the Flag's bits V5..V0: 1 for HJ 212-2017, 0 for 2005-era devices;
   * {@code null} when no Flag was sent.
   */
  public Integer protocolVersion() {
    return flag == null ? null : flag >> 2;
  }

  /** What the CN means, e.g. "hourly data" for 2061. */
  public String cnMeaning() {
    return Hj212Vocabulary.commandMeaning(cn);
  }

  /** What the ST means, e.g. "flue-gas source" for 31. */
  public String stMeaning() {
    return Hj212Vocabulary.systemMeaning(st);
  }
}
