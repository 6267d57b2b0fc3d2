/**
 * Card readers of the system's PC/SC service: {@link io.github.eid4j.apdu.pcsc.PcscReaders}
 * lists them and connects to their cards, {@link io.github.eid4j.apdu.pcsc.PcscCardTransport}
 * is a connection (every call on the reader's own {@link io.github.eid4j.apdu.pcsc.ReaderExecutor}
 * thread), {@link io.github.eid4j.apdu.pcsc.PcscMonitor} reports readers and cards coming and
 * going. Every failure is a {@link io.github.eid4j.apdu.pcsc.PcscException} whose
 * {@link io.github.eid4j.apdu.pcsc.PcscFailure} says what happened.
 *
 * <p>Connections go through jnasmartcardio (javax.smartcardio over JNA); reader states are read
 * with a few direct JNA calls, so that listing readers and monitoring them never connects to a
 * card, and so are commands transmitted, through native buffers that are zeroed after each one. On JDK 24 and later, grant JNA native access to avoid a warning:
 * {@code --enable-native-access=ALL-UNNAMED} on the class path,
 * {@code --enable-native-access=com.sun.jna} on the module path.
 */
package io.github.eid4j.apdu.pcsc;
