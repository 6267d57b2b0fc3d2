package io.github.eid4j.apdu.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a crash at any instant leaves either the old or the new content, never a
 * mix: a private temporary file, fsync, atomic rename, fsync of the folder. Everything is created
 * readable by the owner only, because a card's folder holds its private keys: with the mode asked
 * at creation, so that no instant is wider, and set again after it, because the process's umask
 * takes bits away from a creation mode (under umask 277 a folder would be created 0500 and a
 * file 0400). Public for the other places that keep secrets beside the cards (the test PKI's CA keys).
 */
public final class DurableFiles {
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private DurableFiles() {
    }

    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly(OWNER_FILE))) {
            setMode(temp, OWNER_FILE);
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, ownerOnly(OWNER_DIR));
        setMode(dir, OWNER_DIR);
        syncDirectory(dir.getParent());
    }

    /** Creates the folders of {@code dir} that are missing, each readable by the owner only; existing ones are left as they are. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            createPrivateDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            // made by another program meanwhile: it is theirs
        }
    }

    /**
     * Opens {@code file} for writing, creating it readable by the owner only if it is missing; an
     * existing file keeps its mode.
     */
    static FileChannel openPrivate(Path file) throws IOException {
        try {
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(OWNER_FILE));
            try {
                setMode(file, OWNER_FILE);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return channel;
        } catch (FileAlreadyExistsException e) {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the rename is still atomic there.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return;
            }
            throw e;
        }
    }

    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    /** Sets the mode exactly: unlike a creation mode, chmod is not cut by the umask. */
    private static void setMode(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
