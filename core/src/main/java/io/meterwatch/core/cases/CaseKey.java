package io.meterwatch.core.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a case is about: at most one case is open per key.
 *
 * @param enterprise the enterprise's unified social credit code
 * @param subject the outlet id or meter MN the case is about
 * @param rule the rule id ({@link Rule#id()}: E1, E2, L1, Q1, Q1N, D1 ... D10)
 * @param parameter the parameter code, or {@value #NO_PARAMETER} when the rule is not about one
 *     parameter
 */
public record CaseKey(String enterprise, String subject, String rule, String parameter) {
  /** The parameter of a key whose rule is not about one parameter. */
  public static final String NO_PARAMETER = "-";

  public CaseKey {
    Objects.requireNonNull(enterprise, "enterprise");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(rule, "rule");
    parameter = parameter == null || parameter.isEmpty() ? NO_PARAMETER : parameter;
  }

  /**
   * The key of {@code rule}'s case about {@code subject}.
   *
   * @param parameter the parameter code, or {@code null} for {@value #NO_PARAMETER}
   */
  public static CaseKey of(String enterprise, String subject, Rule rule, String parameter) {
    return new CaseKey(enterprise, subject, rule.id(), parameter);
  }

  /**
   * The key as one string, also the Kafka key for case-manager state: {@code
   * ent|subject|rule|param}.
   */
  public String asString() {
    return enterprise + "|" + subject + "|" + rule + "|" + parameter;
  }

  /**
   * The deterministic case id for the case this key opens with the window starting at {@code
   * openingWindowStart}: a replay or a restore produces the same id. Format: {@code RULE-hex12},
   * readable and short enough to type into {@code meterwatch tasks}.
   */
  public String caseId(Instant openingWindowStart) {
    String material = asString() + "|" + openingWindowStart.toEpochMilli();
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return rule + "-" + HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
