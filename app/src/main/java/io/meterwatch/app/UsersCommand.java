package io.meterwatch.app;

import io.meterwatch.console.Role;
import io.meterwatch.console.UserStore;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meterwatch users}: the console's users file. Passwords come from a prompt, an environment
 * variable or a file, never from the command line (it would show in the process list and the shell
 * history).
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Console users: add one (bcrypt hash), list them.",
    subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class})
final class UsersCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code users add}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a user, or set an existing user's role and password.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Login name (also the actor).")
    String name;

    @Option(
        names = "--role",
        required = true,
        description = "bureau, viewer or county:<county id>, e.g. county:Hanbin.")
    String role;

    @Option(names = "--users", required = true, paramLabel = "FILE", description = "Users file.")
    Path users;

    @Option(
        names = "--password-env",
        paramLabel = "VAR",
        description = "Take the password from this environment variable.")
    String passwordEnv;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "Take the password from the first line of this file.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      char[] password = null;
      try {
        Role r;
        try {
          r = Role.parse(role);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--role: " + e.getMessage());
        }
        UserStore store = UserStore.load(users);
        password = password();
        store.put(name, r, password);
        store.save(users);
        out.printf("user %s (%s) saved in %s%n", name, r, users);
        out.flush();
        return 0;
      } catch (IllegalArgumentException e) {
        err.println("meterwatch users add: " + e.getMessage());
        err.flush();
        return 2;
      } finally {
        if (password != null) {
          Arrays.fill(password, '\0');
        }
      }
    }

    private char[] password() throws Exception {
      if (passwordEnv != null) {
        String v = System.getenv(passwordEnv);
        if (v == null || v.isEmpty()) {
          throw new IllegalArgumentException(
              "--password-env " + passwordEnv + ": the variable is not set");
        }
        return v.toCharArray();
      }
      if (passwordFile != null) {
        if (!Files.isRegularFile(passwordFile)) {
          throw new IllegalArgumentException("--password-file " + passwordFile + ": no such file");
        }
        String first =
            Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        return first.toCharArray();
      }
      Console c = System.console();
      if (c == null) {
        throw new IllegalArgumentException(
            "no terminal to ask for the password: use --password-env VAR or --password-file FILE");
      }
      char[] first = c.readPassword("password for %s: ", name);
      char[] again = c.readPassword("again: ");
      if (first == null || !Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return first;
    }
  }

  /** {@code users list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and roles.")
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--users", required = true, paramLabel = "FILE", description = "Users file.")
    Path users;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!Files.isRegularFile(users)) {
        err.println("meterwatch users list: --users " + users + ": no such file");
        err.flush();
        return 2;
      }
      try {
        for (UserStore.User u : UserStore.load(users).list()) {
          out.printf("%-20s %s%n", u.name(), u.role());
        }
      } catch (IllegalArgumentException e) {
        err.println("meterwatch users list: " + e.getMessage());
        err.flush();
        return 2;
      }
      out.flush();
      return 0;
    }
  }
}
