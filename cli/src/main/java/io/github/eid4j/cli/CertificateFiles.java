package io.github.eid4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Certificates the user names on the command line (--trust): PEM or DER files, one or more certificates each. */
final class CertificateFiles {
    private CertificateFiles() {
    }

    static List<X509Certificate> read(List<Path> files) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                int before = certificates.size();
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certificates.add((X509Certificate) c);
                }
                if (certificates.size() == before) {
                    throw new IllegalArgumentException(file + " holds no certificate.");
                }
            } catch (CertificateException e) {
                throw new IllegalArgumentException(file + " is not a certificate (PEM or DER).", e);
            }
        }
        return certificates;
    }
}
