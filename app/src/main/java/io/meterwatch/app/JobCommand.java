package io.meterwatch.app;

import io.meterwatch.jobs.JobArguments;
import io.meterwatch.jobs.JobOptions;
import io.meterwatch.jobs.MonitoringJobMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meterwatch job}: the monitoring job (docs/rules.md) on a local Flink MiniCluster inside
 * this process, reading {@code meter.readings} until stopped, resuming from its state directory
 * after a restart (docs/operations.md). The same job, with the same options ({@link JobArguments}),
 * runs on a Flink cluster from the shaded jar of the jobs module ({@code flink run}).
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Run the monitoring job on a local Flink MiniCluster (see docs/operations.md).")
final class JobCommand implements Callable<Integer> {
  /** The MiniCluster's parallelism when {@code --parallelism} is not given. */
  static final int LOCAL_PARALLELISM = 2;

  @Mixin JobArguments arguments;

  @Spec CommandSpec spec;

  /**
   * The state directory without {@code --state-dir}: {@code $XDG_STATE_HOME/meterwatch/job}, by
   * default {@code ~/.local/state/meterwatch/job} (XDG base directories: state that survives
   * restarts but is not worth a backup).
   */
  static Path defaultStateDir() {
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("meterwatch").resolve("job");
  }

  @Override
  public Integer call() throws Exception {
    JobOptions options = arguments.options();
    int parallelism = options.parallelism() > 0 ? options.parallelism() : LOCAL_PARALLELISM;
    MonitoringJobMain.Prepared p =
        MonitoringJobMain.prepare(
            options,
            defaultStateDir(),
            spec.commandLine(),
            conf -> StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf));
    System.out.println(
        "meterwatch job: reading "
            + options.readingsTopic()
            + " from "
            + options.kafka()
            + (options.influxUrl() == null ? "" : ", writing to " + options.influxUrl())
            + "; Ctrl-C stops it");
    // a state that cannot be restored ends the run with one line and status 1 (SingleNodeRun)
    return p.runSingleNode(spec.commandLine());
  }
}
