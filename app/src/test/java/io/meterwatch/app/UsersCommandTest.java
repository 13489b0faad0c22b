package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.console.Role;
import io.meterwatch.console.UserStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meterwatch users} and the checks {@code meterwatch console} makes before it starts. */
class UsersCommandTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void addsUsersWithHashedPasswordsFromAFile() throws Exception {
    Path users = dir.resolve("users.yaml");
    Path pw = Files.writeString(dir.resolve("pw"), "hanbin-secret-1\n");
    Run add =
        run(
            "users",
            "add",
            "hanbin",
            "--role",
            "county:Hanbin",
            "--users",
            users.toString(),
            "--password-file",
            pw.toString());
    assertThat(add.status()).isEqualTo(0);
    assertThat(add.out()).isEqualTo("user hanbin (county:Hanbin) saved in " + users + "\n");
    Files.writeString(pw, "duty-secret-22\n");
    assertThat(
            run(
                    "users",
                    "add",
                    "duty",
                    "--role",
                    "bureau",
                    "--users",
                    users.toString(),
                    "--password-file",
                    pw.toString())
                .status())
        .isEqualTo(0);
    String file = Files.readString(users);
    assertThat(file).doesNotContain("hanbin-secret-1").doesNotContain("duty-secret-22");
    assertThat(file).contains("passwordHash: \"$2a$10$");
    UserStore store = UserStore.load(users);
    assertThat(store.authenticate("hanbin", "hanbin-secret-1").orElseThrow().role())
        .isEqualTo(Role.parse("county:Hanbin"));
    assertThat(store.authenticate("hanbin", "duty-secret-22")).isEmpty();
    assertThat(store.authenticate("duty", "duty-secret-22")).isPresent();
    Run list = run("users", "list", "--users", users.toString());
    assertThat(list.out())
        .isEqualTo(
            String.format("%-20s %s%n%-20s %s%n", "hanbin", "county:Hanbin", "duty", "bureau"));
  }

  @Test
  void userErrorsAreOneLineWithStatus2() throws Exception {
    Path users = dir.resolve("users.yaml");
    Path pw = Files.writeString(dir.resolve("pw"), "short\n");
    assertThat(
            run(
                "users",
                "add",
                "li",
                "--role",
                "admin",
                "--users",
                users.toString(),
                "--password-file",
                pw.toString()))
        .isEqualTo(
            new Run(
                2,
                "",
                "meterwatch users add: --role: role 'admin' is not one of bureau, viewer,"
                    + " county:<county id>\n"));
    assertThat(
            run(
                "users",
                "add",
                "li",
                "--role",
                "viewer",
                "--users",
                users.toString(),
                "--password-file",
                pw.toString()))
        .isEqualTo(
            new Run(2, "", "meterwatch users add: the password must have at least 8 characters\n"));
    Path empty = Files.writeString(dir.resolve("empty"), "\nsecond-line-is-ignored\n");
    assertThat(
            run(
                "users",
                "add",
                "li",
                "--role",
                "viewer",
                "--users",
                users.toString(),
                "--password-file",
                empty.toString()))
        .isEqualTo(
            new Run(
                2,
                "",
                "meterwatch users add: --password-file " + empty + ": the first line is empty\n"));
    assertThat(Files.exists(users)).isFalse();
    assertThat(run("console", "--bind", "0.0.0.0"))
        .isEqualTo(
            new Run(
                2,
                "",
                "meterwatch console: --bind 0.0.0.0: without --users the console binds only to a"
                    + " loopback address\n"));
    assertThat(run("console", "--users", users.toString()))
        .isEqualTo(
            new Run(
                2,
                "",
                "meterwatch console: --users "
                    + users
                    + ": no such file (meterwatch users add NAME --users FILE makes it)\n"));
  }
}
