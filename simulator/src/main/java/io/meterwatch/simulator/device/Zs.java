package io.meterwatch.simulator.device;

/** The device's own conversion to reference O2 (HJ 75): C x (21 - O2ref) / (21 - O2). */
final class Zs {
  private Zs() {}

  static double convert(double measured, double o2, double referenceO2) {
    // Analysers cap the denominator near ambient O2 rather than divide by ~0.
    double denominator = Math.max(0.5, 21 - o2);
    return measured * (21 - referenceO2) / denominator;
  }
}
