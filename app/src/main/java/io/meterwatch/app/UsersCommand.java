package io.meterwatch.app;

import io.meterwatch.console.Role;
import io.meterwatch.console.UserStore;
import io.meterwatch.core.config.PasswordSource;
import java.io.Console;
import java.io.PrintWriter;
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
  /** The new user's password: a file, the environment, else a prompt (never a flag value). */
  static final PasswordSource PASSWORD =
      new PasswordSource("--password", "--password-file", "MW_USER_PASSWORD");

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
        names = "--password-file",
        paramLabel = "FILE",
        description =
            "Take the password from the first line of this file (else $MW_USER_PASSWORD, else a"
                + " prompt).")
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
      String given = PASSWORD.resolve(name, null, passwordFile, System.getenv());
      if (given != null) {
        return given.toCharArray();
      }
      Console c = System.console();
      if (c == null) {
        throw new IllegalArgumentException(
            "no terminal to ask for the password: use --password-file FILE or $"
                + PASSWORD.envVar());
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
