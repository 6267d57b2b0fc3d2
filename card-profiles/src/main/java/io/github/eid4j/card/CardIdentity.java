package io.github.eid4j.card;

/**
 * Which card this is: the card's serial (the same card reinserted has the same one), the
 * profile and the version, and where it was found.
 */
public final class CardIdentity {
    private final String serial;
    private final String profile;
    private final String version;
    private final String location;

    public CardIdentity(String serial, String profile, String version, String location) {
        this.serial = serial;
        this.profile = profile;
        this.version = version;
        this.location = location;
    }

    public String serial() {
        return serial;
    }

    /** "FINEID". */
    public String profile() {
        return profile;
    }

    /** "v4.0". */
    public String version() {
        return version;
    }

    /** "reader 'Virtual PCD 00 00'" or "virtual card 'demo'". */
    public String location() {
        return location;
    }

    /** Two identities name the same card if serial and profile agree. */
    public boolean sameCard(CardIdentity other) {
        return other != null && serial.equals(other.serial) && profile.equals(other.profile);
    }

    @Override
    public String toString() {
        return profile + " " + version + " card " + serial + " in " + location;
    }
}
