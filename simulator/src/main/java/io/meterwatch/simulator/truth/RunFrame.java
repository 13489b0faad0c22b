package io.meterwatch.simulator.truth;

import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.manifest.DetectorThresholds;
import java.time.Instant;

/**
 * What every derivation of the ground truth judges against: the city, its calendar, the run's span
 * {@code [start, end]} (periods reaching beyond it are not judged) and the thresholds.
 */
record RunFrame(
    SiteRegistry registry,
    LocalCalendar calendar,
    Instant start,
    Instant end,
    DetectorThresholds thresholds) {}
