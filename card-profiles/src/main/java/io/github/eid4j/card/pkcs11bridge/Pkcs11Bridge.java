package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Any PKCS#11 module as a card backend: the vendor middleware a user already has (the Thales
 * Classic Client of the Luxembourg eID, mPollux DigiSign of FINEID) or any other, its tokens
 * seen through the same token model as eid4j's own drivers, so the JCA provider and {@code eid}
 * work on them unchanged.
 */
public final class Pkcs11Bridge {
    /** The word that asks for the first vendor module installed, instead of a path. */
    public static final String INSTALLED = "installed";

    /**
     * Where the vendor middlewares install their module on Linux, in the order they are looked
     * up (docs/cards.md: Thales Classic Client for the Luxembourg eID; mPollux DigiSign for
     * FINEID, its rpm's path and the same name in /usr/lib).
     */
    public static final List<Path> VENDOR_MODULES = List.of(Path.of("/usr/lib/pkcs11/libgclib.so"), Path.of("/usr/lib64/libcryptoki.so"),
            Path.of("/usr/lib/libcryptoki.so"));

    private Pkcs11Bridge() {
    }

    /**
     * The module a user named: a path, or {@link #INSTALLED} for the first of
     * {@link #VENDOR_MODULES} that exists.
     *
     * @throws CardAccessException SERVICE_NOT_RUNNING if there is no such file, naming the paths looked at
     */
    public static Path module(String named) throws CardAccessException {
        if (INSTALLED.equals(named)) {
            for (Path candidate : VENDOR_MODULES) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            throw new CardAccessException(CardAccessException.Reason.SERVICE_NOT_RUNNING, "No vendor PKCS#11 module is installed (looked for "
                    + VENDOR_MODULES.stream().map(Path::toString).collect(Collectors.joining(", ")) + ").");
        }
        Path path = Path.of(named).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new CardAccessException(CardAccessException.Reason.SERVICE_NOT_RUNNING, "There is no PKCS#11 module " + path + ".");
        }
        return path;
    }

    /**
     * The first token of the module (a path or {@link #INSTALLED}), each module call waiting at
     * most {@code timeLimit}. Closing the card closes its session; the module is finalised when
     * its last token closes, or when the JVM exits.
     *
     * @throws CardAccessException NO_CARD if no slot of the module has a token
     */
    public static EidCard open(String named, Duration timeLimit) throws EidException {
        return open(named, null, timeLimit);
    }

    /**
     * As {@link #open(String, Duration)}, taking the token of this label (null: the first); a
     * module may show one token per PIN of a card ("FINEID (PIN1)", "FINEID (PIN2)").
     *
     * @throws CardAccessException NO_CARD if the module has no such token, naming those it has
     */
    public static EidCard open(String named, String tokenLabel, Duration timeLimit) throws EidException {
        Pkcs11Module module = Pkcs11Module.acquire(module(named), timeLimit);
        try {
            NativeLong slot = module.call("C_GetSlotList", () -> token(module, tokenLabel));
            return Pkcs11Token.open(module, slot);
        } catch (EidException | RuntimeException e) {
            module.release();
            throw e;
        }
    }

    /** The slot of the token of this label, or of the first initialised one (SoftHSM, for one, always shows a blank token to initialise). */
    private static NativeLong token(Pkcs11Module module, String label) throws EidException {
        List<String> labels = new java.util.ArrayList<>();
        for (NativeLong slot : slotsWithToken(module)) {
            Structs.TokenInfo info;
            try {
                info = Pkcs11Token.tokenInfo(module, slot);
            } catch (Pkcs11Failure gone) {
                continue; // a token SoftHSM2 lost its folder under: listed, but not there
            }
            if (label == null ? info.has(Pkcs11Constants.CKF_TOKEN_INITIALIZED) : info.label().equals(label)) {
                return slot;
            }
            labels.add("'" + info.label() + "'");
        }
        if (label == null) {
            throw new CardAccessException(CardAccessException.Reason.NO_CARD, "There is no token in any slot of the PKCS#11 module "
                    + module.name() + ".");
        }
        throw new CardAccessException(CardAccessException.Reason.NO_CARD, "The PKCS#11 module " + module.name() + " has no token '" + label
                + "'" + (labels.isEmpty() ? "; it has none now." : "; its tokens: " + String.join(", ", labels) + "."));
    }

    static List<NativeLong> slotsWithToken(Pkcs11Module module) throws EidException {
        Pkcs11Library p11 = module.library();
        NativeLongByReference count = new NativeLongByReference();
        module.check("C_GetSlotList", p11.C_GetSlotList((byte) 1, null, count));
        NativeLong[] slots = new NativeLong[(int) count.getValue().longValue()];
        if (slots.length > 0) {
            module.check("C_GetSlotList", p11.C_GetSlotList((byte) 1, slots, count));
        }
        return List.of(slots).subList(0, (int) Math.min(slots.length, count.getValue().longValue()));
    }
}
