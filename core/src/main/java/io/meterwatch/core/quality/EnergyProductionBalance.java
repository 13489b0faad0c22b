package io.meterwatch.core.quality;

/** D10: energy used without production, or production without energy, over a local day. */
public final class EnergyProductionBalance {
  private EnergyProductionBalance() {}

  /** What a day shows. */
  public enum Finding {
    /** Energy at or above the idle threshold, no output. */
    ENERGY_WITHOUT_PRODUCTION,
    /** Output while the energy meters reported but did not move. */
    PRODUCTION_WITHOUT_ENERGY,
    /** Energy and output together, or standby energy only. */
    CLEAR,
    /** Nothing to judge: neither energy nor output, or no reference yet for an idle day. */
    NOT_JUDGED
  }

  /**
   * Judges a day.
   *
   * @param energyKgce the day's comprehensive energy in kgce
   * @param output the day's production in t
   * @param energyReported whether the energy meters sent readings that day
   * @param referenceKgce the enterprise's reference daily energy, NaN when unknown
   * @param idleShare share of the reference from which energy without output is suspicious
   */
  public static Finding judge(
      double energyKgce,
      double output,
      boolean energyReported,
      double referenceKgce,
      double idleShare) {
    if (output > 0) {
      return energyReported && energyKgce <= 0 ? Finding.PRODUCTION_WITHOUT_ENERGY : Finding.CLEAR;
    }
    if (energyKgce <= 0 || Double.isNaN(referenceKgce)) {
      return Finding.NOT_JUDGED;
    }
    return energyKgce >= idleShare * referenceKgce
        ? Finding.ENERGY_WITHOUT_PRODUCTION
        : Finding.CLEAR;
  }

  /** The idle threshold in kgce. */
  public static double idleThreshold(double referenceKgce, double idleShare) {
    return idleShare * referenceKgce;
  }
}
