package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.Memory;
import io.github.eid4j.apdu.HashAlgorithm;

/** The PKCS#11 mechanism parameters of the token model's signature schemes. */
final class Mechanisms {
    private Mechanisms() {
    }

    /** RSASSA-PSS as the token model makes it: MGF1 of the message hash, a salt as long as the digest. */
    static Memory pss(HashAlgorithm hash) {
        long mechanism;
        long mgf;
        switch (hash) {
            case SHA1:
                mechanism = 0x220; // CKM_SHA_1
                mgf = 1; // CKG_MGF1_SHA1
                break;
            case SHA224:
                mechanism = 0x255;
                mgf = 5;
                break;
            case SHA256:
                mechanism = 0x250;
                mgf = 2;
                break;
            case SHA384:
                mechanism = 0x260;
                mgf = 3;
                break;
            default:
                mechanism = 0x270;
                mgf = 4;
        }
        return Structs.pssParameters(mechanism, mgf, hash.digestLength());
    }
}
