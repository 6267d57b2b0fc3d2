#!/usr/bin/env bash
# Measures what the Debian package costs: its size, the size of its jlink runtime against the
# full JDK, and the cold start of the PKCS#11 module and of eid on that runtime against the full
# JDK of the build. It unpacks deb/target/eid4j_*.deb into a temporary folder (no root, no pcscd:
# the module shows one virtual card) and prints a Markdown table.
#   scripts/deb-measure.sh [runs]        (default 7; the median of the runs is shown)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
eid4j_pick_jdk
jdk=$JAVA_HOME
runs=${1:-7}
fail() { echo "deb-measure: $*" >&2; exit 1; }
command -v pkcs11-tool >/dev/null || fail "pkcs11-tool is missing: install opensc."
shopt -s nullglob
debs=(deb/target/eid4j_*.deb)
[ ${#debs[@]} -eq 1 ] || fail "expected one deb/target/eid4j_*.deb, found ${#debs[@]}: build it with ./mvnw -B package -Pdeb -pl deb -am -DskipTests."
deb=$(realpath "${debs[0]}")

work=$(mktemp -d /tmp/eid4j-deb-measure.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
private="$work/root/usr/lib/eid4j"
export EID4J_HOME="$work/home"
eid() { "$1/bin/java" --enable-native-access=ALL-UNNAMED -cp "$private/cli/*:$private/lib/*" io.github.eid4j.cli.Eid "${@:2}"; }
eid "$private/runtime" virtual create --profile fineid-v4 --activated measure >/dev/null

# The installed config, with the unpacked jars, one virtual card, no readers; java.home is $1.
config() {
    sed -e "s|^java.home = .*|java.home = $1|" -e "s|^jars = .*|jars = $private/lib|" \
        "$work/root/etc/eid4j/eid4j-pkcs11.conf" > "$2"
    printf 'readers = false\nvirtual.card = measure\neid4j.home = %s\n' "$EID4J_HOME" >> "$2"
}
config "$private/runtime" "$work/jlink.conf"
config "$jdk" "$work/jdk.conf"

millis() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1 || fail "'$*' failed."; end=$(date +%s%N); echo $(((end - start) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
list_slots() { EID4J_PKCS11_CONF="$1" pkcs11-tool --module "$private/libeid4j-pkcs11.so" -L; }
EID4J_PKCS11_CONF="$work/jlink.conf" pkcs11-tool --module "$private/libeid4j-pkcs11.so" -L | grep -q 'token label.*(PIN1)' \
    || fail "the module on the package's runtime shows no PIN1 token."
# Alternated, so that a busy machine slows both alike.
for _ in $(seq "$runs"); do
    millis list_slots "$work/jlink.conf" >> "$work/p11-jlink"
    millis list_slots "$work/jdk.conf" >> "$work/p11-jdk"
    millis eid "$private/runtime" --version >> "$work/eid-jlink"
    millis eid "$jdk" --version >> "$work/eid-jdk"
done

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
runtime_kib=$(du -sk "$private/runtime" | cut -f1) jdk_kib=$(du -sk "$jdk" | cut -f1)
p11_jlink=$(median < "$work/p11-jlink") p11_jdk=$(median < "$work/p11-jdk")
eid_jlink=$(median < "$work/eid-jlink") eid_jdk=$(median < "$work/eid-jdk")
echo "| eid4j $(dpkg-deb -f "$deb" Version) | jlink runtime of the package | baseline: full JDK ($(basename "$jdk")) | ratio |"
echo "|---|---|---|---|"
echo "| package file ($(basename "$deb")) | $(mib $(( $(stat -c %s "$deb") / 1024 ))) | | |"
echo "| installed size | $(mib "$(dpkg-deb -f "$deb" Installed-Size)") | | |"
echo "| Java runtime on disk | $(mib "$runtime_kib") | $(mib "$jdk_kib") | $(ratio "$runtime_kib" "$jdk_kib") |"
echo "| module cold start: pkcs11-tool -L, median of $runs | $p11_jlink ms | $p11_jdk ms | $(ratio "$p11_jlink" "$p11_jdk") |"
echo "| eid --version, median of $runs | $eid_jlink ms | $eid_jdk ms | $(ratio "$eid_jlink" "$eid_jdk") |"
echo "Runtime modules: $("$private/runtime/bin/java" --list-modules | sed 's/@.*//' | paste -sd, -)"
