package io.github.eid4j.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The one sentence a user sees for an error; the file system's own exceptions carry only a path. */
final class UserMessages {
    private UserMessages() {
    }

    static String of(Throwable e) {
        if (e instanceof FileSystemException f) {
            String file = f.getFile() == null ? "a file" : f.getFile();
            if (e instanceof NoSuchFileException) {
                return file + " does not exist.";
            }
            if (e instanceof AccessDeniedException) {
                return "Access to " + file + " is denied.";
            }
            if (e instanceof FileAlreadyExistsException) {
                return file + " already exists.";
            }
            if (e instanceof NotDirectoryException) {
                return file + " is not a folder.";
            }
            return file + " could not be used" + (f.getReason() == null ? "." : ": " + f.getReason() + ".");
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? "Unexpected " + e.getClass().getSimpleName() + " (run with --debug for details)." : message;
    }
}
