package io.meterwatch.console;

import java.util.Locale;

/**
 * What a console user may see and do: {@code bureau} sees and acts on everything, {@code
 * county:<id>} sees and acts only on its county's cases, {@code viewer} sees everything and acts on
 * nothing.
 *
 * @param kind the kind of role
 * @param county the county of a county role, else {@code null}
 */
public record Role(Kind kind, String county) {
  /** The kinds of role. */
  public enum Kind {
    BUREAU,
    COUNTY,
    VIEWER
  }

  public Role {
    if (kind == null) {
      throw new IllegalArgumentException("a role needs a kind");
    }
    if ((kind == Kind.COUNTY) != (county != null && !county.isBlank())) {
      throw new IllegalArgumentException("only a county role names a county");
    }
  }

  /** The bureau role. */
  public static final Role BUREAU = new Role(Kind.BUREAU, null);

  /**
   * Parses {@code bureau}, {@code viewer} or {@code county:<id>}.
   *
   * @throws IllegalArgumentException for anything else, with the accepted forms
   */
  public static Role parse(String text) {
    String t = text == null ? "" : text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("bureau")) {
      return BUREAU;
    }
    if (lower.equals("viewer")) {
      return new Role(Kind.VIEWER, null);
    }
    if (lower.startsWith("county:") && t.length() > "county:".length()) {
      return new Role(Kind.COUNTY, t.substring("county:".length()).trim());
    }
    throw new IllegalArgumentException(
        "role '" + text + "' is not one of bureau, viewer, county:<county id>");
  }

  /** Whether the role sees cases of this county. */
  public boolean sees(String caseCounty) {
    return kind != Kind.COUNTY || county.equalsIgnoreCase(caseCounty == null ? "" : caseCounty);
  }

  /** Whether the role may act on cases of this county. */
  public boolean actsOn(String caseCounty) {
    return kind != Kind.VIEWER && sees(caseCounty);
  }

  /** The role as written in the users file. */
  @Override
  public String toString() {
    return kind == Kind.COUNTY ? "county:" + county : kind.name().toLowerCase(Locale.ROOT);
  }
}
