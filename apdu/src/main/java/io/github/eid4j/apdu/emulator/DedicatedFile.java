package io.github.eid4j.apdu.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A DF: the MF or an application, with an optional DF name (AID) and its children. */
public final class DedicatedFile extends CardFile {
    public static final int MF_FID = 0x3F00;

    private final byte[] name;
    private final List<CardFile> children = new ArrayList<>();

    public DedicatedFile(int fid, byte[] name) {
        super(fid);
        if (name != null && (name.length < 1 || name.length > 16)) {
            throw new IllegalArgumentException("A DF name (AID) has 1 to 16 bytes, not " + name.length + ".");
        }
        this.name = name == null ? null : name.clone();
    }

    public static DedicatedFile masterFile() {
        return new DedicatedFile(MF_FID, null);
    }

    /** The DF name (application identifier), or null. */
    public byte[] name() {
        return name == null ? null : name.clone();
    }

    boolean hasName(byte[] candidate) {
        return name != null && Arrays.equals(name, candidate);
    }

    /** Adds a child and returns it, so trees read top-down in personalisation code. */
    public <F extends CardFile> F add(F child) {
        if (child(child.fid()) != null) {
            throw new IllegalArgumentException(String.format("DF %04X already has a file %04X.", fid(), child.fid()));
        }
        child.attachTo(this);
        children.add(child);
        return child;
    }

    public List<CardFile> children() {
        return Collections.unmodifiableList(children);
    }

    /** The direct child with this FID, or null. */
    public CardFile child(int fid) {
        for (CardFile f : children) {
            if (f.fid() == fid) {
                return f;
            }
        }
        return null;
    }

    /** The direct child EF with this short EF identifier, or null. */
    public ElementaryFile childBySfi(int sfi) {
        for (CardFile f : children) {
            if (f instanceof ElementaryFile ef && ef.sfi() == sfi) {
                return ef;
            }
        }
        return null;
    }
}
