package io.meterwatch.core.hj212;

import io.meterwatch.core.hj212.Hj212Packet.Field;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.time.LocalCalendar;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Parses and writes HJ 212-2017 packets (and those of 2005-era devices). Rules, reason codes and
 * examples: docs/hj212.md.
 *
 * <p>Frame: {@code ##} + four decimal digits (the data segment's length in UTF-8 bytes) + data
 * segment + four hex digits (CRC of the data segment per Annex A) + CR LF. Lenient where real
 * devices deviate and nothing is at stake (CR LF missing or written as the literal text {@code
 * \r\n}, CRC hex in either case, packets over the nominal 1024 characters); never lenient on the
 * length or the CRC.
 *
 * <p>Thread-safe and serializable: one instance can be shared by a bridge or a Flink operator.
 */
public final class Hj212Codec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The text some tools write instead of the CR LF trailer. */
  private static final String LITERAL_CRLF = "\\r\\n";

  /**
   * Strict decimal number: what HJ 212 devices write; rejects NaN, Infinity, hex and type suffixes.
   * The exponent has at most two digits: HJ 212 writes no exponents at all, and a long one ({@code
   * 1e-999999999}) makes exact decimal printing run out of memory.
   */
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,2})?");

  // Bounds from HJ 212-2017 (section 6.3, table 4 and the data types of Annex B): every count and
  // width the decoder accepts is capped, so that no single packet can make it allocate or print
  // without limit. Documented in docs/hj212.md.

  /** The data segment's length field has four digits. */
  public static final int MAX_DATA_SEGMENT_BYTES = 9999;

  /**
   * The longest frame text {@link #parse} reads: {@code ##}, 4 length digits, the segment, 4 CRC
   * digits and CR LF, plus slack for whitespace and a literal {@code \r\n} around it.
   */
  public static final int MAX_FRAME_CHARS = 2 + 4 + MAX_DATA_SEGMENT_BYTES + 4 + 2 + 64;

  /** Characters of a value ({@code N14.2} is 17 with sign and point; room for exponents). */
  public static final int MAX_NUMBER_CHARS = 32;

  /** CP fields of one packet: a 9999-byte segment of the shortest real fields holds fewer. */
  public static final int MAX_CP_FIELDS = 1000;

  /** PNUM and PNO are N4: at most 9999 parts. */
  public static final int MAX_PARTS = 9999;

  /** Widths of the header fields (ST C5, CN C7, Flag N3, PNUM N4, PNO N4, QN C20, MN C24). */
  private static final Map<String, Integer> HEADER_WIDTH =
      Map.of("ST", 5, "CN", 7, "Flag", 3, "PNUM", 4, "PNO", 4, "QN", 20, "MN", 24);

  /** Suffixes whose value is not a number. */
  private static final String FLAG = "Flag";

  private static final String EFLAG = "EFlag";
  private static final String SAMPLE_TIME = "SampleTime";

  private final LocalCalendar calendar;

  /** A codec reading DataTime in the default zone, Asia/Shanghai. */
  public Hj212Codec() {
    this(LocalCalendar.defaultCalendar());
  }

  /** A codec reading and writing DataTime in the calendar's zone. */
  public Hj212Codec(LocalCalendar calendar) {
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  /** The calendar DataTime is read and written in. */
  public LocalCalendar calendar() {
    return calendar;
  }

  // ---------------------------------------------------------------- CRC and framing

  /**
   * The CRC of a data segment per HJ 212-2017 Annex A, as four upper-case hex digits: register
   * 0xFFFF; for each byte, register = (register >> 8) XOR byte, then eight times shift right and
   * XOR 0xA001 when the bit shifted out was 1. Computed over the segment's UTF-8 bytes. Not
   * CRC-16/MODBUS (which XORs the byte into the low half of the register).
   */
  public static String crc(String dataSegment) {
    int reg = 0xFFFF;
    for (byte b : dataSegment.getBytes(StandardCharsets.UTF_8)) {
      // (reg >> 8) ^ b is at most 0xFF, so the eight shift rounds depend on one byte: a table.
      reg = CRC_TABLE[(reg >> 8) ^ (b & 0xFF)];
    }
    // four upper-case hex digits without String.format: the bridge checks a CRC per packet
    char[] hex = new char[4];
    for (int i = 3; i >= 0; i--) {
      hex[i] = HEX[reg & 0xF];
      reg >>= 4;
    }
    return new String(hex);
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The eight shift-and-XOR rounds of Annex A for every register value 0..255. */
  private static final int[] CRC_TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int reg = i;
      for (int round = 0; round < 8; round++) {
        boolean lsb = (reg & 1) != 0;
        reg >>= 1;
        if (lsb) {
          reg ^= 0xA001;
        }
      }
      CRC_TABLE[i] = reg;
    }
  }

  /**
   * A complete frame around a data segment: {@code ##}, the length, the segment, the CRC and CR LF.
   *
   * @throws IllegalArgumentException when the segment is longer than 9999 bytes, which four length
   *     digits cannot declare
   */
  public static String frame(String dataSegment) {
    int length = dataSegment.getBytes(StandardCharsets.UTF_8).length;
    if (length > 9999) {
      throw new IllegalArgumentException(
          "data segment of " + length + " bytes does not fit the 4-digit length field");
    }
    return String.format(Locale.ROOT, "##%04d", length) + dataSegment + crc(dataSegment) + "\r\n";
  }

  // ---------------------------------------------------------------- parsing

  /**
   * Parses one frame.
   *
   * @throws RejectedInputException with {@link ReasonCode#BAD_FRAME} (no {@code ##}, too short,
   *     length or CRC not digits, no {@code CP=&&...&&}), {@link ReasonCode#LENGTH_MISMATCH},
   *     {@link ReasonCode#CRC_MISMATCH}, {@link ReasonCode#BAD_FIELD} (a field without {@code =},
   *     an unknown or repeated header field, a non-numeric ST, CN, Flag, PNUM or PNO) or {@link
   *     ReasonCode#MISSING_FIELD} (no ST, CN or MN, or empty; no PW at all; PNUM without PNO or the
   *     reverse)
   */
  public Hj212Packet parse(String frame) throws RejectedInputException {
    if (frame == null) {
      throw new RejectedInputException(ReasonCode.BAD_FRAME, "no packet");
    }
    if (frame.length() > MAX_FRAME_CHARS) {
      throw new RejectedInputException(
          ReasonCode.PAYLOAD_TOO_LARGE,
          "an HJ 212 packet has at most "
              + MAX_FRAME_CHARS
              + " characters (4-digit length field), this one "
              + frame.length());
    }
    String f = stripTrailer(frame);
    if (!f.startsWith("##")) {
      throw new RejectedInputException(
          ReasonCode.BAD_FRAME, "an HJ 212 packet starts with ##: " + abbreviate(f));
    }
    if (f.length() < 10) {
      throw new RejectedInputException(
          ReasonCode.BAD_FRAME, "too short for an HJ 212 packet: " + abbreviate(f));
    }
    String declared = f.substring(2, 6);
    if (!declared.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new RejectedInputException(
          ReasonCode.BAD_FRAME, "the length after ## must be 4 decimal digits: " + declared);
    }
    String sentCrc = f.substring(f.length() - 4);
    if (!sentCrc.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new RejectedInputException(
          ReasonCode.BAD_FRAME, "the packet must end with 4 hex CRC digits: " + sentCrc);
    }
    String data = f.substring(6, f.length() - 4);
    int length = data.getBytes(StandardCharsets.UTF_8).length;
    if (length != Integer.parseInt(declared)) {
      throw new RejectedInputException(
          ReasonCode.LENGTH_MISMATCH,
          "declared length " + declared + ", data segment has " + length + " bytes");
    }
    String computed = crc(data);
    if (!computed.equalsIgnoreCase(sentCrc)) {
      throw new RejectedInputException(
          ReasonCode.CRC_MISMATCH, "CRC " + sentCrc + " sent, " + computed + " computed");
    }
    return parseDataSegment(data);
  }

  /** Removes whitespace, CR LF and the literal text {@code \r\n} around the frame. */
  private static String stripTrailer(String frame) {
    String f = frame.strip();
    while (f.endsWith(LITERAL_CRLF)) {
      f = f.substring(0, f.length() - LITERAL_CRLF.length()).strip();
    }
    return f;
  }

  private static Hj212Packet parseDataSegment(String data) throws RejectedInputException {
    int cpAt = 0;
    if (!data.startsWith("CP=&&")) {
      int semicolon = data.indexOf(";CP=&&");
      if (semicolon < 0) {
        throw new RejectedInputException(ReasonCode.BAD_FRAME, "no CP=&&...&& data area");
      }
      cpAt = semicolon + 1;
    }
    int cpStart = cpAt + "CP=&&".length();
    if (!data.endsWith("&&") || data.length() - 2 < cpStart) {
      throw new RejectedInputException(
          ReasonCode.BAD_FRAME, "the CP data area must end with && at the end of the segment");
    }
    Map<String, String> header = new LinkedHashMap<>();
    for (String part : data.substring(0, cpAt).split(";")) {
      if (part.isEmpty()) {
        continue;
      }
      Field field = field("header", part);
      String name = field.name();
      if (!HEADER_FIELDS.contains(name)) {
        throw new RejectedInputException(
            ReasonCode.BAD_FIELD, "unknown header field " + abbreviate(name));
      }
      if (header.putIfAbsent(name, field.value()) != null) {
        throw new RejectedInputException(ReasonCode.BAD_FIELD, "header field repeated: " + name);
      }
      Integer width = HEADER_WIDTH.get(name);
      if (width != null && field.value().length() > width) {
        throw new RejectedInputException(
            ReasonCode.BAD_FIELD,
            name + " has at most " + width + " characters: " + abbreviate(field.value()));
      }
    }
    String st = required(header, "ST");
    String cn = required(header, "CN");
    // Present but possibly empty: real devices send "PW=;" (the bridge checks it against the
    // registry, where an empty password is simply wrong).
    String pw = header.get("PW");
    if (pw == null) {
      throw new RejectedInputException(ReasonCode.MISSING_FIELD, "no PW in the header");
    }
    String mn = required(header, "MN");
    digits("ST", st);
    digits("CN", cn);
    Integer flag = optionalInt(header, "Flag");
    Integer pnum = optionalInt(header, "PNUM");
    Integer pno = optionalInt(header, "PNO");
    if ((pnum == null) != (pno == null)) {
      throw new RejectedInputException(
          ReasonCode.MISSING_FIELD, "a split packet needs both PNUM and PNO");
    }
    if (pnum != null && (pnum < 1 || pno < 1 || pno > pnum)) {
      throw new RejectedInputException(
          ReasonCode.BAD_FIELD, "PNO " + pno + " of PNUM " + pnum + " is not a part number");
    }
    String qn = header.get("QN");
    List<List<Field>> cp = parseCp(data.substring(cpStart, data.length() - 2));
    return new Hj212Packet(qn, st, cn, pw, mn, flag, pnum, pno, cp);
  }

  private static final List<String> HEADER_FIELDS =
      List.of("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO");

  private static List<List<Field>> parseCp(String text) throws RejectedInputException {
    List<List<Field>> items = new ArrayList<>();
    int fields = 0;
    for (String itemText : text.split(";")) {
      List<Field> item = new ArrayList<>();
      for (String fieldText : itemText.split(",")) {
        if (fieldText.isEmpty()) {
          continue;
        }
        if (++fields > MAX_CP_FIELDS) {
          throw new RejectedInputException(
              ReasonCode.BAD_FIELD, "more than " + MAX_CP_FIELDS + " fields in CP");
        }
        item.add(field("CP", fieldText));
      }
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    return items;
  }

  /** Splits {@code name=value} at the first {@code =}; the name must not be empty. */
  private static Field field(String where, String text) throws RejectedInputException {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new RejectedInputException(
          ReasonCode.BAD_FIELD, where + " field without name=value: " + abbreviate(text));
    }
    return new Field(text.substring(0, eq), text.substring(eq + 1));
  }

  private static String required(Map<String, String> header, String name)
      throws RejectedInputException {
    String v = header.get(name);
    if (v == null || v.isEmpty()) {
      throw new RejectedInputException(ReasonCode.MISSING_FIELD, "no " + name + " in the header");
    }
    return v;
  }

  /** One to nine ASCII decimal digits (what {@code \\d{1,9}} matches), without a regex. */
  private static boolean isDigits(String value) {
    int len = value.length();
    if (len < 1 || len > 9) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static void digits(String name, String value) throws RejectedInputException {
    if (!isDigits(value)) {
      throw new RejectedInputException(
          ReasonCode.BAD_FIELD, name + " must be decimal digits: " + abbreviate(value));
    }
  }

  private static Integer optionalInt(Map<String, String> header, String name)
      throws RejectedInputException {
    String v = header.get(name);
    if (v == null) {
      return null;
    }
    digits(name, v);
    return Integer.valueOf(v);
  }

  // ---------------------------------------------------------------- packet -> reading

  /**
   * The reading a data upload carries (CN 2011 real-time, 2051 minute, 2061 hourly, 2031 daily).
   * Samples are keyed by the 2017 code ({@link ParameterCatalogue#normalize}: 2005 codes mapped,
   * the sent code kept in {@link Sample#sentCode()}); every numeric suffix is kept ({@code Rtd,
   * Avg, Min, Max, Cou, ZsRtd, ZsAvg, ...}, equipment {@code RS}/{@code RT}); values are not
   * rescaled.
   *
   * @throws RejectedInputException {@link ReasonCode#NOT_A_READING} for other CNs, {@link
   *     ReasonCode#MISSING_FIELD} without DataTime, {@link ReasonCode#BAD_TIME} when DataTime or a
   *     SampleTime is no calendar time, {@link ReasonCode#BAD_FIELD} for a non-numeric value, an
   *     unknown flag letter or a value sent twice with different contents
   */
  public Reading toReading(Hj212Packet p, Instant receiveTime) throws RejectedInputException {
    ReadingKind kind =
        ReadingKind.fromCn(p.cn())
            .orElseThrow(
                () ->
                    new RejectedInputException(
                        ReasonCode.NOT_A_READING,
                        "CN " + p.cn() + " (" + p.cnMeaning() + ") carries no readings"));
    Instant dataTime = null;
    Map<String, SampleBuilder> samples = new LinkedHashMap<>();
    for (Field f : p.fields()) {
      String sentCode = f.code();
      if (sentCode == null) {
        if (f.name().equals(Hj212Packet.DATA_TIME)) {
          Instant t = parseTime(f);
          if (dataTime != null && !dataTime.equals(t)) {
            throw new RejectedInputException(
                ReasonCode.BAD_FIELD, "DataTime sent twice with different times");
          }
          dataTime = t;
        }
        continue; // other plain fields (e.g. a CN 2011's own parameters) are not values
      }
      String code = ParameterCatalogue.normalize(sentCode);
      SampleBuilder s = samples.computeIfAbsent(code, c -> new SampleBuilder(c, sentCode));
      if (!s.sentCode.equals(sentCode)) {
        throw new RejectedInputException(
            ReasonCode.BAD_FIELD,
            "parameter " + code + " sent both as " + s.sentCode + " and as " + sentCode);
      }
      s.add(f);
    }
    if (dataTime == null) {
      throw new RejectedInputException(
          ReasonCode.MISSING_FIELD, "no DataTime in CP of CN " + p.cn());
    }
    Map<String, Sample> built = new LinkedHashMap<>();
    for (SampleBuilder s : samples.values()) {
      built.put(s.code, s.build());
    }
    return new Reading(
        p.mn(), dataTime, kind, built, p.qn(), p.st(), receiveTime, SourceFormat.HJ212);
  }

  /**
   * The packet's DataTime as an instant in this codec's zone, or {@code null} when it has none (a
   * heartbeat, an acknowledgement).
   *
   * @throws RejectedInputException {@link ReasonCode#BAD_TIME} when DataTime is no calendar time
   */
  public Instant dataTimeOf(Hj212Packet p) throws RejectedInputException {
    String text = p.dataTime();
    return text == null ? null : parseTime(new Field(Hj212Packet.DATA_TIME, text));
  }

  /** Parses and converts in one step: {@code toReading(parse(frame), receiveTime)}. */
  public Reading decode(String frame, Instant receiveTime) throws RejectedInputException {
    return toReading(parse(frame), receiveTime);
  }

  private Instant parseTime(Field f) throws RejectedInputException {
    try {
      return calendar.parseDataTime(f.value());
    } catch (IllegalArgumentException e) {
      throw new RejectedInputException(
          ReasonCode.BAD_TIME, f.name() + " is not a local time: " + abbreviate(f.value()), e);
    }
  }

  /**
   * The number a value field carries.
   *
   * @throws RejectedInputException {@link ReasonCode#BAD_FIELD} unless it is a finite decimal
   */
  static double number(Field f) throws RejectedInputException {
    if (f.value().length() > MAX_NUMBER_CHARS) {
      throw new RejectedInputException(
          ReasonCode.BAD_FIELD,
          f.name()
              + " has more than "
              + MAX_NUMBER_CHARS
              + " characters: "
              + abbreviate(f.value()));
    }
    if (!NUMBER.matcher(f.value()).matches()) {
      throw new RejectedInputException(
          ReasonCode.BAD_FIELD, f.name() + " is not a number: " + abbreviate(f.value()));
    }
    double d = Double.parseDouble(f.value());
    if (!Double.isFinite(d)) {
      throw new RejectedInputException(
          ReasonCode.BAD_FIELD, f.name() + " is out of range: " + abbreviate(f.value()));
    }
    return d;
  }

  /** Whether a suffix carries text rather than a number ({@code Flag, EFlag, SampleTime}). */
  public static boolean isTextSuffix(String suffix) {
    return FLAG.equals(suffix) || EFLAG.equals(suffix) || SAMPLE_TIME.equals(suffix);
  }

  /** Whether a value is a decimal number as HJ 212 writes them (no NaN, infinity, hex). */
  public static boolean isNumber(String value) {
    return value.length() <= MAX_NUMBER_CHARS
        && NUMBER.matcher(value).matches()
        && Double.isFinite(Double.parseDouble(value));
  }

  private final class SampleBuilder {
    final String code;
    final String sentCode;
    final Map<String, Double> values = new LinkedHashMap<>();
    DataFlag flag;
    String eFlag;
    Instant sampleTime;

    SampleBuilder(String code, String sentCode) {
      this.code = code;
      this.sentCode = sentCode;
    }

    void add(Field f) throws RejectedInputException {
      String suffix = f.suffix();
      switch (suffix) {
        case FLAG -> {
          DataFlag v =
              DataFlag.fromCode(f.value())
                  .orElseThrow(
                      () ->
                          new RejectedInputException(
                              ReasonCode.BAD_FIELD,
                              f.name()
                                  + " is not a flag N F M S D C T B: "
                                  + abbreviate(f.value())));
          flag = once(f, flag, v);
        }
        case EFLAG -> eFlag = once(f, eFlag, f.value());
        case SAMPLE_TIME -> sampleTime = once(f, sampleTime, parseTime(f));
        default -> {
          if (suffix.isEmpty()) {
            throw new RejectedInputException(ReasonCode.BAD_FIELD, "no suffix after " + f.name());
          }
          values.put(suffix, once(f, values.get(suffix), number(f)));
        }
      }
    }

    private <T> T once(Field f, T old, T value) throws RejectedInputException {
      if (old != null && !old.equals(value)) {
        throw new RejectedInputException(
            ReasonCode.BAD_FIELD, f.name() + " sent twice with different values");
      }
      return value;
    }

    Sample build() {
      return new Sample(code, sentCode, values, flag, eFlag, sampleTime);
    }
  }

  // ---------------------------------------------------------------- encoding

  /** A complete frame (with CR LF) for a packet. */
  public String encode(Hj212Packet p) {
    StringBuilder d = new StringBuilder();
    if (p.qn() != null) {
      d.append("QN=").append(p.qn()).append(';');
    }
    d.append("ST=").append(p.st()).append(';');
    d.append("CN=").append(p.cn()).append(';');
    d.append("PW=").append(p.pw()).append(';');
    d.append("MN=").append(p.mn()).append(';');
    if (p.flag() != null) {
      d.append("Flag=").append(p.flag()).append(';');
    }
    if (p.pnum() != null) {
      d.append("PNUM=").append(p.pnum()).append(';');
      d.append("PNO=").append(p.pno()).append(';');
    }
    d.append("CP=&&").append(p.cpText()).append("&&");
    return frame(d.toString());
  }

  /**
   * The packet that uploads a reading (CN from its kind), as the simulator sends it: QN = the
   * reading's QN, else its receive time (else data time) as {@code yyyyMMddHHmmssSSS}; ST = the
   * reading's ST, else 32 when every parameter is a wastewater one ({@code w...}), else 31;
   * DataTime in this codec's zone; one CP item per parameter with its sent code: {@code
   * SampleTime}, the values in their order ({@code Rtd} for real-time data, {@code
   * Min/Avg/Max/Cou/ZsAvg...} for aggregates, as the sample holds them), {@code Flag}, {@code
   * EFlag}.
   */
  public Hj212Packet toPacket(Reading r, String pw, int flag) {
    String qn = r.qn();
    if (qn == null) {
      qn = calendar.formatQn(r.receiveTime() != null ? r.receiveTime() : r.dataTime());
    }
    String st = r.st();
    if (st == null) {
      boolean water =
          !r.samples().isEmpty() && r.samples().keySet().stream().allMatch(c -> c.startsWith("w"));
      st = water ? "32" : "31";
    }
    List<List<Field>> cp = new ArrayList<>();
    cp.add(List.of(new Field(Hj212Packet.DATA_TIME, calendar.formatDataTime(r.dataTime()))));
    for (Sample s : r.samples().values()) {
      List<Field> item = new ArrayList<>();
      String c = s.sentCode();
      if (s.sampleTime() != null) {
        item.add(new Field(c + "-" + SAMPLE_TIME, calendar.formatDataTime(s.sampleTime())));
      }
      for (Map.Entry<String, Double> v : s.values().entrySet()) {
        item.add(new Field(c + "-" + v.getKey(), formatNumber(v.getValue())));
      }
      if (s.flag() != null) {
        item.add(new Field(c + "-" + FLAG, s.flag().name()));
      }
      if (s.eFlag() != null) {
        item.add(new Field(c + "-" + EFLAG, s.eFlag()));
      }
      if (!item.isEmpty()) {
        cp.add(item);
      }
    }
    return Hj212Packet.of(qn, st, r.kind().cn(), pw, r.mn(), flag, cp);
  }

  /** The frame that uploads a reading: {@code encode(toPacket(r, pw, flag))}. */
  public String encodeReading(Reading r, String pw, int flag) {
    return encode(toPacket(r, pw, flag));
  }

  /**
   * The data acknowledgement (CN 9014) a platform answers a data upload with when the upload's Flag
   * asks for one, as HJ 212-2017 shows it: QN and MN echoed, ST=91, Flag=4 (version 2017, no ack
   * requested), empty CP. The standard echoes PW too; meterwatch answers {@code PW=******} ({@link
   * PasswordMask#MASKED}) instead, because the ack topic is readable by more than the meter and
   * devices do not check the PW of an answer, e.g. {@code
   * QN=20160801085857223;ST=91;CN=9014;PW=******;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&}. A
   * 2005-era upload without QN gets an answer without QN.
   */
  public String dataAck(Hj212Packet received) {
    return encode(
        Hj212Packet.of(
            received.qn(), "91", "9014", PasswordMask.MASKED, received.mn(), 4, List.of()));
  }

  /**
   * A double as HJ 212 writes numbers: plain decimal, no exponent; parsing the text gives back the
   * same double.
   */
  static String formatNumber(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
