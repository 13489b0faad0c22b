package io.meterwatch.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code meterwatch simulate ARGS} run through the real command line, with what it printed: the
 * simulator writes to the process's standard output and error, so both are captured while it runs.
 */
record SimulateRun(int status, String out, String err) {

  static SimulateRun run(String... args) {
    List<String> all = new ArrayList<>(List.of("simulate"));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outBefore = System.out;
    PrintStream errBefore = System.err;
    int status;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      status = Meterwatch.commandLine().execute(all.toArray(String[]::new));
    } finally {
      System.setOut(outBefore);
      System.setErr(errBefore);
    }
    return new SimulateRun(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
