package io.meterwatch.jobs;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * A user error on the command line is one line naming the command and the option or file, and exit
 * status 2 — no usage screen, no stack trace ({@code --help} lists the options).
 */
public final class OneLineErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }
}
