import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * A Java program that knows nothing of eid4j: the JDK's SunPKCS11 provider loads
 * libeid4j-pkcs11.so into this JVM, which the module joins. Arguments: the module, a slot, the PIN.
 * Prints each key's alias and whether its signature verifies with the certificate's key.
 */
public class SunPkcs11Client {
    public static void main(String[] args) throws Exception {
        Provider p = Security.getProvider("SunPKCS11").configure("--name=eid4j\nlibrary=" + args[0] + "\nslot=" + args[1] + "\n");
        KeyStore keys = KeyStore.getInstance("PKCS11", p);
        keys.load(null, args[2].toCharArray());
        for (String alias : Collections.list(keys.aliases())) {
            if (!keys.isKeyEntry(alias)) {
                continue;
            }
            PrivateKey key = (PrivateKey) keys.getKey(alias, null);
            X509Certificate cert = (X509Certificate) keys.getCertificate(alias);
            String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            try {
                Signature s = Signature.getInstance(algorithm, p);
                s.initSign(key);
                s.update(alias.getBytes());
                byte[] signature = s.sign();
                Signature v = Signature.getInstance(algorithm);
                v.initVerify(cert.getPublicKey());
                v.update(alias.getBytes());
                System.out.println(alias + ": " + algorithm + " verifies " + v.verify(signature));
            } catch (Exception e) {
                System.out.println(alias + ": " + algorithm + " failed: " + e);
            }
        }
    }
}
