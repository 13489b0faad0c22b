package io.meterwatch.jobs.source;

import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small stable numbers for the catalogued parameters, so that window state can hold a parameter's
 * accumulator in an array slot instead of a map keyed by string. The slot of a code is its position
 * in {@link ParameterCatalogue#all()}; codes outside the catalogue have none and are not windowed
 * (no rule judges them).
 */
public final class ParameterSlots {
  private static final List<Parameter> BY_SLOT = List.copyOf(ParameterCatalogue.all());
  private static final Map<String, Integer> SLOT_BY_CODE = new HashMap<>();

  static {
    for (int i = 0; i < BY_SLOT.size(); i++) {
      SLOT_BY_CODE.put(BY_SLOT.get(i).code(), i);
    }
  }

  private ParameterSlots() {}

  /** Number of slots. */
  public static int size() {
    return BY_SLOT.size();
  }

  /** The slot of a 2017 code, or -1 when the code is not catalogued. */
  public static int slot(String code) {
    Integer s = SLOT_BY_CODE.get(code);
    return s == null ? -1 : s;
  }

  /** The parameter in a slot. */
  public static Parameter parameter(int slot) {
    return BY_SLOT.get(slot);
  }
}
