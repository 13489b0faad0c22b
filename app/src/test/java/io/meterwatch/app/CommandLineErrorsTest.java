package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.jobs.MonitoringJobMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A user error on the job's command line ({@code meterwatch job} and the job jar's main, one
 * parser) is one line naming the option or file, exit status 2, before anything starts: no stack
 * trace, no usage screen, nothing on standard output.
 */
class CommandLineErrorsTest {

  record Run(int status, String out, String err) {}

  private static Run run(Supplier<CommandLine> commandLine, String... args) {
    CommandLine cl = commandLine.get();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  private static Run job(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "job";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(Meterwatch::commandLine, all);
  }

  private static Run jar(String... args) {
    return run(() -> MonitoringJobMain.commandLine(new MonitoringJobMain()), args);
  }

  @Test
  void jobAndJarMainReportTheSameOneLineErrors(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "enterprises: [ {creditCode: 1} ]\n");
    List<List<String>> cases =
        List.of(
            List.of("--lateness", "1h"),
            List.of("--kafka", "127.0.0.1:1", "--lateness", "5x"),
            List.of("--kafka", "127.0.0.1:1", "--checkpoint-interval", "0s"),
            List.of("--kafka", "127.0.0.1:1", "--registry", dir.resolve("missing.yaml").toString()),
            List.of("--kafka", "127.0.0.1:1", "--registry", broken.toString()),
            List.of("--kafka", "127.0.0.1:1", "--colour", "blue"));
    List<String> expected =
        List.of(
            "Missing required option: '--kafka=BOOTSTRAP'",
            "Invalid value for option '--lateness': not a duration: '5x' (write e.g. 30s, 15m,"
                + " 2h, 3d, 1d12h or PT2H)",
            "--checkpoint-interval: must be positive: 0s",
            "--registry: cannot read file " + dir.resolve("missing.yaml"),
            "--registry: " + broken,
            "Unknown options: '--colour', 'blue'");
    for (int i = 0; i < cases.size(); i++) {
      String[] args = cases.get(i).toArray(String[]::new);
      Run job = job(args);
      Run jar = jar(args);
      assertThat(job.status()).as("%s", cases.get(i)).isEqualTo(2);
      assertThat(jar.status()).as("%s", cases.get(i)).isEqualTo(2);
      assertThat(job.out()).isEmpty();
      assertThat(jar.out()).isEmpty();
      assertThat(job.err().lines().toList()).as("%s", cases.get(i)).hasSize(1);
      assertThat(jar.err().lines().toList()).as("%s", cases.get(i)).hasSize(1);
      assertThat(job.err()).startsWith("meterwatch job: " + expected.get(i));
      assertThat(jar.err()).startsWith("meterwatch-jobs.jar: " + expected.get(i));
    }
  }
}
