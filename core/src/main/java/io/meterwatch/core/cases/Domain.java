package io.meterwatch.core.cases;

/** The enforcement domain a rule belongs to; it decides the responsible department. */
public enum Domain {
  EMISSION("emission"),
  LOAD_QUOTA("load-quota"),
  ENERGY_QUOTA("energy-quota"),
  DATA_QUALITY("data-quality");

  private final String label;

  Domain(String label) {
    this.label = label;
  }

  /** The lower-case label used on the wire and in InfluxDB tags. */
  public String label() {
    return label;
  }
}
