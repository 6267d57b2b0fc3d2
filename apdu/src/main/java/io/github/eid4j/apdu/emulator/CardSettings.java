package io.github.eid4j.apdu.emulator;

import java.util.Arrays;

/**
 * The behaviour in which real cards differ and which a profile chooses: the ATR, the transport
 * protocol rules, the FCP an EF's SELECT returns, how much one READ BINARY returns, and what an
 * empty VERIFY answers.
 */
public final class CardSettings {
    /** What VERIFY without data answers. */
    public enum EmptyVerify {
        /** 9000 if verified, 63Cx with the tries left otherwise, 6983 if blocked; no try is used. */
        STATUS,
        /** 6700: the card does not offer the status query (some cards would count it as a wrong PIN). */
        WRONG_LENGTH
    }

    private final byte[] atr;
    private final boolean t0;
    private final boolean uses61xx;
    private final int fcpSizeTag;
    private final boolean efFcpSizeOnly;
    private final int maxReadChunk;
    private final EmptyVerify emptyVerify;

    private CardSettings(Builder b) {
        this.atr = b.atr.clone();
        this.t0 = b.t0;
        this.uses61xx = b.uses61xx;
        this.fcpSizeTag = b.fcpSizeTag;
        this.efFcpSizeOnly = b.efFcpSizeOnly;
        this.maxReadChunk = b.maxReadChunk;
        this.emptyVerify = b.emptyVerify;
    }

    public static Builder builder(byte[] atr) {
        return new Builder(atr);
    }

    public byte[] atr() {
        return atr.clone();
    }

    /**
     * True for a card that speaks T=0: a case-4 command arrives as case 3 (T=0 cannot carry data
     * and Le together, so the reader drops Le), and data for a command without Le waits behind 61xx.
     */
    public boolean t0() {
        return t0;
    }

    /** True if the card answers 61xx and waits for GET RESPONSE when a command without Le produces data. */
    public boolean uses61xx() {
        return uses61xx;
    }

    /** 0x80 (ISO's data size) or 0x81 (total size, as FINEID answers). */
    public int fcpSizeTag() {
        return fcpSizeTag;
    }

    /**
     * True if an EF's FCP is its size alone ({@code 62 04 81 02 hh ll}, as the real FINEID v4
     * answers); false for the fuller ISO template with descriptor, FID and life cycle.
     */
    public boolean efFcpSizeOnly() {
        return efFcpSizeOnly;
    }

    /** The most bytes one READ BINARY returns (FINEID: 0xB5, whatever Le asks). */
    public int maxReadChunk() {
        return maxReadChunk;
    }

    public EmptyVerify emptyVerify() {
        return emptyVerify;
    }

    /** Settings of a virtual card: the builder starts from plain ISO 7816-4 behaviour over T=1. */
    public static final class Builder {
        private final byte[] atr;
        private boolean t0;
        private boolean uses61xx;
        private int fcpSizeTag = 0x80;
        private boolean efFcpSizeOnly;
        private int maxReadChunk = 256;
        private EmptyVerify emptyVerify = EmptyVerify.STATUS;

        private Builder(byte[] atr) {
            if (atr == null || atr.length < 2 || atr.length > 33) {
                throw new IllegalArgumentException("An ATR has 2 to 33 bytes.");
            }
            this.atr = Arrays.copyOf(atr, atr.length);
        }

        public Builder t0(boolean value) {
            this.t0 = value;
            this.uses61xx |= value; // T=0 has no other way to return data for case 3
            return this;
        }

        public Builder uses61xx(boolean value) {
            this.uses61xx = value;
            return this;
        }

        public Builder fcpSizeTag(int tag) {
            if (tag != 0x80 && tag != 0x81) {
                throw new IllegalArgumentException("The FCP size tag is 80 or 81.");
            }
            this.fcpSizeTag = tag;
            return this;
        }

        public Builder efFcpSizeOnly(boolean value) {
            this.efFcpSizeOnly = value;
            return this;
        }

        public Builder maxReadChunk(int bytes) {
            if (bytes < 1 || bytes > 65536) {
                throw new IllegalArgumentException("A READ BINARY chunk is 1 to 65536 bytes.");
            }
            this.maxReadChunk = bytes;
            return this;
        }

        public Builder emptyVerify(EmptyVerify value) {
            this.emptyVerify = value;
            return this;
        }

        public CardSettings build() {
            return new CardSettings(this);
        }
    }
}
