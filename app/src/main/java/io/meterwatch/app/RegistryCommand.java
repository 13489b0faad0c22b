package io.meterwatch.app;

import io.meterwatch.core.config.ConfigException;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardsCatalogue;
import io.meterwatch.core.standards.StandardsLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterwatch registry}: tools for site registry files (docs/registry.md). */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "Site registry tools (see docs/registry.md).",
    subcommands = {RegistryCommand.Check.class})
final class RegistryCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code meterwatch registry check [FILE]}: validates a registry the way the bridge and the job
   * load it, and prints every problem at once, so an operator fixes a file before deploying it.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a site registry file (default: the built-in demo city) and print a summary, or"
            + " every error naming file, entry and field.",
        "Exit status 0 when valid, 1 when not."
      })
  static final class Check implements Callable<Integer> {
    static final int INVALID = 1;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "registry YAML file")
    Path file;

    @Option(
        names = "--standards",
        paramLabel = "FILE",
        description = "standards catalogue YAML to judge against (default: the built-in one)")
    Path standards;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String name = file == null ? "demo-city.yaml (built in)" : file.toString();
      try {
        StandardsCatalogue base =
            standards == null ? StandardsLoader.loadDefault() : StandardsLoader.load(standards);
        SiteRegistry registry;
        if (file == null) {
          registry = RegistryLoader.loadDefault();
        } else {
          try (InputStream in = Files.newInputStream(file)) {
            registry = RegistryLoader.read(in, file.toString(), base);
          }
        }
        out.println(name + ": valid: " + summary(registry));
        return 0;
      } catch (ConfigException e) {
        e.errors().forEach(err::println);
        err.println(
            name + ": " + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
        return INVALID;
      } catch (IOException e) {
        err.println(name + ": cannot be read: " + e);
        return INVALID;
      }
    }

    private static String summary(SiteRegistry r) {
      int outlets = 0;
      int energy = 0;
      int production = 0;
      for (Enterprise e : r.enterprises()) {
        outlets += e.outlets().size();
        energy += e.energyMeters().size();
        production += e.productionMeters().size();
      }
      return r.counties().size()
          + " counties, "
          + r.enterprises().size()
          + " enterprises, "
          + outlets
          + " outlets, "
          + energy
          + " energy meters, "
          + production
          + " production meters ("
          + r.meterNumbers().size()
          + " MNs)";
    }
  }
}
