package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.AlgorithmReference;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import io.github.eid4j.apdu.pace.PacePassword;

/**
 * Everything a card keeps across power cycles: its settings, file system, reference data (PINs,
 * PUKs) and keys, plus the GET DATA sources a profile adds. Built at personalisation, then
 * changed only by the card OS.
 */
public final class CardImage {
    private final CardSettings settings;
    private final DedicatedFile masterFile;
    private final Map<Integer, ReferenceData> pins = new LinkedHashMap<>();
    private final Map<Integer, KeyObject> keys = new LinkedHashMap<>();
    private final Map<Integer, DataObjectSource> dataObjects = new LinkedHashMap<>();
    private final Map<Integer, AlgorithmReference> algorithms = new LinkedHashMap<>();
    private PaceSettings pace;

    public CardImage(CardSettings settings, DedicatedFile masterFile) {
        if (masterFile.fid() != DedicatedFile.MF_FID || masterFile.parent() != null) {
            throw new IllegalArgumentException("The root of a card's file system is the MF, 3F00.");
        }
        this.settings = settings;
        this.masterFile = masterFile;
    }

    public CardSettings settings() {
        return settings;
    }

    public DedicatedFile masterFile() {
        return masterFile;
    }

    public ReferenceData addPin(ReferenceData pin) {
        if (pins.putIfAbsent(pin.reference(), pin) != null) {
            throw new IllegalArgumentException(String.format("The card already has reference data %02X.", pin.reference()));
        }
        return pin;
    }

    public ReferenceData pin(int reference) {
        return pins.get(reference);
    }

    public Collection<ReferenceData> pins() {
        return Collections.unmodifiableCollection(pins.values());
    }

    public KeyObject addKey(KeyObject key) {
        if (keys.putIfAbsent(key.reference(), key) != null) {
            throw new IllegalArgumentException(String.format("The card already has a key %02X.", key.reference()));
        }
        return key;
    }

    public KeyObject key(int reference) {
        return keys.get(reference);
    }

    public Collection<KeyObject> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    /**
     * Makes the card speak PACE and secure messaging. The reference data it names must already be
     * on the card, and get their values after this call (the card then keeps their PACE keys).
     */
    public void enablePace(PaceSettings settings) {
        for (PacePassword.Type type : PacePassword.Type.values()) {
            settings.reference(type).ifPresent(ref -> {
                ReferenceData password = pins.get(ref);
                if (password == null) {
                    throw new IllegalArgumentException(String.format("The card has no reference data %02X for the PACE %s.", ref, type.label()));
                }
                password.usePace(settings.info().protocol().orElseThrow());
            });
        }
        this.pace = settings;
    }

    /** The card's PACE settings, or null for a card without PACE. */
    public PaceSettings pace() {
        return pace;
    }

    /** Registers the answer to GET DATA (CA or CB) for P1-P2 {@code p1p2}. */
    public void addDataObject(int p1p2, DataObjectSource source) {
        dataObjects.put(p1p2, source);
    }

    DataObjectSource dataObject(int p1p2) {
        return dataObjects.get(p1p2);
    }

    /** Defines what an MSE algorithm-reference byte (tag 80) means on this card. */
    public void addAlgorithm(AlgorithmReference algorithm) {
        algorithms.put(algorithm.value(), algorithm);
    }

    AlgorithmReference algorithm(int value) {
        return algorithms.get(value);
    }

    public Collection<AlgorithmReference> algorithms() {
        return Collections.unmodifiableCollection(algorithms.values());
    }
}
