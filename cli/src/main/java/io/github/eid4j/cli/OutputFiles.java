package io.github.eid4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The files eid writes for its user to hand on: signatures, exported certificates, the demo's
 * document. None is secret, so a new file is readable by all (0644) and a new folder 0755,
 * whatever the umask (which would make them 0666 and 0777 under umask 000, or unreadable under
 * 077); a file that is there already keeps the mode its owner gave it. A file is replaced whole:
 * the content goes to a temporary file beside it, which is renamed over it, so an interrupted
 * write leaves the old file. (The virtual cards' folders, which hold keys, are written by the
 * card engine, owner only.)
 */
final class OutputFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> WRITING = PosixFilePermissions.fromString("rw-------");

    private OutputFiles() {
    }

    /**
     * Fails, before any work is done for it, if {@code target} cannot be written: it is a folder,
     * its folder is missing, or it is a file its owner made read-only.
     */
    static void checkWritable(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a folder; give the file to write.");
        }
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString());
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new AccessDeniedException(target.toString());
        }
    }

    /** Writes {@code content} to {@code target}, through a symbolic link to the file it names. */
    static void write(Path target, byte[] content) throws IOException {
        checkWritable(target);
        Path file = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
        Set<PosixFilePermission> mode = !posix() ? null : Files.exists(file) ? Files.getPosixFilePermissions(file) : FILE;
        // createTempFile makes it 0600 at most; set so that the umask cannot take the owner's write away.
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            setMode(temp, WRITING);
            Files.write(temp, content);
            setMode(temp, mode);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates the folders of {@code dir} that are missing, 0755; existing ones are left as they are. */
    static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent());
        }
        if (posix()) {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER)); // never wider, not even at first
        } else {
            Files.createDirectory(absolute);
        }
        setMode(absolute, FOLDER);
    }

    static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (mode != null && posix()) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
