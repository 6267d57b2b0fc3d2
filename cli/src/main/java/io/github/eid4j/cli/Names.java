package io.github.eid4j.cli;

import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Distinguished names as people read them: the eID attributes by name, not by OID. */
final class Names {
    private static final Map<String, String> KEYWORDS = Map.of(
            "2.5.4.5", "SERIALNUMBER", "2.5.4.42", "GIVENNAME", "2.5.4.4", "SURNAME", "1.2.840.113549.1.9.1", "EMAIL");

    private Names() {
    }

    static String readable(X500Principal name) {
        return name.getName(X500Principal.RFC1779, KEYWORDS);
    }
}
