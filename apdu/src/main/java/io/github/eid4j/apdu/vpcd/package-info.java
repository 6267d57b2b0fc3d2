/**
 * {@link io.github.eid4j.apdu.vpcd.VpcdBridge} puts a virtual card
 * ({@link io.github.eid4j.apdu.transport.Icc}) into a reader of pcsc-lite's vpcd driver
 * (vsmartcard), where every PC/SC program on the machine can use it.
 */
package io.github.eid4j.apdu.vpcd;
