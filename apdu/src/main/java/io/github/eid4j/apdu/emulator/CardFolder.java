package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.HashAlgorithm;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A virtual card's folder, its non-volatile memory. Layout:
 * <pre>
 *   card.properties    what the card is: profile, settings, files, PINs, keys (written once)
 *   state.properties   what changes: PIN counters and values, writable files (rewritten atomically)
 *   files/3F00-5016-4332.bin   EF contents as personalised (certificates as DER)
 *   keys/01.p8, keys/01.pub    private key (PKCS#8) and public key (X.509)
 *   lock               held while a process has the card open
 * </pre>
 * Everything is private to the owner (folders 0700, files 0600, whatever the umask), and so are
 * the folders above it that are created with it; every file is checked against a SHA-256 on load.
 */
public final class CardFolder implements NonVolatileMemory, AutoCloseable {
    private static final String CARD = "card.properties";
    private static final String STATE = "state.properties";
    private static final HexFormat HEX = HexFormat.of();

    private final Path directory;
    private final String profile;
    private final CardImage image;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private CardFolder(Path directory, String profile, CardImage image, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.profile = profile;
        this.image = image;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public Path directory() {
        return directory;
    }

    public String profile() {
        return profile;
    }

    public CardImage image() {
        return image;
    }

    /** Writes a new card's folder and returns it open (locked). */
    public static CardFolder create(Path directory, String profile, CardImage image) throws IOException {
        if (Files.exists(directory)) {
            throw new CardFolderException("A virtual card already exists at " + directory + ".");
        }
        DurableFiles.createPrivateDirectories(directory.getParent()); // EID4J_HOME and its cards/ hold keys too
        DurableFiles.createPrivateDirectory(directory);
        try {
            DurableFiles.createPrivateDirectory(directory.resolve("files"));
            DurableFiles.createPrivateDirectory(directory.resolve("keys"));
            ChecksummedProperties card = new ChecksummedProperties();
            card.put("format", "1");
            card.put("profile", profile);
            writeSettings(card, image.settings());
            writePace(card, image);
            byte[] mfName = image.masterFile().name();
            card.put("mf", "name=" + (mfName == null ? "-" : HEX.formatHex(mfName)) + ";lcs=" + lcs(image.masterFile()));
            writeFiles(directory, card, image.masterFile());
            for (ReferenceData pin : image.pins()) {
                card.put(String.format("pin.%02X", pin.reference()), String.join(";",
                        "label=" + pin.label(), "format=" + pin.format(), "min=" + pin.minLength(),
                        "max=" + pin.maxLength(), "tries=" + pin.maxTries(),
                        "unblock=" + (pin.unblockingReference() < 0 ? "-" : String.format("%02X", pin.unblockingReference())),
                        "change-without-old=" + pin.changeWithoutOldAllowed(),
                        "change-before-use=" + pin.changeBeforeUseRequired()));
            }
            for (KeyObject key : image.keys()) {
                String base = String.format("%02X", key.reference());
                byte[] pkcs8 = key.key().encodedPrivateKey();
                byte[] pub = key.key().encodedPublicKey();
                String pkcs8Sha256 = ChecksummedProperties.sha256(pkcs8);
                DurableFiles.writeAtomically(directory.resolve("keys").resolve(base + ".p8"), pkcs8);
                java.util.Arrays.fill(pkcs8, (byte) 0);
                DurableFiles.writeAtomically(directory.resolve("keys").resolve(base + ".pub"), pub);
                card.put("key." + base, String.join(";", "type=" + key.key().type().text(),
                        "use=" + key.useCondition(), "operations=" + joinOperations(key.operations()),
                        "sha256=" + pkcs8Sha256,
                        "pub-sha256=" + ChecksummedProperties.sha256(pub)));
            }
            for (AlgorithmReference a : image.algorithms()) {
                card.put(String.format("algorithm.%02X", a.value()), a.operation() + (a.hash() == null ? "" : ";" + a.hash()));
            }
            DurableFiles.writeAtomically(directory.resolve(CARD), card.encode());
            DurableFiles.writeAtomically(directory.resolve(STATE), state(image).encode());
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
        return open(directory);
    }

    /**
     * Opens and locks a card's folder and loads its image (without a profile's GET DATA sources,
     * which its profile adds back).
     *
     * @throws CardFolderException if there is no card, another process has it open, or a file
     *     is missing, corrupt or edited
     */
    public static CardFolder open(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new CardFolderException("There is no virtual card at " + directory + ".");
        }
        FileChannel channel = DurableFiles.openPrivate(directory.resolve("lock"));
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new CardFolderInUseException("The virtual card at " + directory + " is in use by another program.");
        }
        try {
            ChecksummedProperties card = read(directory.resolve(CARD));
            ChecksummedProperties state = read(directory.resolve(STATE));
            CardImage image = load(directory, card);
            applyState(directory.resolve(STATE), image, state);
            return new CardFolder(directory, card.values().get("profile"), image, channel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    @Override
    public void persist(CardImage changed) throws IOException {
        if (changed != image) {
            throw new IllegalArgumentException("A card folder keeps only its own card.");
        }
        if (!lock.isValid()) {
            throw new CardFolderException("The virtual card at " + directory + " was closed.");
        }
        DurableFiles.writeAtomically(directory.resolve(STATE), state(image).encode());
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway; nothing is lost.
        }
    }

    /** Deletes a card's folder; refuses while a program has the card open. */
    public static void delete(Path directory) throws IOException {
        try (CardFolder open = open(directory)) {
            // opening proves that nobody else uses it, and that it is a card folder
        } catch (CardFolderInUseException e) {
            throw e;
        } catch (CardFolderException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
            // a corrupt card may still be deleted
        }
        deleteTree(directory);
    }

    // ---- writing

    private static void writeSettings(ChecksummedProperties p, CardSettings s) {
        p.put("atr", HEX.formatHex(s.atr()));
        p.put("protocol", s.t0() ? "T0" : "T1");
        p.put("uses-61xx", Boolean.toString(s.uses61xx()));
        p.put("fcp-size-tag", Integer.toHexString(s.fcpSizeTag()));
        p.put("ef-fcp", s.efFcpSizeOnly() ? "size" : "full");
        p.put("max-read-chunk", Integer.toString(s.maxReadChunk()));
        p.put("empty-verify", s.emptyVerify().name());
    }

    private static void writePace(ChecksummedProperties p, CardImage image) {
        if (image.pace() != null) {
            p.put("pace", image.pace().encode());
        }
    }

    private static void writeFiles(Path directory, ChecksummedProperties p, DedicatedFile df) throws IOException {
        for (CardFile f : df.children()) {
            String key = pathKey(f);
            if (f instanceof DedicatedFile child) {
                byte[] name = child.name();
                p.put("df." + key, "name=" + (name == null ? "-" : HEX.formatHex(name)) + ";lcs=" + lcs(child));
                writeFiles(directory, p, child);
            } else {
                ElementaryFile ef = (ElementaryFile) f;
                byte[] content = ef.content();
                DurableFiles.writeAtomically(directory.resolve("files").resolve(key + ".bin"), content);
                p.put("ef." + key, String.join(";", "sfi=" + ef.sfi(), "read=" + ef.readCondition(),
                        "update=" + ef.updateCondition(), "lcs=" + lcs(ef), "sha256=" + ChecksummedProperties.sha256(content)));
            }
        }
    }

    private static String lcs(CardFile f) {
        return String.format("%02X", f.lifeCycle());
    }

    /** "5016-4332": the path below the MF, as a file name. */
    private static String pathKey(CardFile f) {
        return f.path().replace('/', '-');
    }

    private static ChecksummedProperties state(CardImage image) {
        ChecksummedProperties p = new ChecksummedProperties();
        for (ReferenceData pin : image.pins()) {
            p.put(String.format("pin.%02X", pin.reference()), pin.durableState());
        }
        collectWritable(image.masterFile(), p);
        return p;
    }

    private static void collectWritable(DedicatedFile df, ChecksummedProperties p) {
        for (CardFile f : df.children()) {
            if (f instanceof DedicatedFile child) {
                collectWritable(child, p);
            } else if (((ElementaryFile) f).updateCondition().kind() != AccessCondition.Kind.NEVER) {
                p.put("ef." + pathKey(f), HEX.formatHex(((ElementaryFile) f).content()));
            }
        }
    }

    private static String joinOperations(Set<AlgorithmReference.Operation> operations) {
        return String.join(",", operations.stream().map(Enum::name).sorted().toArray(String[]::new));
    }

    // ---- reading

    private static ChecksummedProperties read(Path file) throws IOException {
        try {
            return ChecksummedProperties.decode(file, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CardFolderException(file + " is missing; the card was not loaded.");
        }
    }

    private static CardImage load(Path directory, ChecksummedProperties p) throws IOException {
        Path cardFile = directory.resolve(CARD);
        Map<String, String> v = p.values();
        try {
            if (!"1".equals(v.get("format"))) {
                throw new IllegalArgumentException("its format is not 1");
            }
            CardSettings.Builder settings = CardSettings.builder(HEX.parseHex(required(v, "atr")))
                    .t0("T0".equals(required(v, "protocol")))
                    .uses61xx(Boolean.parseBoolean(required(v, "uses-61xx")))
                    .fcpSizeTag(Integer.parseInt(required(v, "fcp-size-tag"), 16))
                    // absent in folders made before the setting existed: they answered the full template
                    .efFcpSizeOnly("size".equals(v.getOrDefault("ef-fcp", "full")))
                    .maxReadChunk(Integer.parseInt(required(v, "max-read-chunk")))
                    .emptyVerify(CardSettings.EmptyVerify.valueOf(required(v, "empty-verify")));
            required(v, "profile");
            Map<String, String> mf = fields(required(v, "mf"));
            String mfName = required(mf, "name");
            DedicatedFile masterFile = new DedicatedFile(DedicatedFile.MF_FID, "-".equals(mfName) ? null : HEX.parseHex(mfName));
            masterFile.setLifeCycle(Integer.parseInt(required(mf, "lcs"), 16));
            CardImage image = new CardImage(settings.build(), masterFile);
            List<String> paths = new ArrayList<>();
            for (String key : v.keySet()) {
                if (key.startsWith("df.") || key.startsWith("ef.")) {
                    paths.add(key);
                }
            }
            // Parents before children: a shorter path first, then by path.
            paths.sort(Comparator.comparingInt((String k) -> k.length()).thenComparing(k -> k.substring(3)));
            for (String key : paths) {
                addFile(directory, image, key, fields(v.get(key)));
            }
            for (Map.Entry<String, String> e : v.entrySet()) {
                if (e.getKey().startsWith("pin.")) {
                    image.addPin(pin(Integer.parseInt(e.getKey().substring(4), 16), fields(e.getValue())));
                }
            }
            if (v.containsKey("pace")) {
                image.enablePace(PaceSettings.decode(fields(v.get("pace"))));
            }
            for (Map.Entry<String, String> e : v.entrySet()) {
                if (e.getKey().startsWith("pin.")) {
                    continue;
                } else if (e.getKey().startsWith("key.")) {
                    image.addKey(key(directory, Integer.parseInt(e.getKey().substring(4), 16), fields(e.getValue())));
                } else if (e.getKey().startsWith("algorithm.")) {
                    String[] parts = e.getValue().split(";");
                    image.addAlgorithm(new AlgorithmReference(Integer.parseInt(e.getKey().substring(10), 16),
                            AlgorithmReference.Operation.valueOf(parts[0]),
                            parts.length > 1 ? HashAlgorithm.valueOf(parts[1]) : null));
                }
            }
            return image;
        } catch (CardFolderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CardFolderException(cardFile + " is not a valid card description (" + e.getMessage() + "); the card was not loaded.", e);
        }
    }

    private static void addFile(Path directory, CardImage image, String key, Map<String, String> f) throws IOException {
        String[] fids = key.substring(3).split("-");
        DedicatedFile parent = image.masterFile();
        for (int i = 0; i < fids.length - 1; i++) {
            CardFile step = parent.child(Integer.parseInt(fids[i], 16));
            if (!(step instanceof DedicatedFile df)) {
                throw new IllegalArgumentException("the parent of " + key + " is not a DF");
            }
            parent = df;
        }
        int fid = Integer.parseInt(fids[fids.length - 1], 16);
        CardFile file;
        if (key.startsWith("df.")) {
            String name = required(f, "name");
            file = parent.add(new DedicatedFile(fid, "-".equals(name) ? null : HEX.parseHex(name)));
        } else {
            Path content = directory.resolve("files").resolve(key.substring(3) + ".bin");
            byte[] bytes = checkedRead(content, required(f, "sha256"));
            file = parent.add(new ElementaryFile(fid, Integer.parseInt(required(f, "sfi")), bytes,
                    AccessCondition.parse(required(f, "read")), AccessCondition.parse(required(f, "update"))));
        }
        file.setLifeCycle(Integer.parseInt(required(f, "lcs"), 16));
    }

    private static ReferenceData pin(int reference, Map<String, String> f) {
        String unblock = required(f, "unblock");
        ReferenceData pin = new ReferenceData(reference, required(f, "label"), PinFormat.parse(required(f, "format")),
                Integer.parseInt(required(f, "min")), Integer.parseInt(required(f, "max")),
                Integer.parseInt(required(f, "tries")), "-".equals(unblock) ? -1 : Integer.parseInt(unblock, 16),
                Boolean.parseBoolean(required(f, "change-without-old")));
        // Absent from cards made before the rule existed: their PINs never had it.
        if (Boolean.parseBoolean(f.get("change-before-use"))) {
            pin.requireChangeBeforeUse();
        }
        return pin;
    }

    private static KeyObject key(Path directory, int reference, Map<String, String> f) throws IOException {
        String base = String.format("%02X", reference);
        byte[] pkcs8 = checkedRead(directory.resolve("keys").resolve(base + ".p8"), required(f, "sha256"));
        byte[] pub = checkedRead(directory.resolve("keys").resolve(base + ".pub"), required(f, "pub-sha256"));
        EnumSet<AlgorithmReference.Operation> operations = EnumSet.noneOf(AlgorithmReference.Operation.class);
        for (String op : required(f, "operations").split(",")) {
            operations.add(AlgorithmReference.Operation.valueOf(op));
        }
        try {
            CardKey key = CardKey.restore(reference, KeyType.parse(required(f, "type")), pkcs8, pub);
            return new KeyObject(key, AccessCondition.parse(required(f, "use")), operations);
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] checkedRead(Path file, String sha256) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CardFolderException(file + " is missing; the card was not loaded.");
        }
        if (!ChecksummedProperties.sha256(bytes).equals(sha256)) {
            throw new CardFolderException(file + " is corrupt or was replaced (its checksum does not match); the card was not loaded.");
        }
        return bytes;
    }

    private static void applyState(Path stateFile, CardImage image, ChecksummedProperties state) throws CardFolderException {
        try {
            for (ReferenceData pin : image.pins()) {
                String value = state.values().get(String.format("pin.%02X", pin.reference()));
                if (value == null) {
                    throw new IllegalArgumentException(String.format("it has no state for %s", pin.label()));
                }
                pin.restoreDurableState(value);
            }
            for (Map.Entry<String, String> e : state.values().entrySet()) {
                if (e.getKey().startsWith("ef.")) {
                    ElementaryFile ef = findEf(image, e.getKey().substring(3));
                    byte[] content = HEX.parseHex(e.getValue());
                    if (ef == null || content.length != ef.size()) {
                        throw new IllegalArgumentException("it holds content for " + e.getKey() + " that the card does not have");
                    }
                    ef.setContent(content);
                } else if (!e.getKey().startsWith("pin.")) {
                    throw new IllegalArgumentException("it has an unknown key " + e.getKey());
                }
            }
        } catch (RuntimeException e) {
            throw new CardFolderException(stateFile + " is not a valid card state (" + e.getMessage() + "); the card was not loaded.", e);
        }
    }

    private static ElementaryFile findEf(CardImage image, String path) {
        CardFile at = image.masterFile();
        for (String fid : path.split("-")) {
            if (!(at instanceof DedicatedFile df)) {
                return null;
            }
            at = df.child(Integer.parseInt(fid, 16));
        }
        return at instanceof ElementaryFile ef ? ef : null;
    }

    private static Map<String, String> fields(String value) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + part + "' is not name=value");
            }
            out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    private static String required(Map<String, String> map, String key) {
        String value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
