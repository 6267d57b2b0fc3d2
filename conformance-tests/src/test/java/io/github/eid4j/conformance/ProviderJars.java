package io.github.eid4j.conformance;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.jca.Eid4jProvider;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The jars and class folders a separate JVM needs to load the provider (keytool and jarsigner -providerPath). */
final class ProviderJars {
    private ProviderJars() {
    }

    static String path() {
        Set<String> path = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {
            Eid4jProvider.class, // jca-provider
            EidCard.class, // card-profiles
            CommandApdu.class, // apdu
            org.bouncycastle.jce.provider.BouncyCastleProvider.class, // bcprov
            org.bouncycastle.cert.X509CertificateHolder.class, // bcpkix
            org.bouncycastle.asn1.cms.ContentInfo.class, // bcutil
            jnasmartcardio.Smartcardio.class,
            com.sun.jna.Native.class,
        }) {
            try {
                path.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new AssertionError(e);
            }
        }
        return String.join(File.pathSeparator, path);
    }
}
