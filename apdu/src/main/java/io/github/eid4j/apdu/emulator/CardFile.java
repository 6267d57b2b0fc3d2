package io.github.eid4j.apdu.emulator;

/** A file of the card's ISO 7816-4 file system: a dedicated file or an elementary file. */
public abstract class CardFile {
    private final int fid;
    private DedicatedFile parent;
    private int lifeCycle = 0x05; // operational, activated

    protected CardFile(int fid) {
        if (fid < 0 || fid > 0xFFFF) {
            throw new IllegalArgumentException("A file identifier is two bytes, not " + fid + ".");
        }
        this.fid = fid;
    }

    public int fid() {
        return fid;
    }

    public DedicatedFile parent() {
        return parent;
    }

    void attachTo(DedicatedFile dedicatedFile) {
        if (parent != null) {
            throw new IllegalStateException(String.format("File %04X already has a parent.", fid));
        }
        parent = dedicatedFile;
    }

    /** Life cycle status byte of the FCP (tag 8A): 05 operational activated, 04 deactivated. */
    public int lifeCycle() {
        return lifeCycle;
    }

    public void setLifeCycle(int lifeCycle) {
        this.lifeCycle = lifeCycle & 0xFF;
    }

    /** The path from the MF, excluding the MF's own 3F00, as ISO 7816-4 path selection writes it. */
    public String path() {
        if (parent == null) {
            return String.format("%04X", fid);
        }
        String up = parent.path();
        return (parent.parent() == null ? "" : up + "/") + String.format("%04X", fid);
    }
}
