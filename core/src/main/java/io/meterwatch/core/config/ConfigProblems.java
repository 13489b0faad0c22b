package io.meterwatch.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while reading one configuration file. Loaders collect every problem instead of
 * stopping at the first, so that one run of the loader shows an operator everything to fix.
 */
public final class ConfigProblems {
  private final String file;
  private final List<String> errors = new ArrayList<>();

  /** Problems of the file named {@code file} (a path or a resource name). */
  public ConfigProblems(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  /**
   * Records a problem.
   *
   * @param entry the entry it is in, e.g. {@code enterprise 9161... > outlet AKHJ-DA001}
   * @param field the field, or {@code null} when the problem concerns the whole entry
   * @param message what is wrong
   */
  public void add(String entry, String field, String message) {
    StringBuilder b = new StringBuilder(file).append(": ").append(entry);
    if (field != null) {
      b.append(": field '").append(field).append('\'');
    }
    errors.add(b.append(": ").append(message).toString());
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Throws a {@link ConfigException} carrying every problem, when there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ConfigException(file, errors);
    }
  }
}
