package io.github.eid4j.apdu.emulator;

/** A transparent EF: bytes read and written by offset, guarded by access conditions. */
public final class ElementaryFile extends CardFile {
    private byte[] content;
    private final int sfi;
    private final AccessCondition readCondition;
    private final AccessCondition updateCondition;

    /**
     * @param sfi the short EF identifier 1..30, or 0 for none
     */
    public ElementaryFile(int fid, int sfi, byte[] content, AccessCondition readCondition, AccessCondition updateCondition) {
        super(fid);
        if (sfi < 0 || sfi > 30) {
            throw new IllegalArgumentException("A short EF identifier is 1 to 30 (0 for none), not " + sfi + ".");
        }
        this.sfi = sfi;
        this.content = content.clone();
        this.readCondition = readCondition;
        this.updateCondition = updateCondition;
    }

    /** A file anyone may read and nobody may change after personalisation. */
    public static ElementaryFile readOnly(int fid, byte[] content) {
        return new ElementaryFile(fid, 0, content, AccessCondition.ALWAYS, AccessCondition.NEVER);
    }

    public int sfi() {
        return sfi;
    }

    public int size() {
        return content.length;
    }

    public AccessCondition readCondition() {
        return readCondition;
    }

    public AccessCondition updateCondition() {
        return updateCondition;
    }

    /** A copy of the whole content. */
    public byte[] content() {
        return content.clone();
    }

    byte[] read(int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(content, offset, out, 0, length);
        return out;
    }

    void write(int offset, byte[] data) {
        System.arraycopy(data, 0, content, offset, data.length);
    }

    /** Replaces the content during personalisation. */
    public void setContent(byte[] newContent) {
        content = newContent.clone();
    }
}
