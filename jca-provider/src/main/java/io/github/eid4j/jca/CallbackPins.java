package io.github.eid4j.jca;

import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinRequest;
import java.io.IOException;
import java.util.function.Supplier;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The token model's {@link PinCallback} answered by a JAAS {@link CallbackHandler}: one
 * {@link PasswordCallback} whose prompt names the PIN and the tries left ("PIN1 (authentication),
 * 5 tries left"). A handler that cannot ask, or gives no password, cancels the operation.
 *
 * <p>Failures are thrown as the provider's unchecked {@link PinEntryCancelledException} so that
 * their reason reaches the application unchanged through the driver.
 */
final class CallbackPins implements PinCallback {
    private final Supplier<CallbackHandler> handler;

    /** @param handler looked up at each request, so a handler set later still counts */
    CallbackPins(Supplier<CallbackHandler> handler) {
        this.handler = handler;
    }

    @Override
    public char[] ask(PinRequest request) {
        CallbackHandler h = handler.get();
        if (h == null) {
            throw new PinEntryCancelledException("No CallbackHandler can ask for " + request.pin().displayName()
                    + ": set one on the Eid4j provider or load the EID key store with one.");
        }
        PasswordCallback callback = new PasswordCallback(request.prompt(), false);
        try {
            h.handle(new Callback[] {callback});
            char[] pin = callback.getPassword(); // a copy; the driver wipes it after use
            if (pin == null) {
                throw new PinEntryCancelledException("PIN entry was cancelled.");
            }
            return pin;
        } catch (UnsupportedCallbackException e) {
            throw new PinEntryCancelledException("The CallbackHandler cannot ask for a PIN (it does not support PasswordCallback).", e);
        } catch (IOException e) {
            throw new PinEntryCancelledException("The CallbackHandler failed to ask for " + request.pin().displayName() + ".", e);
        } finally {
            callback.clearPassword();
        }
    }
}
