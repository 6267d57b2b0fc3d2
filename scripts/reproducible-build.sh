#!/usr/bin/env bash
# Checks that the published artifacts are reproducible: builds apdu, card-profiles, jca-provider and documents
# (jars, test jar, sources and javadoc jars) in two copies of the tree at different paths and
# compares every jar byte for byte. Affordable in CI: only the published modules, no tests run,
# offline (-o: run it after a build has fetched the plugins, as ./test does).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
eid4j_pick_jdk

published=(apdu card-profiles jca-provider documents)
work=$(mktemp -d /tmp/eid4j-reproducible.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The tree as it is (committed or not), without build output.
git ls-files -z --cached --others --exclude-standard | tar -c --null --ignore-failed-read -T - -f "$work/tree.tar" 2>/dev/null
for copy in first second-build; do
    mkdir -p "$work/$copy"
    tar -x -f "$work/tree.tar" -C "$work/$copy"
    (cd "$work/$copy" && ./mvnw -B -q -o package -DskipTests -pl "$(IFS=,; echo "${published[*]}")" -am) \
        || { echo "The $copy build of the published modules failed." >&2; exit 1; }
done

entries() { unzip -v "$1" | awk 'NR>3 && $8!="" {print $1, $7, $8}' | sort -k3; }
differ=0 count=0
for module in "${published[@]}"; do
    for jar in "$work/first/$module"/target/*.jar; do
        other="$work/second-build/$module/target/${jar##*/}"
        count=$((count + 1))
        if ! cmp -s "$jar" "$other"; then
            differ=1
            changed=$(diff <(entries "$jar") <(entries "$other") | sed -n 's/^> /  /p' | head -10)
            echo "Not reproducible: $module/target/${jar##*/} differs between two builds of the same sources," >&2
            echo "${changed:+in these entries (size, CRC, name):
$changed}${changed:-in entry times, order or the zip headers (the contents are the same).}" >&2
        fi
    done
done
[ "$count" -ge 10 ] || { echo "Expected the jar, sources and javadoc jars of ${published[*]}; found $count jars." >&2; exit 1; }
[ "$differ" -eq 0 ] || exit 1
echo "Reproducible: $count jars of ${published[*]} are identical in two builds."
