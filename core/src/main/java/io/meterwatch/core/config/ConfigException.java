package io.meterwatch.core.config;

import java.util.List;

/**
 * A configuration file (site registry, standards catalogue) that cannot be used, with every problem
 * found in it. Each error names the file, the entry and the field, e.g. {@code demo-city.yaml:
 * enterprise 91610902MA6X6B1T4L > outlet AKHJ-DA001: field 'standard': unknown standard 'GB9999'}.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final List<String> errors;

  public ConfigException(String file, List<String> errors) {
    super(summary(file, errors));
    this.file = file;
    this.errors = List.copyOf(errors);
  }

  public ConfigException(String file, String error, Throwable cause) {
    super(summary(file, List.of(error)), cause);
    this.file = file;
    this.errors = List.of(error);
  }

  /** The file the errors are in, as named to the loader. */
  public String file() {
    return file;
  }

  /** Every error, each a complete sentence naming file, entry and field. */
  public List<String> errors() {
    return errors;
  }

  private static String summary(String file, List<String> errors) {
    StringBuilder b =
        new StringBuilder()
            .append(file)
            .append(": ")
            .append(errors.size())
            .append(errors.size() == 1 ? " error" : " errors");
    for (String e : errors) {
      b.append(System.lineSeparator()).append("  - ").append(e);
    }
    return b.toString();
  }
}
