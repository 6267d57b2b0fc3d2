package io.github.eid4j.apdu;

import java.util.Arrays;

/** An ISO/IEC 7816-4 response APDU: a response data field followed by SW1 SW2. */
public final class ResponseApdu {
    private final byte[] bytes;

    private ResponseApdu(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @throws ApduFormatException if there are fewer than the two status bytes
     */
    public static ResponseApdu parse(byte[] response) {
        if (response == null || response.length < 2) {
            throw new ApduFormatException("A response APDU needs at least the 2 status bytes, but has "
                    + (response == null ? 0 : response.length) + ".");
        }
        return new ResponseApdu(response.clone());
    }

    public static ResponseApdu of(byte[] data, StatusWord sw) {
        return of(data, sw.value());
    }

    public static ResponseApdu of(byte[] data, int sw) {
        if (sw < 0 || sw > 0xFFFF) {
            throw new ApduFormatException("A status word is two bytes, 0x0000 to 0xFFFF, not " + sw + ".");
        }
        int n = data == null ? 0 : data.length;
        byte[] out = new byte[n + 2];
        if (n > 0) {
            System.arraycopy(data, 0, out, 0, n);
        }
        out[n] = (byte) (sw >> 8);
        out[n + 1] = (byte) sw;
        return new ResponseApdu(out);
    }

    public static ResponseApdu of(StatusWord sw) {
        return of(null, sw.value());
    }

    public int sw() {
        return ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
    }

    public int sw1() {
        return bytes[bytes.length - 2] & 0xFF;
    }

    public int sw2() {
        return bytes[bytes.length - 1] & 0xFF;
    }

    public StatusWord statusWord() {
        return StatusWord.of(sw());
    }

    /** True for 9000 only; see {@link StatusWord#isSuccess()}. */
    public boolean isSuccess() {
        return sw() == 0x9000;
    }

    public int dataLength() {
        return bytes.length - 2;
    }

    /** A copy of the response data field, without the status word. */
    public byte[] data() {
        return Arrays.copyOf(bytes, bytes.length - 2);
    }

    /** A copy of the whole response, data and status word. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Data length and status word; response data may be secret (a decrypted key), so it is not shown. */
    @Override
    public String toString() {
        return dataLength() + " data bytes, SW " + statusWord();
    }
}
