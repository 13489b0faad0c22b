package io.meterwatch.connectors.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings of an MQTT connection from PEM files, as the bridge and the simulator take them
 * ({@code --mqtt-ca}, {@code --mqtt-cert}, {@code --mqtt-key}; docs/security.md).
 *
 * <p>The CA file (one or more certificates) replaces the JVM's default truststore, so that only a
 * broker certificate signed by the bureau's own CA is accepted; the host name in the URL must match
 * the broker certificate (Paho's check). Certificate and key together are the client certificate
 * for brokers that require one. Keys are unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or
 * Ed25519) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}); others are refused with the openssl
 * command that converts them, because a JDK cannot read them without an extra library and a key
 * file is protected by its file mode, not a passphrase given on the same machine.
 *
 * @param ca the CA certificates to trust, or {@code null} for the JVM's default truststore
 * @param cert the client certificate (chain), or {@code null} for none
 * @param key the client certificate's private key, or {@code null} for none
 */
public record MqttTls(Path ca, Path cert, Path key) {
  /** The flags that name the files in messages. */
  public static final String CA_FLAG = "--mqtt-ca";

  public static final String CERT_FLAG = "--mqtt-cert";
  public static final String KEY_FLAG = "--mqtt-key";

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  /**
   * The settings of the three flags, or {@code null} when none is given (plain JVM defaults).
   *
   * @throws IllegalArgumentException naming the flag, when certificate and key are not given
   *     together
   */
  public static MqttTls of(Path ca, Path cert, Path key) {
    if (ca == null && cert == null && key == null) {
      return null;
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          (cert == null ? KEY_FLAG + " needs " + CERT_FLAG : CERT_FLAG + " needs " + KEY_FLAG)
              + " (a client certificate is a certificate and its key)");
    }
    return new MqttTls(ca, cert, key);
  }

  /**
   * Reads the files and makes the socket factory for Paho's {@code ssl://} connections.
   *
   * @throws IllegalArgumentException naming the flag and file that cannot be read or used
   */
  public SSLSocketFactory socketFactory() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (ca == null) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore trust = emptyStore();
        List<Certificate> cas = certificates(CA_FLAG, ca);
        for (int i = 0; i < cas.size(); i++) {
          trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (cert != null) {
        List<Certificate> chain = certificates(CERT_FLAG, cert);
        PrivateKey privateKey = privateKey(key);
        KeyStore keys = emptyStore();
        char[] none = new char[0];
        keys.setKeyEntry("client", privateKey, none, chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          (cert != null
                  ? CERT_FLAG + " " + cert + " / " + KEY_FLAG + " " + key
                  : CA_FLAG + " " + ca)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Checks that every file can be read and used; the message names the flag. */
  public MqttTls check() {
    socketFactory();
    return this;
  }

  /**
   * Whether a connect failure is a TLS refusal (an untrusted or misnamed certificate on either
   * side), which no retry cures.
   */
  public static boolean isTlsRefusal(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLHandshakeException || c instanceof CertificateException) {
        return true;
      }
      if (c instanceof SSLException && c.getMessage() != null && alert(c.getMessage()) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * One phrase saying why a TLS connection failed, in the user's terms (which flag to look at), or
   * {@code null} when the failure is not a TLS refusal.
   */
  public static String explain(Throwable t) {
    if (!isTlsRefusal(t)) {
      return null;
    }
    String last = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage();
      if (c instanceof CertPathValidatorException
          || m.contains("PKIX path")
          || m.contains("unable to find valid certification path")) {
        return "TLS: the broker's certificate is not signed by a CA in "
            + CA_FLAG
            + " (or the JVM's truststore without it)";
      }
      if (m.contains("No subject alternative") || m.contains("No name matching")) {
        return "TLS: the broker's certificate does not name the host of the URL (" + m + ")";
      }
      String alert = alert(m);
      if (alert != null) {
        return "TLS: the broker refused the client certificate ("
            + alert
            + "): check "
            + CERT_FLAG
            + " and "
            + KEY_FLAG;
      }
      if (!m.isEmpty()) {
        last = m;
      }
    }
    return "TLS handshake failed: " + last;
  }

  /** The fatal alert a broker sends about our certificate, or {@code null}. */
  private static String alert(String message) {
    for (String a :
        List.of(
            "certificate_required",
            "bad_certificate",
            "unknown_ca",
            "certificate_unknown",
            "handshake_failure")) {
      if (message.contains(a)) {
        return a;
      }
    }
    return null;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return ks;
  }

  private static List<Certificate> certificates(String flag, Path file) {
    byte[] bytes = read(flag, file);
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(
            flag + " " + file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
      }
      return new ArrayList<>(certs);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          flag + " " + file + ": not a PEM certificate file (" + e.getMessage() + ")", e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    String text = new String(read(KEY_FLAG, file), StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    String convert = "; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(KEY_FLAG + " " + file + ": broken base64 in " + type);
      }
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(file, der);
        case "RSA PRIVATE KEY":
          return pkcs8(file, rsaPkcs1ToPkcs8(der));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException(
              KEY_FLAG
                  + " "
                  + file
                  + ": the key is encrypted; give an unencrypted key readable only by this"
                  + " user (mode 600)"
                  + convert);
        case "EC PRIVATE KEY":
          throw new IllegalArgumentException(
              KEY_FLAG + " " + file + ": SEC1 EC keys are not read" + convert);
        default:
          // certificates or parameters before the key: keep looking
      }
    }
    throw new IllegalArgumentException(
        KEY_FLAG + " " + file + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it");
  }

  private static PrivateKey pkcs8(Path file, byte[] der) {
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException tryNext) {
        // the next algorithm
      }
    }
    throw new IllegalArgumentException(
        KEY_FLAG + " " + file + ": not an RSA, EC or Ed25519 private key");
  }

  /** Wraps a PKCS#1 RSAPrivateKey into PKCS#8 PrivateKeyInfo (rsaEncryption, NULL parameters). */
  private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((n >>> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] read(String flag, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(flag + " " + file + ": cannot read it (" + e + ")", e);
    }
  }
}
