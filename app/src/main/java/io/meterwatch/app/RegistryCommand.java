package io.meterwatch.app;

import io.meterwatch.connectors.registry.RegistryTopic;
import io.meterwatch.core.config.ConfigException;
import io.meterwatch.core.config.PasswordSource;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.MosquittoAuth;
import io.meterwatch.core.registry.RegistryDiff;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardsCatalogue;
import io.meterwatch.core.standards.StandardsLoader;
import io.meterwatch.jobs.KafkaClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterwatch registry}: tools for site registry files (docs/registry.md). */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "Site registry tools (see docs/registry.md).",
    subcommands = {
      RegistryCommand.Check.class,
      RegistryCommand.Publish.class,
      RegistryCommand.History.class,
      RegistryCommand.Diff.class,
      RegistryCommand.MqttAuth.class
    })
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

    static String summary(SiteRegistry r) {
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

  /** Kafka connection options shared by the subcommands that use the registry topic. */
  static final class TopicOptions {
    @Option(
        names = "--kafka",
        required = true,
        paramLabel = "BOOTSTRAP",
        description = "Kafka bootstrap servers, host:port[,host:port]")
    String kafka;

    @Option(
        names = "--topic",
        paramLabel = "NAME",
        defaultValue = RegistryTopic.DEFAULT_TOPIC,
        description = "registry topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Mixin KafkaClientOptions config = new KafkaClientOptions();

    RegistryTopic open() {
      return new RegistryTopic(config.client(kafka), topic, Duration.ofSeconds(30));
    }
  }

  /** Reads and validates a registry file; errors go to {@code err}, one line each. */
  static SiteRegistry validate(Path file, String text, StandardsCatalogue base) {
    return RegistryLoader.read(
        new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        file.toString(),
        base);
  }

  /**
   * {@code meterwatch registry publish FILE --kafka B}: validates the file exactly as {@code
   * registry check} does and publishes it as the next version; an invalid file is refused and the
   * version in force stays.
   */
  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a registry file and publish it as the next version on the registry topic;"
            + " the bridge and the job follow the topic (docs/registry.md).",
        "Exit status 0 when published, 1 when the file is invalid or Kafka refused it."
      })
  static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "registry YAML file")
    Path file;

    @picocli.CommandLine.Mixin TopicOptions kafka = new TopicOptions();

    @Option(
        names = "--published-by",
        paramLabel = "NAME",
        description = "who publishes (default: the operating-system user)")
    String publishedBy;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println(file + ": cannot be read: " + e.getMessage());
        return Check.INVALID;
      }
      SiteRegistry next;
      try {
        next = validate(file, text, StandardsLoader.loadDefault());
      } catch (ConfigException e) {
        e.errors().forEach(err::println);
        err.println(
            file
                + ": "
                + e.errors().size()
                + (e.errors().size() == 1 ? " error" : " errors")
                + "; nothing published");
        return Check.INVALID;
      }
      RegistryTopic topic = kafka.open();
      try {
        topic.ensureTopic();
        RegistryTopic.History before = topic.history();
        String by = publishedBy != null ? publishedBy : System.getProperty("user.name", "unknown");
        RegistryVersion v = topic.publish(text, by, Instant.now());
        out.println(
            "published "
                + file
                + " as registry version "
                + v.version()
                + " on "
                + kafka.topic
                + " (sha256 "
                + v.sha256().substring(0, 12)
                + ", "
                + Check.summary(next)
                + ")");
        RegistryVersion previous = before.latest();
        if (previous != null) {
          List<RegistryDiff.Change> changes =
              RegistryDiff.between(
                  validate(
                      Path.of(kafka.topic + "@" + previous.version()),
                      previous.document(),
                      StandardsLoader.loadDefault()),
                  next);
          out.println(changes.size() + " changes from version " + previous.version() + ":");
          changes.forEach(c -> out.println("  " + c));
        }
        return 0;
      } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
        err.println("registry publish: " + e.getMessage());
        return Check.INVALID;
      }
    }
  }

  /** {@code meterwatch registry history --kafka B}: the published versions, oldest first. */
  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "List the registry versions published on the registry topic, oldest first.")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin TopicOptions kafka = new TopicOptions();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        RegistryTopic.History h = kafka.open().history();
        if (h.versions().isEmpty()) {
          out.println(
              "no registry version on "
                  + kafka.topic
                  + " (the bridge and the job use"
                  + " the registry they were started with)");
        }
        for (RegistryVersion v : h.versions()) {
          out.printf(
              "version %d  published %s by %s  sha256 %s  %d bytes%n",
              v.version(),
              v.publishedAt(),
              v.publishedBy(),
              v.sha256().substring(0, 12),
              v.document().getBytes(StandardCharsets.UTF_8).length);
        }
        for (RegistryTopic.Unreadable u : h.unreadable()) {
          out.printf("offset %d  unreadable, skipped by readers: %s%n", u.offset(), u.reason());
        }
        return 0;
      } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
        err.println("registry history: " + e.getMessage());
        return Check.INVALID;
      }
    }
  }

  /**
   * {@code meterwatch registry diff A B}: what changed from A to B; each is a file or {@code @N},
   * version N on the registry topic.
   */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Show what changed from registry A to registry B: counties, enterprises, outlets, meters,"
            + " limits and quotas. A and B are files, or @N for version N on the registry topic"
            + " (needs --kafka). Passwords are reported as changed, never shown."
      })
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "registry file or @VERSION")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "registry file or @VERSION")
    String b;

    @Option(
        names = "--kafka",
        paramLabel = "BOOTSTRAP",
        description = "Kafka bootstrap servers, for @VERSION arguments")
    String kafka;

    @Mixin KafkaClientOptions config = new KafkaClientOptions();

    @Option(
        names = "--topic",
        paramLabel = "NAME",
        defaultValue = RegistryTopic.DEFAULT_TOPIC,
        description = "registry topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if ((a.startsWith("@") || b.startsWith("@")) && kafka == null) {
        err.println("registry diff: --kafka is needed to read " + (a.startsWith("@") ? a : b));
        return Check.INVALID;
      }
      try {
        StandardsCatalogue base = StandardsLoader.loadDefault();
        RegistryTopic.History h = null;
        if (kafka != null) {
          TopicOptions t = new TopicOptions();
          t.kafka = kafka;
          t.topic = topic;
          t.config = config;
          h = t.open().history();
        }
        SiteRegistry ra = load(a, h, base);
        SiteRegistry rb = load(b, h, base);
        List<RegistryDiff.Change> changes = RegistryDiff.between(ra, rb);
        changes.forEach(c -> out.println(c));
        out.println(changes.size() + (changes.size() == 1 ? " change" : " changes"));
        return 0;
      } catch (ConfigException e) {
        e.errors().forEach(err::println);
        return Check.INVALID;
      } catch (IllegalArgumentException | IllegalStateException e) {
        err.println("registry diff: " + e.getMessage());
        return Check.INVALID;
      }
    }

    private SiteRegistry load(String ref, RegistryTopic.History h, StandardsCatalogue base) {
      if (ref.startsWith("@")) {
        long n;
        try {
          n = Long.parseLong(ref.substring(1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(ref + " is not @VERSION (e.g. @3)");
        }
        RegistryVersion v = null;
        for (RegistryVersion x : h.versions()) {
          if (x.version() == n) {
            v = x; // the later record wins, as for the followers
          }
        }
        if (v == null) {
          throw new IllegalArgumentException("no version " + n + " on " + topic);
        }
        return validate(Path.of(topic + ref), v.document(), base);
      }
      Path f = Path.of(ref);
      try {
        return validate(f, Files.readString(f, StandardCharsets.UTF_8), base);
      } catch (IOException e) {
        throw new IllegalArgumentException(ref + ": cannot be read: " + e.getMessage());
      }
    }
  }

  /**
   * {@code meterwatch registry mqtt-auth --registry FILE --out DIR}: the mosquitto password_file
   * and acl_file that give each meter its own broker identity (docs/security.md).
   */
  @Command(
      name = "mqtt-auth",
      mixinStandardHelpOptions = true,
      description = {
        "Write a mosquitto password_file and acl_file from a registry: each meter (user = MN,"
            + " password = its registry password) may publish only to meters/MN/data and read"
            + " only meters/MN/ack; the bridge's user reads all data and writes all acks.",
        "The bridge's password: --bridge-password-file, else env MW_MQTT_PASSWORD."
      })
  static final class MqttAuth implements Callable<Integer> {
    static final PasswordSource BRIDGE =
        new PasswordSource("--bridge-password", "--bridge-password-file", "MW_MQTT_PASSWORD");

    @Spec CommandSpec spec;

    @Option(
        names = "--registry",
        required = true,
        paramLabel = "FILE",
        description = "registry YAML file; 'demo' = the demo city")
    String registry;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "directory for password_file and acl_file (created; files mode 600)")
    Path dir;

    @Option(
        names = "--bridge-user",
        defaultValue = "meterwatch-bridge",
        description = "the bridge's MQTT user (default ${DEFAULT-VALUE})")
    String bridgeUser;

    @Option(
        names = "--bridge-password-file",
        paramLabel = "FILE",
        description = "file whose first line is the bridge's MQTT password")
    Path bridgePasswordFile;

    /** Where passwords named by environment variables are looked up (tests replace it). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      MosquittoAuth.Files files;
      try {
        String password = BRIDGE.resolve(bridgeUser, null, bridgePasswordFile, env);
        if (password == null) {
          throw new IllegalArgumentException(
              "the bridge needs a password: --bridge-password-file FILE or env MW_MQTT_PASSWORD");
        }
        SiteRegistry r =
            registry.equals("demo")
                ? RegistryLoader.loadDefault()
                : RegistryLoader.load(Path.of(registry));
        files = MosquittoAuth.of(r, bridgeUser, password);
      } catch (IllegalArgumentException | ConfigException e) {
        err.println("meterwatch registry mqtt-auth: " + e.getMessage());
        err.flush();
        return 2;
      }
      Files.createDirectories(dir);
      write(dir.resolve("password_file"), files.passwordFile());
      write(dir.resolve("acl_file"), files.aclFile());
      out.println(
          "meterwatch registry mqtt-auth: "
              + dir.resolve("password_file")
              + " and "
              + dir.resolve("acl_file")
              + " for the bridge user "
              + bridgeUser
              + " and "
              + (files.passwordFile().lines().count() - 1)
              + " meters"
              + (files.metersWithoutPassword().isEmpty()
                  ? ""
                  : "; without a registry password, so unable to connect: "
                      + String.join(", ", files.metersWithoutPassword())));
      out.flush();
      return 0;
    }

    private static void write(Path file, String text) throws IOException {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text);
    }
  }
}
