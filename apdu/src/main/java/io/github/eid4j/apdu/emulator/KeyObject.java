package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.AlgorithmReference;
import java.util.EnumSet;
import java.util.Set;

/** A key on the card with its rules: which operations it may do and what must hold before each use. */
public final class KeyObject {
    private final CardKey key;
    private final AccessCondition useCondition;
    private final Set<AlgorithmReference.Operation> operations;

    public KeyObject(CardKey key, AccessCondition useCondition, Set<AlgorithmReference.Operation> operations) {
        if (operations.isEmpty()) {
            throw new IllegalArgumentException(String.format("Key %02X must allow at least one operation.", key.reference()));
        }
        this.key = key;
        this.useCondition = useCondition;
        this.operations = Set.copyOf(EnumSet.copyOf(operations));
    }

    public CardKey key() {
        return key;
    }

    public int reference() {
        return key.reference();
    }

    public AccessCondition useCondition() {
        return useCondition;
    }

    public Set<AlgorithmReference.Operation> operations() {
        return operations;
    }
}
