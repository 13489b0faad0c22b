package io.meterwatch.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Server-side login sessions: a random id in an HttpOnly, SameSite=Strict cookie, and per session a
 * random CSRF token that every state-changing request must send back in a header. Sessions end
 * after {@code idle} without a request, or at logout.
 */
public final class Sessions {
  /** The session cookie's name. */
  public static final String COOKIE = "mw_session";

  /** The header carrying the CSRF token on POST requests. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /**
   * One login.
   *
   * @param id the cookie value
   * @param user the user's name (the actor of their actions)
   * @param role the user's role
   * @param csrf the CSRF token
   */
  public record Session(String id, String user, Role role, String csrf) {
    /** Whether the token matches this session's, compared in constant time. */
    public boolean csrfMatches(String token) {
      return token != null
          && MessageDigest.isEqual(
              csrf.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
  private final long idleMillis;
  private final LongSupplier clock;

  public Sessions(Duration idle, LongSupplier clock) {
    this.idleMillis = idle.toMillis();
    this.clock = clock;
  }

  /** Starts a session (a fresh id at every login, so an id planted before login is useless). */
  public Session start(String user, Role role) {
    Session s = new Session(token(), user, role, token());
    sessions.put(s.id(), s);
    lastSeen.put(s.id(), clock.getAsLong());
    return s;
  }

  /** The live session of a cookie value, refreshing its idle time. */
  public Optional<Session> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    long now = clock.getAsLong();
    Long seen = lastSeen.get(id);
    if (seen == null || now - seen > idleMillis) {
      end(id);
      return Optional.empty();
    }
    lastSeen.put(id, now);
    return Optional.of(s);
  }

  /** Ends a session. */
  public void end(String id) {
    if (id != null) {
      sessions.remove(id);
      lastSeen.remove(id);
    }
  }

  /** The Set-Cookie value for a session. */
  public static String cookie(Session s) {
    return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** The Set-Cookie value that removes the cookie. */
  public static String clearCookie() {
    return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
