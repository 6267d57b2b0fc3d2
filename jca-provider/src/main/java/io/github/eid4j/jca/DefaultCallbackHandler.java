package io.github.eid4j.jca;

import java.security.Security;
import javax.security.auth.callback.CallbackHandler;

/**
 * The JDK's convention for a handler nobody set: the class named by the security property
 * {@code auth.login.defaultCallbackHandler}, as SunPKCS11 uses it. With
 * {@code com.sun.security.auth.callback.TextCallbackHandler} there, keytool and jarsigner
 * {@code -protected} ask for PINs on the terminal.
 */
final class DefaultCallbackHandler {
    static final String PROPERTY = "auth.login.defaultCallbackHandler";

    private DefaultCallbackHandler() {
    }

    /** The configured default handler, or null if none is configured. */
    static CallbackHandler get() {
        String name = Security.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(name.strip(), true, loader != null ? loader : DefaultCallbackHandler.class.getClassLoader());
            return (CallbackHandler) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new Eid4jException("The security property " + PROPERTY + " names " + name + ", which is not a CallbackHandler with a public constructor without arguments.", e);
        }
    }
}
