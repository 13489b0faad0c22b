package io.meterwatch.core.report;

import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Rule;
import java.util.Locale;
import java.util.Optional;

/**
 * The five standards of the municipal plan by which capacity is judged, each with the department
 * responsible for it (reference/domain-facts.md). Meters cover energy and environment; quality,
 * safety and technology come from imported entries ({@link ReportEntry}).
 */
public enum Criterion {
  ENERGY("能耗", "工业和信息化局、发展和改革委员会", true),
  ENVIRONMENT("环保", "生态环境局", true),
  QUALITY("质量", "市场监督管理局", false),
  SAFETY("安全", "应急管理局", false),
  // The plan gives phase-out equipment (technology) to the industry departments, like energy.
  TECHNOLOGY("技术", "工业和信息化局、发展和改革委员会", false);

  private final String nameZh;
  private final String departmentZh;
  private final boolean metered;

  Criterion(String nameZh, String departmentZh, boolean metered) {
    this.nameZh = nameZh;
    this.departmentZh = departmentZh;
    this.metered = metered;
  }

  public String nameZh() {
    return nameZh;
  }

  /** The responsible department's Chinese name. */
  public String departmentZh() {
    return departmentZh;
  }

  /** Whether meters judge this criterion (else it only comes from imports). */
  public boolean metered() {
    return metered;
  }

  /** The lower-case name used in import files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The criterion a case of a rule belongs to: emission and load quota are environment, the energy
   * quota (rule Q1) is energy. Data-quality cases and Q1N (energy used without output, a data
   * question) judge the data, not the capacity, and belong to none.
   */
  public static Optional<Criterion> of(Domain domain, String rule) {
    return switch (domain) {
      case EMISSION, LOAD_QUOTA -> Optional.of(ENVIRONMENT);
      case ENERGY_QUOTA -> Rule.Q1.id().equals(rule) ? Optional.of(ENERGY) : Optional.empty();
      case DATA_QUALITY -> Optional.empty();
    };
  }
}
