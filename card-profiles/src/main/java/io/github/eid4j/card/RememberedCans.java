package io.github.eid4j.card;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;

/**
 * CANs the user chose to remember (opt-in), one per place a card is found ("reader 'X'",
 * "virtual card 'lux'"): before PACE a card cannot be told apart from another of its kind, so
 * the place is all a host can key on. They live in {@code $XDG_CONFIG_HOME/eid4j/can.properties}
 * (else {@code ~/.config/eid4j/}), readable by the user alone (0600). A CAN is not a PIN: it
 * only opens the card's secure channel, and is printed on the card itself.
 */
public final class RememberedCans {
    private final Path file;

    public RememberedCans(Path file) {
        this.file = file;
    }

    /** The user's store, under XDG_CONFIG_HOME (or ~/.config) /eid4j. */
    public static RememberedCans inUserConfig() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new RememberedCans(config.resolve("eid4j").resolve("can.properties"));
    }

    public Path file() {
        return file;
    }

    /** The CAN remembered for the card at {@code location}, for the caller to wipe. */
    public Optional<char[]> find(String location) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String value = load().getProperty(location);
            return value == null ? Optional.empty() : Optional.of(value.toCharArray());
        } catch (IOException e) {
            return Optional.empty(); // an unreadable store remembers nothing: the user is asked
        }
    }

    /** Remembers {@code can} for the card at {@code location} (the caller wipes its array). */
    public void remember(String location, char[] can) throws IOException {
        Properties all = Files.isRegularFile(file) ? load() : new Properties();
        all.setProperty(location, new String(can));
        store(all);
    }

    /** Forgets every remembered CAN; false if there was none. */
    public boolean forgetAll() throws IOException {
        return Files.deleteIfExists(file);
    }

    private Properties load() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    /** Written to a new 0600 file, then moved over the old one: never readable by others, not even for a moment. */
    private void store(Properties all) throws IOException {
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temporary = Files.createTempFile(file.getParent(), "can", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringWriter text = new StringWriter();
        all.store(text, "CANs remembered by eid4j ('eid can forget' deletes this file)");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(bytes));
            out.force(true);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
