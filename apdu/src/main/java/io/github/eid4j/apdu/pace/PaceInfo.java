package io.github.eid4j.apdu.pace;

import java.util.Optional;

/**
 * One PACEInfo of EF.CardAccess (ICAO Doc 9303-11 §9.2.1): a protocol, its version (2), and the
 * standardized domain parameters by ID. {@code protocol} is empty for a PACE variant eid4j does
 * not speak (DH, Integrated or Chip Authentication Mapping); {@code parameterId} is -1 when the
 * card left it out.
 */
public record PaceInfo(byte[] oid, Optional<PaceProtocol> protocol, int version, int parameterId) {

    /** The curve, when eid4j knows the parameter ID. */
    public Optional<PaceDomain> domain() {
        return PaceDomain.of(parameterId);
    }

    /** True if eid4j can run PACE with this entry. */
    public boolean isSupported() {
        return protocol.isPresent() && domain().isPresent() && version == 2;
    }

    /** A PACEInfo for a protocol and curve eid4j speaks (for a card's personalisation, and tests). */
    public static PaceInfo of(PaceProtocol protocol, PaceDomain domain) {
        return new PaceInfo(protocol.oid(), Optional.of(protocol), 2, domain.id());
    }

    @Override
    public String toString() {
        return "PACEInfo " + protocol.map(PaceProtocol::dotted).orElse("(not supported)") + " v" + version
                + (parameterId < 0 ? "" : " parameter " + parameterId);
    }
}
