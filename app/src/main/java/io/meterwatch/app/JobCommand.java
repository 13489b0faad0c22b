package io.meterwatch.app;

import io.meterwatch.jobs.JobOptions;
import io.meterwatch.jobs.MonitoringJobMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterwatch job}: the monitoring job (docs/rules.md) on a local Flink MiniCluster inside
 * this process, reading {@code meter.readings} until stopped. The same job runs on a Flink cluster
 * from the shaded jar of the jobs module ({@code flink run}).
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Run the monitoring job on a local Flink MiniCluster (see docs/rules.md).")
final class JobCommand implements Callable<Integer> {
  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers")
  String kafka;

  @Option(names = "--influx-url", description = "InfluxDB base URL (nothing written without it)")
  String influxUrl;

  @Option(names = "--influx-db", description = "InfluxDB database (default meterwatch)")
  String influxDb;

  @Option(names = "--influx-user")
  String influxUser;

  @Option(names = "--influx-password", arity = "0..1", interactive = true)
  String influxPassword;

  @Option(names = "--registry", description = "site registry YAML (default: the demo city)")
  String registry;

  @Option(names = "--zone", description = "zone of HJ 212 DataTime (default Asia/Shanghai)")
  String zone;

  @Option(names = "--out-of-orderness", description = "watermark out-of-orderness (default 2m)")
  String outOfOrderness;

  @Option(names = "--idleness", description = "idle-partition timeout (default 1m)")
  String idleness;

  @Option(names = "--lateness", description = "allowed lateness for back-fill (default 1h)")
  String lateness;

  @Option(names = "--group-id", description = "consumer group (default meterwatch-monitoring)")
  String groupId;

  @Option(names = "--checkpoint-interval", description = "default 30s")
  String checkpointInterval;

  @Option(names = "--cases", description = "run the case manager in the job (default true)")
  String cases;

  @Option(
      names = "--detectors",
      description = "data verification detectors that run: all, none or e.g. D1,D4 (default all)")
  String detectors;

  @Option(names = "--parallelism", description = "MiniCluster parallelism (default 2)")
  int parallelism = 2;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    add(args, "kafka", kafka);
    add(args, "influx-url", influxUrl);
    add(args, "influx-db", influxDb);
    add(args, "influx-user", influxUser);
    add(args, "influx-password", influxPassword);
    add(args, "registry", registry);
    add(args, "zone", zone);
    add(args, "out-of-orderness", outOfOrderness);
    add(args, "idleness", idleness);
    add(args, "lateness", lateness);
    add(args, "group-id", groupId);
    add(args, "checkpoint-interval", checkpointInterval);
    add(args, "cases", cases);
    add(args, "detectors", detectors);
    add(args, "parallelism", String.valueOf(parallelism));
    JobOptions options;
    try {
      options = JobOptions.parse(args.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      System.err.println("meterwatch job: " + e.getMessage());
      return 2;
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
    System.out.println(
        "meterwatch job: reading "
            + options.readingsTopic()
            + " from "
            + options.kafka()
            + (options.influxUrl() == null ? "" : ", writing to " + options.influxUrl())
            + "; Ctrl-C stops it");
    MonitoringJobMain.run(options, env);
    return 0;
  }

  private static void add(List<String> args, String name, String value) {
    if (value != null) {
      args.add("--" + name);
      args.add(value);
    }
  }
}
