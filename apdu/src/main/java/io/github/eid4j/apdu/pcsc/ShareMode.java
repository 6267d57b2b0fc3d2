package io.github.eid4j.apdu.pcsc;

/** How a connection shares the card with other programs (SCARD_SHARE_*). */
public enum ShareMode {
    /** Other programs may connect too; use transactions to keep a command sequence together. */
    SHARED,
    /** No other program may connect while this connection is open. */
    EXCLUSIVE
}
