package io.meterwatch.app;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time (BouncyCastle), issuing PEM server and client
 * certificates, so that TLS tests carry no key material in the repository.
 */
final class TestPki {
  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private long serial = 2;

  private TestPki(String name) throws Exception {
    this.name = name;
    this.keys = ec();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + name),
            BigInteger.ONE,
            Date.from(Instant.now().minus(Duration.ofMinutes(5))),
            Date.from(Instant.now().plus(Duration.ofDays(1))),
            new X500Name("CN=" + name),
            keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.certificate = sign(b);
  }

  /** A new CA named {@code CN=name}. */
  static TestPki ca(String name) throws Exception {
    return new TestPki(name);
  }

  /** Writes the CA certificate as PEM. */
  Path writeCa(Path file) throws IOException {
    return Files.writeString(file, pem(certificate));
  }

  /**
   * Issues a certificate for {@code cn} (with 127.0.0.1 and localhost as subject alternative names,
   * so that it serves as a broker certificate too) and writes {@code PREFIX.crt} and {@code
   * PREFIX.key}: an EC key as PKCS#8, or with {@code rsaPkcs1} an RSA key as PKCS#1 ({@code BEGIN
   * RSA PRIVATE KEY}), the two forms openssl writes.
   */
  Path[] issue(String cn, Path dir, String prefix, boolean rsaPkcs1) throws Exception {
    KeyPair subject = rsaPkcs1 ? rsa() : ec();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            certificate,
            BigInteger.valueOf(serial++),
            Date.from(Instant.now().minus(Duration.ofMinutes(5))),
            Date.from(Instant.now().plus(Duration.ofDays(1))),
            new X500Name("CN=" + cn),
            subject.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    X509Certificate cert = sign(b);
    Path crt = Files.writeString(dir.resolve(prefix + ".crt"), pem(cert));
    String key = rsaPkcs1 ? pem(subject.getPrivate()) : pkcs8(subject.getPrivate());
    Path keyFile = Files.writeString(dir.resolve(prefix + ".key"), key);
    return new Path[] {crt, keyFile};
  }

  private X509Certificate sign(X509v3CertificateBuilder b) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  /** BouncyCastle's PEM: certificates as CERTIFICATE, RSA keys as PKCS#1. */
  private static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  private static String pkcs8(PrivateKey k) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(k.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  @Override
  public String toString() {
    return "TestPki[" + name + "]";
  }
}
