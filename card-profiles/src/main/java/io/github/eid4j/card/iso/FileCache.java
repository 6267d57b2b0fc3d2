package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.EidException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A card's files kept between program starts, as OpenSC's file cache keeps them, so that a
 * program's second start reads no certificate or PKCS#15 directory again: one file per card in
 * the user's cache folder ({@code $XDG_CACHE_HOME/eid4j}, else {@code ~/.cache/eid4j}; the
 * system property {@value #PROPERTY} names another folder, or is {@code off}).
 *
 * <p>A card is known by a file every card of its profile has: that file's size and first READ
 * BINARY, which for a certificate hold its serial number and issuer, so a new card (or a new
 * certificate) is a new entry, and a card is never taken for another. What the cache holds is
 * what the card gave to anyone who asked (public files, never a PIN's state or a secret), and it
 * is parsed exactly as the card's own answer is: the cache can spare reads, not vouch for
 * anything. The folder is 0700 and the files 0600; a file that cannot be read or parsed is
 * ignored and rewritten; a folder that cannot be written only costs the reads.
 */
public final class FileCache {
    /** The system property that names the cache folder, or turns the cache off. */
    public static final String PROPERTY = "eid4j.cache";
    private static final String HEADER = "# eid4j card files: path, then content (hex) or - for a file the card does not have";
    private static final String ABSENT = "-";
    /** Cards whose files are kept; the least recently used go first. */
    private static final int MAX_CARDS = 32;

    private final Path file;
    private final Map<String, Optional<byte[]>> files = new LinkedHashMap<>();

    private FileCache(Path file) {
        this.file = file;
        if (file != null) {
            load();
        }
    }

    /** A cache that keeps nothing. */
    public static FileCache none() {
        return new FileCache(null);
    }

    /**
     * The cache of the card whose identifying file starts as {@code start}.
     *
     * @param kind the profile and generation, e.g. "FINEID v4.0"
     */
    public static FileCache forCard(String kind, TransparentFiles.FileStart start) {
        Optional<Path> folder = folder();
        if (folder.isEmpty()) {
            return none();
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            return none();
        }
        sha.update(kind.getBytes(StandardCharsets.UTF_8));
        sha.update(Integer.toString(start.size()).getBytes(StandardCharsets.US_ASCII));
        sha.update(start.first());
        return new FileCache(folder.get().resolve("card-" + Hex.plain(Arrays.copyOf(sha.digest(), 16)).toLowerCase(java.util.Locale.ROOT)));
    }

    /** The cache folder, or empty if the cache is off or there is no home to put it in. */
    static Optional<Path> folder() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured.equals("off") ? Optional.empty() : Optional.of(Path.of(configured));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "eid4j"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "eid4j"));
    }

    /** A file of the card: from the cache, else from the card (and then kept). Empty if the card has no such file. */
    public synchronized Optional<byte[]> read(CardTransport card, byte[] path, int maxRead) throws TransportException, EidException {
        Optional<byte[]> kept = files.get(Hex.plain(path));
        if (kept != null) {
            return kept.map(byte[]::clone);
        }
        Optional<byte[]> read = TransparentFiles.read(card, path, maxRead);
        keep(path, read);
        return read;
    }

    /**
     * The file that identifies the card, whose start was read already: from the cache if what is
     * kept has that size and start, else the rest from the card (and then kept).
     */
    public synchronized byte[] rest(CardTransport card, byte[] path, TransparentFiles.FileStart start, int maxRead)
            throws TransportException, EidException {
        Optional<byte[]> kept = files.get(Hex.plain(path));
        byte[] first = start.first();
        if (kept != null && kept.isPresent() && kept.get().length == start.size()
                && Arrays.equals(kept.get(), 0, first.length, first, 0, first.length)) {
            return kept.get().clone();
        }
        byte[] whole = TransparentFiles.rest(card, path, start, maxRead);
        keep(path, Optional.of(whole));
        return whole;
    }

    private void keep(byte[] path, Optional<byte[]> content) {
        if (file == null) {
            return;
        }
        files.put(Hex.plain(path), content.map(byte[]::clone));
        save();
    }

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
        } catch (IOException | RuntimeException e) {
            return; // not there yet, or unreadable: read from the card and write it anew
        }
        Map<String, Optional<byte[]>> parsed = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            try {
                if (fields.length != 2 || Hex.decode(fields[0]).length == 0) {
                    return;
                }
                parsed.put(Hex.plain(Hex.decode(fields[0])), fields[1].equals(ABSENT) ? Optional.empty() : Optional.of(Hex.decode(fields[1])));
            } catch (IllegalArgumentException e) {
                return; // corrupt: ignored, and rewritten with what the card gives
            }
        }
        files.putAll(parsed);
    }

    private void save() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        files.forEach((path, content) -> text.append(path).append(' ')
                .append(content.map(Hex::plain).orElse(ABSENT)).append('\n'));
        Path folder = file.getParent();
        Path temporary = null;
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(folder)) {
                if (posix) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(folder);
                }
            }
            temporary = posix
                    ? Files.createTempFile(folder, ".card-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(folder, ".card-", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            evictBeyond(folder);
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written costs the reads next time, nothing else.
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // left for the next save to overwrite; it holds only public files
                }
            }
        }
    }

    /** Keeps the most recently used cards' files only. */
    private static void evictBeyond(Path folder) throws IOException {
        List<Path> cards = new ArrayList<>();
        try (Stream<Path> all = Files.list(folder)) {
            all.filter(p -> p.getFileName().toString().startsWith("card-")).forEach(cards::add);
        }
        if (cards.size() <= MAX_CARDS) {
            return;
        }
        cards.sort(Comparator.comparing(FileCache::modified));
        for (Path old : cards.subList(0, cards.size() - MAX_CARDS)) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
