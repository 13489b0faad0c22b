package io.meterwatch.jobs.source;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one {@link Reading} the windows and rules use, in the form that crosses the
 * network between operators: primitive arrays, one entry per catalogued parameter, serialized by
 * Flink's POJO serializer. A {@code Reading} itself holds nested immutable maps that Flink would
 * hand to Kryo (slow, and unable to rebuild unmodifiable maps).
 *
 * <p>Per parameter: the slot ({@link ParameterSlots}), the flag (ordinal + 1, 0 when the device
 * sent none), the representative value ({@code Avg} for aggregates, else {@code Rtd}), the
 * converted value ({@code ZsAvg}/{@code ZsRtd}) and the cumulative value ({@code Cou}); NaN where
 * not sent.
 */
public class CompactReading {
  private static final DataFlag[] FLAGS = DataFlag.values();
  private static final ReadingKind[] KINDS = ReadingKind.values();

  public String mn;
  public long dataTime;
  public long receiveTime;
  public byte kind;
  public byte[] slots;
  public byte[] flags;
  public double[] values;
  public double[] zs;
  public double[] cou;

  /** The registry version the bridge judged it by, 0 when none was recorded. */
  public long registryVersion;

  public CompactReading() {}

  /** The compact form of a reading; parameters outside the catalogue are left out. */
  public static CompactReading of(Reading r) {
    // One pass over the samples (this runs for every reading the job decodes); the arrays are cut
    // to length only in the rare case of a parameter outside the catalogue.
    int size = r.samples().size();
    CompactReading c = new CompactReading();
    c.mn = r.mn();
    c.dataTime = r.dataTime().toEpochMilli();
    c.receiveTime = r.receiveTime() == null ? c.dataTime : r.receiveTime().toEpochMilli();
    c.kind = (byte) r.kind().ordinal();
    c.registryVersion = r.registryVersion();
    c.slots = new byte[size];
    c.flags = new byte[size];
    c.values = new double[size];
    c.zs = new double[size];
    c.cou = new double[size];
    int n = 0;
    for (Sample s : r.samples().values()) {
      int slot = ParameterSlots.slot(s.code());
      if (slot < 0) {
        continue;
      }
      c.slots[n] = (byte) slot;
      c.flags[n] = s.flag() == null ? 0 : (byte) (s.flag().ordinal() + 1);
      c.values[n] = orNaN(s.primaryValue());
      Double zs = s.value(Sample.ZS_AVG);
      c.zs[n] = orNaN(zs != null ? zs : s.value(Sample.ZS_RTD));
      c.cou[n] = orNaN(s.value(Sample.COU));
      n++;
    }
    if (n < size) {
      c.slots = Arrays.copyOf(c.slots, n);
      c.flags = Arrays.copyOf(c.flags, n);
      c.values = Arrays.copyOf(c.values, n);
      c.zs = Arrays.copyOf(c.zs, n);
      c.cou = Arrays.copyOf(c.cou, n);
    }
    return c;
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  /** The kind of reading. */
  public ReadingKind kind() {
    return KINDS[kind];
  }

  /** The flag of entry {@code i}, {@code null} when the device sent none. */
  public DataFlag flag(int i) {
    return flags[i] == 0 ? null : FLAGS[flags[i] - 1];
  }

  /** The parameter code of entry {@code i}. */
  public String code(int i) {
    return ParameterSlots.parameter(slots[i]).code();
  }

  /**
   * A canonical reading with the figures this compact form kept (for dead letters of readings that
   * were already compacted): representative values come back as {@code Avg} for aggregates and
   * {@code Rtd} for real-time data.
   */
  public Reading toReading() {
    ReadingKind k = kind();
    Map<String, Sample> samples = new LinkedHashMap<>();
    for (int i = 0; i < slots.length; i++) {
      Map<String, Double> v = new LinkedHashMap<>();
      if (!Double.isNaN(values[i])) {
        v.put(k == ReadingKind.REAL_TIME ? Sample.RTD : Sample.AVG, values[i]);
      }
      if (!Double.isNaN(zs[i])) {
        v.put(k == ReadingKind.REAL_TIME ? Sample.ZS_RTD : Sample.ZS_AVG, zs[i]);
      }
      if (!Double.isNaN(cou[i])) {
        v.put(Sample.COU, cou[i]);
      }
      samples.put(code(i), Sample.of(code(i), v, flag(i)));
    }
    return new Reading(
        mn,
        Instant.ofEpochMilli(dataTime),
        k,
        samples,
        null,
        null,
        Instant.ofEpochMilli(receiveTime),
        SourceFormat.JSON,
        registryVersion);
  }
}
