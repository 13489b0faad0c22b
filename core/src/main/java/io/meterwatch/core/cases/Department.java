package io.meterwatch.core.cases;

/** The department that owns a case, routed from its domain (docs/cases.md). */
public enum Department {
  ECOLOGY_ENVIRONMENT("Ecology and Environment Bureau", "生态环境局"),
  ECOLOGY_ENVIRONMENT_MONITORING("Ecology and Environment Bureau, monitoring team", "生态环境局监测科"),
  INDUSTRY_IT_AND_DRC(
      "Bureau of Industry and Information Technology with the Development and Reform Commission",
      "工业和信息化局、发展和改革委员会");

  private final String nameEn;
  private final String nameZh;

  Department(String nameEn, String nameZh) {
    this.nameEn = nameEn;
    this.nameZh = nameZh;
  }

  public String nameEn() {
    return nameEn;
  }

  public String nameZh() {
    return nameZh;
  }

  /** The department responsible for a domain. */
  public static Department forDomain(Domain d) {
    return switch (d) {
      case EMISSION, LOAD_QUOTA -> ECOLOGY_ENVIRONMENT;
      case ENERGY_QUOTA -> INDUSTRY_IT_AND_DRC;
      case DATA_QUALITY -> ECOLOGY_ENVIRONMENT_MONITORING;
    };
  }
}
