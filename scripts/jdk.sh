# Sourced by ./test, ./eid, ./bench: picks a JDK 25+ for the build and exports JAVA_HOME.
# The build needs 25 (the PKCS#11 shim uses the FFM API); the libraries still target Java 17.
eid4j_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
eid4j_pick_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        major=$(eid4j_java_major "$candidate")
        if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "eid4j needs JDK 25 or newer: install Temurin 25 (package temurin-25-jdk) or set JAVA_HOME to a JDK 25." >&2
    return 1
}
