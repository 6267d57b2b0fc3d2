package io.github.eid4j.apdu;

import java.util.Map;
import java.util.OptionalInt;

/**
 * An ISO/IEC 7816-4 status word (SW1 SW2) with its meaning. The named constants are the values
 * eID cards and their middleware use; any other value is still a valid status word and is
 * described by its SW1 group.
 */
public final class StatusWord {
    public static final StatusWord OK = new StatusWord(0x9000);
    public static final StatusWord SELECTED_FILE_INVALIDATED = new StatusWord(0x6283);
    public static final StatusWord END_OF_FILE_REACHED = new StatusWord(0x6282);
    public static final StatusWord NO_INFORMATION_NON_VOLATILE_CHANGED = new StatusWord(0x6300);
    public static final StatusWord MEMORY_FAILURE = new StatusWord(0x6581);
    public static final StatusWord WRONG_LENGTH = new StatusWord(0x6700);
    public static final StatusWord LOGICAL_CHANNEL_NOT_SUPPORTED = new StatusWord(0x6881);
    public static final StatusWord SECURE_MESSAGING_NOT_SUPPORTED = new StatusWord(0x6882);
    public static final StatusWord LAST_COMMAND_OF_CHAIN_EXPECTED = new StatusWord(0x6883);
    public static final StatusWord COMMAND_CHAINING_NOT_SUPPORTED = new StatusWord(0x6884);
    public static final StatusWord COMMAND_INCOMPATIBLE_WITH_FILE = new StatusWord(0x6981);
    public static final StatusWord SECURITY_STATUS_NOT_SATISFIED = new StatusWord(0x6982);
    public static final StatusWord AUTHENTICATION_METHOD_BLOCKED = new StatusWord(0x6983);
    public static final StatusWord REFERENCE_DATA_NOT_USABLE = new StatusWord(0x6984);
    public static final StatusWord CONDITIONS_OF_USE_NOT_SATISFIED = new StatusWord(0x6985);
    public static final StatusWord COMMAND_NOT_ALLOWED_NO_EF = new StatusWord(0x6986);
    public static final StatusWord SM_DATA_OBJECTS_MISSING = new StatusWord(0x6987);
    public static final StatusWord SM_DATA_OBJECTS_INCORRECT = new StatusWord(0x6988);
    public static final StatusWord INCORRECT_DATA = new StatusWord(0x6A80);
    public static final StatusWord FUNCTION_NOT_SUPPORTED = new StatusWord(0x6A81);
    public static final StatusWord FILE_NOT_FOUND = new StatusWord(0x6A82);
    public static final StatusWord RECORD_NOT_FOUND = new StatusWord(0x6A83);
    public static final StatusWord NOT_ENOUGH_MEMORY = new StatusWord(0x6A84);
    public static final StatusWord INCORRECT_P1_P2 = new StatusWord(0x6A86);
    public static final StatusWord LC_INCONSISTENT_WITH_P1_P2 = new StatusWord(0x6A87);
    public static final StatusWord REFERENCED_DATA_NOT_FOUND = new StatusWord(0x6A88);
    public static final StatusWord FILE_ALREADY_EXISTS = new StatusWord(0x6A89);
    public static final StatusWord WRONG_P1_P2 = new StatusWord(0x6B00);
    public static final StatusWord INS_NOT_SUPPORTED = new StatusWord(0x6D00);
    public static final StatusWord CLA_NOT_SUPPORTED = new StatusWord(0x6E00);
    public static final StatusWord NO_PRECISE_DIAGNOSIS = new StatusWord(0x6F00);
    public static final StatusWord PINPAD_TIMEOUT = new StatusWord(0x6400);
    public static final StatusWord PINPAD_CANCELLED = new StatusWord(0x6401);

    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(0x9000, "success"),
            Map.entry(0x6283, "selected file invalidated"),
            Map.entry(0x6282, "end of file reached before reading Ne bytes"),
            Map.entry(0x6300, "verification failed, no further information"),
            Map.entry(0x6581, "memory failure"),
            Map.entry(0x6700, "wrong length"),
            Map.entry(0x6881, "logical channel not supported"),
            Map.entry(0x6882, "secure messaging not supported"),
            Map.entry(0x6883, "last command of the chain expected"),
            Map.entry(0x6884, "command chaining not supported"),
            Map.entry(0x6981, "command incompatible with file structure"),
            Map.entry(0x6982, "security status not satisfied"),
            Map.entry(0x6983, "authentication method blocked"),
            Map.entry(0x6984, "reference data not usable"),
            Map.entry(0x6985, "conditions of use not satisfied"),
            Map.entry(0x6986, "command not allowed (no current EF)"),
            Map.entry(0x6987, "expected secure messaging data objects missing"),
            Map.entry(0x6988, "incorrect secure messaging data objects"),
            Map.entry(0x6A80, "incorrect parameters in the command data field"),
            Map.entry(0x6A81, "function not supported"),
            Map.entry(0x6A82, "file or application not found"),
            Map.entry(0x6A83, "record not found"),
            Map.entry(0x6A84, "not enough memory space in the file"),
            Map.entry(0x6A86, "incorrect parameters P1-P2"),
            Map.entry(0x6A87, "Lc inconsistent with P1-P2"),
            Map.entry(0x6A88, "referenced data or reference data not found"),
            Map.entry(0x6A89, "file already exists"),
            Map.entry(0x6B00, "wrong parameters P1-P2"),
            Map.entry(0x6D00, "instruction code not supported or invalid"),
            Map.entry(0x6E00, "class not supported"),
            Map.entry(0x6F00, "no precise diagnosis"),
            Map.entry(0x6400, "PIN pad: timeout"),
            Map.entry(0x6401, "PIN pad: cancelled by the user"));

    private final int value;

    private StatusWord(int value) {
        this.value = value;
    }

    /**
     * @throws ApduFormatException if {@code sw} is not a two-byte value
     */
    public static StatusWord of(int sw) {
        if (sw < 0 || sw > 0xFFFF) {
            throw new ApduFormatException("A status word is two bytes, 0x0000 to 0xFFFF, not " + sw + ".");
        }
        return sw == 0x9000 ? OK : new StatusWord(sw);
    }

    public static StatusWord of(int sw1, int sw2) {
        return of(((sw1 & 0xFF) << 8) | (sw2 & 0xFF));
    }

    /** A wrong-PIN answer: 63Cx with x tries left (0 to 15). */
    public static StatusWord wrongPin(int triesLeft) {
        if (triesLeft < 0 || triesLeft > 15) {
            throw new IllegalArgumentException("A 63Cx status word counts 0 to 15 tries, not " + triesLeft + ".");
        }
        return new StatusWord(0x63C0 | triesLeft);
    }

    public int value() {
        return value;
    }

    public int sw1() {
        return value >> 8;
    }

    public int sw2() {
        return value & 0xFF;
    }

    /** 9000: the command completed normally. */
    public boolean isSuccess() {
        return value == 0x9000;
    }

    /** 61xx: the command succeeded and more response data waits for GET RESPONSE. */
    public boolean isMoreDataAvailable() {
        return sw1() == 0x61;
    }

    /** For 61xx: how many bytes GET RESPONSE may fetch (00 means 256 or more). */
    public int bytesAvailable() {
        requireSw1(0x61);
        return sw2() == 0 ? 256 : sw2();
    }

    /** 6Cxx: wrong Le; the card says to resend with Le = xx. */
    public boolean isWrongLe() {
        return sw1() == 0x6C;
    }

    /** For 6Cxx: the Ne the card asks for (00 means 256). */
    public int correctNe() {
        requireSw1(0x6C);
        return sw2() == 0 ? 256 : sw2();
    }

    /** 63Cx: a verification failed and x tries remain; 63C0 means the reference data is now blocked. */
    public OptionalInt triesLeft() {
        return (value & 0xFFF0) == 0x63C0 ? OptionalInt.of(value & 0x0F) : OptionalInt.empty();
    }

    /** 6983 (blocked) or 6984 (reference data not usable), which middleware treats alike. */
    public boolean isBlocked() {
        return value == 0x6983 || value == 0x6984;
    }

    private void requireSw1(int expected) {
        if (sw1() != expected) {
            throw new IllegalStateException(String.format("Status word %04X is not a %02Xxx status word.", value, expected));
        }
    }

    /** What the status word means, in words. */
    public String meaning() {
        String known = MEANINGS.get(value);
        if (known != null) {
            return known;
        }
        if (triesLeft().isPresent()) {
            int x = triesLeft().getAsInt();
            return x == 0 ? "verification failed, now blocked" : "verification failed, " + x + (x == 1 ? " try" : " tries") + " left";
        }
        switch (sw1()) {
            case 0x61:
                return bytesAvailable() + " more response bytes available";
            case 0x6C:
                return "wrong Le, the card expects " + correctNe();
            case 0x62:
            case 0x63:
                return "warning, non-volatile memory " + (sw1() == 0x62 ? "unchanged" : "changed");
            case 0x64:
                return "execution error, non-volatile memory unchanged";
            case 0x65:
                return "execution error, non-volatile memory changed";
            case 0x66:
                return "security-related issue";
            case 0x67:
                return "wrong length";
            case 0x68:
                return "functions in CLA not supported";
            case 0x69:
                return "command not allowed";
            case 0x6A:
                return "wrong parameters P1-P2";
            default:
                return sw1() == 0x90 ? "success with proprietary information" : "unknown status";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusWord s && s.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /** "6A82 (file or application not found)". */
    @Override
    public String toString() {
        return String.format("%04X (%s)", value, meaning());
    }
}
