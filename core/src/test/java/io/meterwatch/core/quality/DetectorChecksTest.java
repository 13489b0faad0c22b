package io.meterwatch.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.quality.EnergyProductionBalance.Finding;
import org.junit.jupiter.api.Test;

/** Edges of every detector's pure decision: just below and just above each threshold. */
class DetectorChecksTest {
  private static final long MIN = 60_000;

  @Test
  void flatlineToleranceIsTheLargerOfAbsoluteAndRelative() {
    assertThat(Flatline.unchanged(12.3, 12.3, 1e-6, 0)).isTrue();
    assertThat(Flatline.unchanged(12.3, 12.31, 1e-6, 0)).isFalse();
    assertThat(Flatline.tolerance(100, 0.01, 0.001)).isEqualTo(0.1);
    assertThat(Flatline.unchanged(100, 100.1, 0.01, 0.001)).isTrue();
    assertThat(Flatline.unchanged(100, 100.11, 0.01, 0.001)).isFalse();
    assertThat(Flatline.running(0.0, 0)).isFalse();
    assertThat(Flatline.running(0.01, 0)).isTrue();
    assertThat(Flatline.running(Double.NaN, 0)).isFalse();
  }

  @Test
  void impossibleValuesAtTheirBounds() {
    assertThat(ImpossibleValues.check(Quantity.CONCENTRATION, 0, null, 1.5)).isNull();
    assertThat(ImpossibleValues.check(Quantity.CONCENTRATION, -0.01, null, 1.5).what())
        .isEqualTo("negative concentration");
    assertThat(ImpossibleValues.check(Quantity.FLOW, -1, null, 1.5).bound()).isEqualTo(0);
    assertThat(ImpossibleValues.check(Quantity.OXYGEN, 21.0, null, 1.5)).isNull();
    assertThat(ImpossibleValues.check(Quantity.OXYGEN, 21.01, null, 1.5).bound()).isEqualTo(21);
    assertThat(ImpossibleValues.check(Quantity.PH, 14.0, null, 1.5)).isNull();
    assertThat(ImpossibleValues.check(Quantity.PH, 14.01, null, 1.5).what())
        .isEqualTo("pH above 14");
    assertThat(ImpossibleValues.check(Quantity.PH, -0.01, null, 1.5).bound()).isEqualTo(0);
    assertThat(ImpossibleValues.check(Quantity.CONCENTRATION, 750, 500.0, 1.5)).isNull();
    assertThat(ImpossibleValues.check(Quantity.CONCENTRATION, 750.01, 500.0, 1.5).bound())
        .isEqualTo(750);
    assertThat(ImpossibleValues.check(Quantity.CONCENTRATION, 1e6, null, 1.5)).isNull();
  }

  @Test
  void referenceFlowFollowsSlowlyAndOperatingLevelIsAShareOfIt() {
    assertThat(OperatingFlow.nextReference(Double.NaN, 50, 0.5)).isEqualTo(50);
    assertThat(OperatingFlow.nextReference(50, 60, 0.5)).isEqualTo(55);
    assertThat(OperatingFlow.atOperatingLevel(40, 50, 0.8)).isTrue();
    assertThat(OperatingFlow.atOperatingLevel(39.99, 50, 0.8)).isFalse();
    assertThat(OperatingFlow.atOperatingLevel(40, Double.NaN, 0.8)).isFalse();
    assertThat(OperatingFlow.atOperatingLevel(Double.NaN, 50, 0.8)).isFalse();
  }

  @Test
  void nearZeroIsAShareOfTheLimitOrTheParameterLevel() {
    DetectorConfig c = DetectorConfig.builder().zeroLevel("w21011", 0.02).build();
    assertThat(ZeroDrop.level(200.0, "a21026", c)).isEqualTo(10.0);
    assertThat(ZeroDrop.level(null, "a21005", c)).isEqualTo(1.0);
    assertThat(ZeroDrop.level(null, "w21011", c)).isEqualTo(0.02);
    assertThat(ZeroDrop.nearZero(10.0, 10.0)).isTrue();
    assertThat(ZeroDrop.nearZero(10.01, 10.0)).isFalse();
    assertThat(ZeroDrop.nearZero(-0.1, 10.0)).isFalse();
  }

  @Test
  void dilutionNeedsO2AboveTheLevelAndOperatingFlow() {
    assertThat(Dilution.diluted(19.0, true, 19.0)).isFalse();
    assertThat(Dilution.diluted(19.01, true, 19.0)).isTrue();
    assertThat(Dilution.diluted(20.5, false, 19.0)).isFalse();
  }

