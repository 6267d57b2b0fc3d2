package io.github.eid4j.apdu.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The virtual cards of a user: each in its own folder under {@code ~/.eid4j/cards/<name>}, or
 * under {@code $EID4J_HOME/cards/<name>} when EID4J_HOME is set.
 */
public final class VirtualCards {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path home;
    private final Path cards;

    public VirtualCards(Path home) {
        this.home = home;
        this.cards = home.resolve("cards");
    }

    /** The eid4j home these cards live in. */
    public Path home() {
        return home;
    }

    /** The user's eid4j folder: EID4J_HOME, or ~/.eid4j. */
    public static Path defaultHome() {
        String env = System.getenv("EID4J_HOME");
        return env != null && !env.isBlank() ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".eid4j");
    }

    public static VirtualCards inDefaultHome() {
        return new VirtualCards(defaultHome());
    }

    /** Every profile on the class path or module path. */
    public static List<VirtualCardProfile> profiles() {
        List<VirtualCardProfile> out = new ArrayList<>();
        ServiceLoader.load(VirtualCardProfile.class, VirtualCards.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /**
     * @throws IllegalArgumentException naming the known profiles if there is none by that name
     */
    public static VirtualCardProfile profile(String name) {
        List<String> known = new ArrayList<>();
        for (VirtualCardProfile p : profiles()) {
            if (p.name().equals(name)) {
                return p;
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("There is no virtual-card profile '" + name + "'; the profiles are: "
                + String.join(", ", known) + ".");
    }

    public Path folder(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a card name: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return cards.resolve(name);
    }

    /** The names of the cards in this home, sorted. */
    public List<String> names() throws IOException {
        if (!Files.isDirectory(cards)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(cards)) {
            return list.filter(p -> Files.isRegularFile(p.resolve("card.properties")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Personalises and writes a new card. The returned personalisation carries the issuer's
     * letter; the caller shows it and wipes it.
     */
    public Personalisation create(String name, String profileName, boolean activated) throws IOException {
        Path folder = folder(name);
        VirtualCardProfile profile = profile(profileName);
        if (Files.exists(folder)) {
            throw new CardFolderException("A virtual card named '" + name + "' already exists.");
        }
        Personalisation p = profile.personalise(name, home, activated, new SecureRandom());
        CardFolder.create(folder, profile.name(), p.image()).close();
        return p;
    }

    /** Opens a card for use; close it to release it for other programs. */
    public OpenCard open(String name) throws IOException {
        Path folder = folder(name);
        if (!Files.isDirectory(folder)) {
            throw new CardFolderException("There is no virtual card named '" + name + "'; create one with 'eid virtual create'.");
        }
        CardFolder store = CardFolder.open(folder);
        try {
            profile(store.profile()).attach(store.image());
        } catch (RuntimeException e) {
            store.close();
            throw new CardFolderException("The virtual card '" + name + "' needs the profile '" + store.profile() + "', which is not installed.", e);
        }
        return new OpenCard(name, new VirtualCard(store.image(), store), store);
    }

    public void delete(String name) throws IOException {
        Path folder = folder(name);
        if (!Files.isDirectory(folder)) {
            throw new CardFolderException("There is no virtual card named '" + name + "'.");
        }
        CardFolder.delete(folder);
    }

    /** A card opened from its folder: the card OS, and the folder it persists to (locked until closed). */
    public static final class OpenCard implements AutoCloseable {
        private final String name;
        private final VirtualCard card;
        private final CardFolder folder;

        OpenCard(String name, VirtualCard card, CardFolder folder) {
            this.name = name;
            this.card = card;
            this.folder = folder;
        }

        public String name() {
            return name;
        }

        public VirtualCard card() {
            return card;
        }

        public String profile() {
            return folder.profile();
        }

        public Path folder() {
            return folder.directory();
        }

        @Override
        public void close() {
            folder.close();
        }
    }
}
