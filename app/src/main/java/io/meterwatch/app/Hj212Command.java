package io.meterwatch.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.hj212.Hj212Packet;
import io.meterwatch.core.hj212.Hj212Packet.Field;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.time.LocalCalendar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterwatch hj212}: tools for HJ 212 packets captured from devices. */
@Command(
    name = "hj212",
    mixinStandardHelpOptions = true,
    description = "HJ 212-2017 packet tools (see docs/hj212.md).",
    subcommands = {Hj212Command.Decode.class})
final class Hj212Command implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code meterwatch hj212 decode [FILE...]}: one JSON object per packet line, for field engineers
   * checking what a device sends. The output format is a contract (docs/hj212.md): scripts parse
   * it.
   */
  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = {
        "Decode HJ 212 packets, one per line, from the files or standard input; print one JSON"
            + " object per line.",
        "Blank lines and comment lines (starting with a single #) are skipped. Exit status 0 unless an input could"
            + " not be read."
      })
  static final class Decode implements Callable<Integer> {

    /** Exit status when an input file could not be read (every other file is still decoded). */
    static final int UNREADABLE_INPUT = 1;

    private static final JsonFactory JSON = new JsonFactory();

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..*",
        description = "Files with one packet per line; none or '-' reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        defaultValue = "Asia/Shanghai",
        description = "Time zone DataTime is local to (default: ${DEFAULT-VALUE}).")
    String zone;

    /** Standard input; a field so tests can supply their own. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
      ZoneId zoneId;
      try {
        zoneId = ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--zone: not a time zone: " + zone + " (e.g. Asia/Shanghai)");
      }
      Hj212Codec codec = new Hj212Codec(new LocalCalendar(zoneId));
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int status = 0;
      List<String> inputs = files.isEmpty() ? List.of("-") : files;
      for (String input : inputs) {
        try (BufferedReader reader = open(input)) {
          String line;
          while ((line = reader.readLine()) != null) {
            if (line.startsWith(BYTE_ORDER_MARK)) {
              line = line.substring(1); // files saved by Windows editors
            }
            String trimmed = line.strip();
            // A comment starts with one #; a packet starts with ##.
            if (trimmed.isEmpty() || trimmed.startsWith("#") && !trimmed.startsWith("##")) {
              continue;
            }
            out.println(decodeLine(codec, line));
          }
        } catch (IOException | UncheckedIOException e) {
          String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
          err.println("meterwatch hj212 decode: cannot read " + input + ": " + why);
          status = UNREADABLE_INPUT;
        }
        out.flush();
      }
      return status;
    }

    private BufferedReader open(String input) throws IOException {
      // Malformed UTF-8 is replaced, not fatal: such a packet then fails its CRC like any other
      // corrupted packet, which is what the engineer needs to see.
      InputStream in = input.equals("-") ? stdin : Files.newInputStream(Path.of(input));
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The JSON line for one packet line: the decoded packet, or the reason it was rejected. */
    static String decodeLine(Hj212Codec codec, String line) {
      try {
        Hj212Packet p = codec.parse(line);
        Instant dataTime;
        if (ReadingKind.fromCn(p.cn()).isPresent()) {
          // Data uploads get every check the pipeline applies (numbers, flags, times).
          dataTime = codec.toReading(p, Instant.EPOCH).dataTime();
        } else {
          dataTime = codec.dataTimeOf(p);
        }
        return success(codec, p, dataTime);
      } catch (RejectedInputException e) {
        return json(
            g -> {
              g.writeBooleanField("ok", false);
              g.writeStringField("error", e.reason().name());
              g.writeStringField("message", e.getMessage());
            });
      }
    }

    private static String success(Hj212Codec codec, Hj212Packet p, Instant dataTime) {
      Map<String, Map<String, String>> values = new LinkedHashMap<>();
      Map<String, String> plain = new LinkedHashMap<>();
      for (Field f : p.fields()) {
        if (f.code() == null) {
          if (!f.name().equals(Hj212Packet.DATA_TIME)) {
            plain.putIfAbsent(f.name(), f.value());
          }
        } else {
          values
              .computeIfAbsent(f.code(), c -> new LinkedHashMap<>())
              .putIfAbsent(f.suffix(), f.value());
        }
      }
      return json(
          g -> {
            g.writeBooleanField("ok", true);
            g.writeStringField("qn", p.qn());
            g.writeStringField("st", p.st());
            g.writeStringField("cn", p.cn());
            g.writeStringField("mn", p.mn());
            writeInteger(g, "flag", p.flag());
            writeInteger(g, "pnum", p.pnum());
            writeInteger(g, "pno", p.pno());
            g.writeStringField(
                "dataTime", dataTime == null ? null : codec.calendar().isoLocal(dataTime));
            g.writeObjectFieldStart("values");
            for (Map.Entry<String, Map<String, String>> code : values.entrySet()) {
              g.writeObjectFieldStart(code.getKey());
              for (Map.Entry<String, String> v : code.getValue().entrySet()) {
                g.writeFieldName(v.getKey());
                if (!Hj212Codec.isTextSuffix(v.getKey()) && Hj212Codec.isNumber(v.getValue())) {
                  // The digits as sent (0.0000 stays 0.0000), in JSON number syntax.
                  g.writeNumber(new BigDecimal(v.getValue()).toPlainString());
                } else {
                  g.writeString(v.getValue());
                }
              }
              g.writeEndObject();
            }
            g.writeEndObject();
            if (!plain.isEmpty()) {
              g.writeObjectFieldStart("fields");
              for (Map.Entry<String, String> f : plain.entrySet()) {
                g.writeStringField(f.getKey(), f.getValue());
              }
              g.writeEndObject();
            }
          });
    }

    private static void writeInteger(JsonGenerator g, String name, Integer value)
        throws IOException {
      if (value == null) {
        g.writeNullField(name);
      } else {
        g.writeNumberField(name, value);
      }
    }

    private interface Body {
      void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = JSON.createGenerator(w)) {
        g.writeStartObject();
        body.write(g);
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a StringWriter does not fail
      }
      return w.toString();
    }
  }
}