  @Test
  void reportedFiguresDifferBeyondTheLargerTolerance() {
    assertThat(ReportedFigures.differs(105, 100, 0.1, 0.05)).isFalse();
    assertThat(ReportedFigures.differs(105.01, 100, 0.1, 0.05)).isTrue();
    assertThat(ReportedFigures.differs(1.09, 1.0, 0.1, 0.05)).isFalse();
    assertThat(ReportedFigures.differs(1.11, 1.0, 0.1, 0.05)).isTrue();
    assertThat(ReportedFigures.relativeDifference(110, 100)).isEqualTo(0.1);
    assertThat(ReportedFigures.relativeDifference(1, 0)).isNull();
  }

  @Test
  void clockSkewAtItsLimitAndJitter() {
    assertThat(ClockSkew.offset(10 * MIN, 0)).isEqualTo(10 * MIN);
    assertThat(ClockSkew.skewed(10 * MIN - 1, 10 * MIN)).isFalse();
    assertThat(ClockSkew.skewed(10 * MIN, 10 * MIN)).isTrue();
    assertThat(ClockSkew.skewed(-10 * MIN, 10 * MIN)).isTrue();
    assertThat(ClockSkew.steady(62 * MIN, 60 * MIN, 2 * MIN)).isTrue();
    assertThat(ClockSkew.steady(62 * MIN + 1, 60 * MIN, 2 * MIN)).isFalse();
  }

  @Test
  void duplicateMemoryTellsResendsFromConflictsAndForgetsTheOldest() {
    DuplicateMemory m = DuplicateMemory.of(2);
    assertThat(m.offer(DuplicateMemory.key(0, 1000), 7)).isEqualTo(DuplicateMemory.Seen.NEW);
    assertThat(m.offer(DuplicateMemory.key(0, 1000), 7)).isEqualTo(DuplicateMemory.Seen.SAME);
    assertThat(m.offer(DuplicateMemory.key(0, 1000), 8)).isEqualTo(DuplicateMemory.Seen.CONFLICT);
    assertThat(m.offer(DuplicateMemory.key(2, 1000), 8)).isEqualTo(DuplicateMemory.Seen.NEW);
    assertThat(m.offer(DuplicateMemory.key(0, 2000), 9)).isEqualTo(DuplicateMemory.Seen.NEW);
    // the first reading was overwritten: a third reading for its time is new again
    assertThat(m.offer(DuplicateMemory.key(0, 1000), 8)).isEqualTo(DuplicateMemory.Seen.NEW);
  }

  @Test
  void monthlyCaptureAtNinetyPercent() {
    assertThat(MonthlyCapture.incomplete(648, 720, 0.9)).isFalse();
    assertThat(MonthlyCapture.incomplete(647, 720, 0.9)).isTrue();
    assertThat(MonthlyCapture.capture(0, 0)).isEqualTo(1.0);
  }

  @Test
  void flaggedShareAndManualValuesHidingAnExceedance() {
    assertThat(FlagMisuse.flagging(DataFlag.S)).isTrue();
    assertThat(FlagMisuse.flagging(DataFlag.T)).isFalse();
    assertThat(FlagMisuse.flagging(DataFlag.N)).isFalse();
    assertThat(FlagMisuse.flagging(null)).isFalse();
    assertThat(FlagMisuse.tooManyFlagged(2, 24, 0.1)).isFalse();
    assertThat(FlagMisuse.tooManyFlagged(3, 24, 0.1)).isTrue();
    long h = 100 * 60 * MIN;
    assertThat(FlagMisuse.manualHidesExceedance(201.0, 200, Episode.NONE, h, 180 * MIN)).isTrue();
    assertThat(FlagMisuse.manualHidesExceedance(200.0, 200, Episode.NONE, h, 180 * MIN)).isFalse();
    assertThat(FlagMisuse.manualHidesExceedance(null, 200, h - 180 * MIN, h, 180 * MIN)).isTrue();
    assertThat(FlagMisuse.manualHidesExceedance(null, 200, h - 181 * MIN, h, 180 * MIN)).isFalse();
  }

  @Test
  void energyAndProductionBalance() {
    assertThat(EnergyProductionBalance.judge(300, 0, true, 1000, 0.3))
        .isEqualTo(Finding.ENERGY_WITHOUT_PRODUCTION);
    assertThat(EnergyProductionBalance.judge(299.9, 0, true, 1000, 0.3)).isEqualTo(Finding.CLEAR);
    assertThat(EnergyProductionBalance.judge(300, 0, true, Double.NaN, 0.3))
        .isEqualTo(Finding.NOT_JUDGED);
    assertThat(EnergyProductionBalance.judge(0, 0, true, 1000, 0.3)).isEqualTo(Finding.NOT_JUDGED);
    assertThat(EnergyProductionBalance.judge(0, 50, true, 1000, 0.3))
        .isEqualTo(Finding.PRODUCTION_WITHOUT_ENERGY);
    assertThat(EnergyProductionBalance.judge(0, 50, false, 1000, 0.3)).isEqualTo(Finding.CLEAR);
    assertThat(EnergyProductionBalance.judge(0.1, 50, true, 1000, 0.3)).isEqualTo(Finding.CLEAR);
  }
}
