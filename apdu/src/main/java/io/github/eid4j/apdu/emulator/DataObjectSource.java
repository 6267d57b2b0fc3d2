package io.github.eid4j.apdu.emulator;

/**
 * Answers GET DATA for one P1-P2 value, e.g. FINEID's PIN-info template (odd INS CB, P1-P2 00FF)
 * or a CPLC block (CA 9F7F). A profile registers these; the engine owns the protocol.
 */
@FunctionalInterface
public interface DataObjectSource {

    /**
     * @param card what the card knows (PINs and their counters), read-only
     * @param commandData the command data field (for INS CB, a tag list or template), maybe empty
     * @return the response data, or null if the card has no such data object (6A88)
     * @throws Refused to answer with another status word (e.g. 6A80 for a malformed query)
     */
    byte[] read(CardView card, byte[] commandData);

    /** A GET DATA the card answers with an error status word instead of data. */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int statusWord;

        public Refused(int statusWord) {
            super(String.format("%04X", statusWord), null, false, false);
            this.statusWord = statusWord;
        }

        public int statusWord() {
            return statusWord;
        }
    }
}
