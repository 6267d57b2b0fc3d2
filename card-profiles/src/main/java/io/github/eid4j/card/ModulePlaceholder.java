package io.github.eid4j.card;

/**
 * Keeps this package non-empty so that module-info.java can already export it: javac refuses to
 * export an empty package. Delete this class when the token model's first class lands here.
 */
final class ModulePlaceholder {
    private ModulePlaceholder() {
    }
}
