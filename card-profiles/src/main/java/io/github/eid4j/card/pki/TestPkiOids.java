package io.github.eid4j.card.pki;

/**
 * The object identifiers the test PKI uses that are not standard.
 *
 * <p>The policy OIDs are made up: they sit under the private enterprise arc 1.3.6.1.4.1.55555,
 * which is not registered to eid4j (the number may belong to someone else), so they mark a
 * certificate as an eid4j TEST certificate only by convention and must never be trusted as a
 * real policy. They stand where DVV's certificates carry DVV's own policy OIDs.
 */
public final class TestPkiOids {
    /** The made-up arc the test policies live under. */
    public static final String TEST_ARC = "1.3.6.1.4.1.55555.1";

    /** The policy of test citizen authentication certificates. */
    public static final String AUTHENTICATION_POLICY = TEST_ARC + ".1";

    /** The policy of test qualified signature certificates. */
    public static final String QUALIFIED_SIGNATURE_POLICY = TEST_ARC + ".2";

    private TestPkiOids() {
    }
}
