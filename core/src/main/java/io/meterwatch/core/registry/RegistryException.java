package io.meterwatch.core.registry;

import io.meterwatch.core.config.ConfigException;
import java.util.List;

/**
 * A site registry file that cannot be used, with every problem found in it; each error names the
 * file, the entry and the field (docs/registry.md lists the checks).
 */
public class RegistryException extends ConfigException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String file, List<String> errors) {
    super(file, errors);
  }

  public RegistryException(ConfigException e) {
    super(e.file(), e.errors());
    initCause(e);
  }
}
