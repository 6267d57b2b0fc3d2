#!/usr/bin/env bash
# Uses eid4j as a Java developer does: installs the published artifacts into a private local
# repository (never ~/.m2, which other builds read; ~/.m2 is only read, as a tail), then builds
# the separate project conformance-tests/src/test/consumer (BOM import + jca-provider) with
# Maven on Java 17 and on Java 25 and runs it: it signs with a virtual FINEID v4 card and
# verifies the signature with the JDK. It checks first that the README's "Use it from
# Maven/Gradle" shows that project's code and coordinates word for word.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/jdk.sh
eid4j_pick_jdk
jdk25=$JAVA_HOME
jdk17=${EID4J_JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
consumer=conformance-tests/src/test/consumer
tail_repo=${EID4J_M2_REPOSITORY:-$HOME/.m2/repository}

if [ ! -x "$jdk17/bin/java" ] || [ "$(eid4j_java_major "$jdk17")" != 17 ]; then
    echo "The Maven consumer test needs a JDK 17 at $jdk17: install openjdk-17-jdk-headless (./test does, as root) or set EID4J_JDK17." >&2
    exit 1
fi

# The README's snippets are the consumer's: its Java block within the source, its XML within the POM.
readme_block() { # $1: java or xml; the first such block of the section
    awk -v lang="$1" '/^## /{inside=($0=="## Use it from Maven/Gradle")} inside&&$0=="```"lang{on=1;next} on&&/^```/{exit} on' README.md
}
squash() { sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$' || true; }
for pair in "java $consumer/src/main/java/example/SignWithCard.java" "xml $consumer/pom.xml"; do
    set -- $pair
    snippet=$(readme_block "$1" | squash)
    [ -n "$snippet" ] || { echo "README.md has no \`\`\`$1 block in its section \"Use it from Maven/Gradle\"." >&2; exit 1; }
    source=$(squash < "$2")
    if [[ "$source" != *"$snippet"* ]]; then
        echo "README.md's \`\`\`$1 block in \"Use it from Maven/Gradle\" is not what $2 holds; make them the same." >&2
        exit 1
    fi
done
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' bom/pom.xml | head -1)
grep -q "<version>$version</version>" "$consumer/pom.xml" \
    || { echo "$consumer/pom.xml (and the README) should import eid4j-bom $version, the version being built." >&2; exit 1; }

work=$(mktemp -d /tmp/eid4j-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
repo="$work/repository"
private=(-Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$tail_repo")

# What the README tells a new user to run, into the private repository; the cli is built too, for the virtual card.
./mvnw -B -q -o install -DskipTests -pl jca-provider,cli -am "${private[@]}" \
    || { echo "Installing the published modules into $repo failed." >&2; exit 1; }
for artifact in eid4j-bom/$version/eid4j-bom-$version.pom jca-provider/$version/jca-provider-$version-sources.jar \
                jca-provider/$version/jca-provider-$version-javadoc.jar; do
    [ -f "$repo/io/github/eid4j/$artifact" ] || { echo "The install left no $artifact in the private repository." >&2; exit 1; }
done

export EID4J_HOME="$work/eid4j-home"
"$jdk25/bin/java" -cp "cli/target/cli-$version.jar:cli/target/lib/*" io.github.eid4j.cli.Eid \
    virtual create --profile fineid-v4 --activated demo >/dev/null

for jdk in "$jdk17" "$jdk25"; do
    major=$(eid4j_java_major "$jdk")
    copy="$work/consumer-$major"
    cp -r "$consumer" "$copy"
    # Maven itself runs on that JDK, outside eid4j's tree (so without its .mvn/jvm.config, whose
    # option Java 17 does not know; on 24+ it keeps Maven's own libraries from warning).
    maven_opts=""
    [ "$major" -lt 24 ] || maven_opts="--sun-misc-unsafe-memory-access=allow"
    (cd "$copy" && MAVEN_OPTS="$maven_opts" JAVA_HOME="$jdk" "$root/mvnw" -B -q -o compile dependency:build-classpath \
        -Dmdep.outputFile=classpath.txt "${private[@]}") \
        || { echo "The consumer project did not build on Java $major." >&2; exit 1; }
    out=$(printf '123456\n' | "$jdk/bin/java" -cp "$copy/target/classes:$(cat "$copy/classpath.txt")" example.SignWithCard 2>&1) \
        || { echo "The consumer failed on Java $major: $out" >&2; exit 1; }
    [ "$out" = true ] || { echo "On Java $major the consumer's signature did not verify: $out" >&2; exit 1; }
    echo "Java $major: built against eid4j-bom $version, signed with the virtual card, signature verified."
done
