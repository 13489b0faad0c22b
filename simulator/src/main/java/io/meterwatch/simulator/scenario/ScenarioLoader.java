package io.meterwatch.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meterwatch.core.time.DurationText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Reads scenario YAML (docs/simulator.md). The shipped scenarios are resources: {@link
 * #DEFAULT_SCENARIO} exercises every fault kind on the demo city, {@link #CLEAN_SCENARIO} injects
 * nothing.
 */
public final class ScenarioLoader {
  /** Resource name of the demo city's default scenario (every fault kind at least once). */
  public static final String DEFAULT_SCENARIO = "demo-city-default";

  /** Resource name of the demo city's clean baseline scenario (no faults). */
  public static final String CLEAN_SCENARIO = "demo-city-clean";

  private static final String RESOURCE_DIR = "/io/meterwatch/simulator/scenarios/";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private ScenarioLoader() {}

  /** The shipped default scenario of the demo city. */
  public static Scenario loadDefault() {
    return loadResource(DEFAULT_SCENARIO);
  }

  /** The shipped clean baseline scenario of the demo city. */
  public static Scenario loadClean() {
    return loadResource(CLEAN_SCENARIO);
  }

  /** A shipped scenario by name. */
  public static Scenario loadResource(String name) {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(RESOURCE_DIR + name + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException("no shipped scenario named " + name);
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A scenario file. */
  public static Scenario load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /**
   * Parses scenario YAML.
   *
   * @param source where it came from, for error messages
   * @throws IllegalArgumentException naming the source and the problem
   */
  public static Scenario parse(String yaml, String source) {
    ScenarioFile f;
    try {
      f = YAML.readValue(yaml, ScenarioFile.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "scenario " + source + " is not valid YAML of the scenario format: " + e.getMessage(), e);
    }
    if (f == null || f.name() == null) {
      throw new IllegalArgumentException("scenario " + source + ": 'name' is required");
    }
    try {
      Map<String, String> iv = f.intervals() == null ? Map.of() : f.intervals();
      Scenario.Intervals intervals =
          new Scenario.Intervals(
              duration(iv.get("realTime")),
              duration(iv.get("minute")),
              duration(iv.get("counter")));
      Map<String, Double> b = f.baseline() == null ? Map.of() : f.baseline();
      Scenario.Baseline baseline =
          new Scenario.Baseline(b.get("fraction"), b.get("noise"), b.get("energyIntensity"));
      if (f.start() == null || f.duration() == null) {
        throw new IllegalArgumentException("'start' and 'duration' are required");
      }
      return new Scenario(
          f.name(),
          f.description(),
          parseStart(f.start()),
          DurationText.parse(f.duration()),
          intervals,
          baseline,
          f.faults());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scenario " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * A start time: local {@code 2025-03-30T00:00[:00]} in the registry's zone, or with an offset
   * (converted to the registry's zone later, see {@link #parseStart}).
   */
  public static LocalDateTime parseStart(String text) {
    try {
      return LocalDateTime.parse(text.strip());
    } catch (DateTimeParseException e) {
      try {
        // With an explicit offset: the local time of that offset; the simulation then reads it in
        // the registry zone, which for the shipped scenarios is the same (+08:00).
        return OffsetDateTime.parse(text.strip())
            .atZoneSameInstant(io.meterwatch.core.time.LocalCalendar.DEFAULT_ZONE)
            .toLocalDateTime();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "start must be a local time like 2025-03-30T00:00 or 2025-03-30T00:00+08:00: " + text);
      }
    }
  }

  private static Duration duration(String text) {
    return text == null ? null : DurationText.parse(text);
  }

  /** The file's shape, as Jackson reads it. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  record ScenarioFile(
      String name,
      String description,
      String start,
      String duration,
      Map<String, String> intervals,
      Map<String, Double> baseline,
      List<FaultSpec> faults) {}
}
