package io.meterwatch.app;

import io.meterwatch.jobs.JobArguments;
import io.meterwatch.jobs.JobOptions;
import io.meterwatch.jobs.MonitoringJobMain;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meterwatch job}: the monitoring job (docs/rules.md) on a local Flink MiniCluster inside
 * this process, reading {@code meter.readings} until stopped. The same job, with the same options
 * ({@link JobArguments}), runs on a Flink cluster from the shaded jar of the jobs module ({@code
 * flink run}).
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

  @Override
  public Integer call() throws Exception {
    JobOptions options = arguments.options();
    int parallelism = options.parallelism() > 0 ? options.parallelism() : LOCAL_PARALLELISM;
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
    MonitoringJobMain.wireChecked(options, env, spec.commandLine());
    System.out.println(
        "meterwatch job: reading "
            + options.readingsTopic()
            + " from "
            + options.kafka()
            + (options.influxUrl() == null ? "" : ", writing to " + options.influxUrl())
            + "; Ctrl-C stops it");
    env.execute(MonitoringJobMain.JOB_NAME);
    return 0;
  }
}
