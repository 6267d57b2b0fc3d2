#!/usr/bin/env bash
# Builds target/eid4j_<version>_<arch>.deb from what the reactor built (run by deb/pom.xml in the
# package phase). It stages the installed tree and packs it with dpkg-deb: every path, mode and
# control field is written here, where jpackage would put its own layout under /opt.
#   build-deb.sh <maven version> <JDK home> <target folder> <pkcs11-shim dist> <cli jars> <ManPage jar>
set -euo pipefail
umask 022
maven_version=$1 jdk=$2 target=$3 pkcs11_dist=$4 cli_lib=$5 man_page_jar=$6
src="$(cd "$(dirname "$0")" && pwd)"

fail() { echo "build-deb.sh: $*" >&2; exit 1; }

for tool in dpkg-deb dpkg-architecture dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || fail "$tool is missing: install dpkg-dev."
done

version=${maven_version/-/\~}   # 0.1.0-SNAPSHOT: a pre-release of 0.1.0 sorts before it (0.1.0~SNAPSHOT)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
private=/usr/lib/eid4j                                  # runtime, jars, the module's real file
module=/usr/lib/$multiarch/pkcs11/libeid4j-pkcs11.so    # where PKCS#11 modules are looked for
conf=/etc/eid4j/eid4j-pkcs11.conf                       # the module's config, a conffile
root="$target/deb-root"

[ -f "$pkcs11_dist/libeid4j-pkcs11.so" ] ||
    fail "$pkcs11_dist/libeid4j-pkcs11.so was not built: install gcc and libp11-kit-dev."
changelog_version=$(sed -n '1s/^eid4j (\([^)]*\)).*/\1/p' "$src/changelog")
[ "$changelog_version" = "$version" ] ||
    fail "deb/src/deb/changelog starts with version '$changelog_version'; add an entry for $version."

rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root$private/lib" "$root$private/cli" "$root/usr/lib/$multiarch/pkcs11" \
    "$root/etc/eid4j" "$root/usr/share/p11-kit/modules" "$root/usr/share/man/man1" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/doc/eid4j"

# The module loads every jar of its folder, so that folder holds its jars only; the eid command
# reads it too and keeps the jars only it needs beside.
cp "$pkcs11_dist"/lib/*.jar "$root$private/lib/"
for jar in "$cli_lib"/*.jar; do
    [ -e "$root$private/lib/${jar##*/}" ] || cp "$jar" "$root$private/cli/"
done
install -m 0755 "$pkcs11_dist/libeid4j-pkcs11.so" "$root$private/"
# The build for browsers (the authentication token only), which eid register adds to their NSS databases.
install -m 0755 "$pkcs11_dist/libeid4j-pkcs11-login.so" "$root$private/"
# The same out of the browser's process (p11-kit's client runs it under p11-kit remote): what eid register adds by default.
install -m 0755 "$pkcs11_dist/libeid4j-pkcs11-login-remote.so" "$root$private/"
# The module finds its config beside its real file (dladdr, then realpath), so the multiarch
# folder holds a link, as OpenSC's does.
ln -s "$(realpath --relative-to="$(dirname "$module")" -m "$private/libeid4j-pkcs11.so")" "$root$module"
ln -s "$conf" "$root$private/eid4j-pkcs11.conf"

# The module's config as the build made it, naming the installed runtime and jars.
sed -e "s|^java.home = .*|java.home = $private/runtime|" -e "s|^jars = .*|jars = $private/lib|" \
    "$pkcs11_dist/eid4j-pkcs11.conf" > "$root$conf"
grep -qx "java.home = $private/runtime" "$root$conf" && grep -qx "jars = $private/lib" "$root$conf" ||
    fail "$pkcs11_dist/eid4j-pkcs11.conf has no 'java.home =' or 'jars =' line to point at the installed files."

# A runtime with only the JDK modules the jars use (jdeps), so no system JDK is needed.
# java.desktop is added: the module's PIN dialog is a Swing program run on this runtime, in a
# process of its own (jdeps cannot see that: the module names it, never loads it).
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
classpath="$(printf '%s:' "$root$private"/cli/*.jar "$root$private"/lib/*.jar)"
modules=$( {
    "$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$feature" \
        --class-path "$classpath" --recursive "$root$private"/cli/cli-*.jar
    "$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$feature" \
        --module-path "$root$private/lib" -m io.github.eid4j.pkcs11
    echo java.desktop
} | tr ',' '\n' | grep -E '^(java|jdk)\.' | sort -u | paste -sd, -)
[ -n "$modules" ] || fail "jdeps found no JDK modules."
echo "build-deb.sh: runtime modules: $modules"
# --generate-cds-archive: the class data sharing archive a full JDK has, for the same cold start.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$root$private/runtime"
# Used only with heaps above 32 GB (no compressed oops); eid and the module's JVM stay far below.
rm -f "$root$private/runtime/lib/server/classes_nocoops.jsa"
java="$root$private/runtime/bin/java"

sed -e "s|@PRIVATE@|$private|g" "$src/eid" > "$root/usr/bin/eid"
chmod 0755 "$root/usr/bin/eid"
cat > "$root/usr/share/p11-kit/modules/eid4j.module" <<MODULE
# eid4j's PKCS#11 module for p11-kit and the programs that use it (GnuTLS, p11-kit-proxy in NSS).
# p11-kit runs it in a process of its own, so that its JVM never enters those programs.
remote: |/usr/bin/p11-kit remote $module
critical: no
MODULE

# Made with the runtime just built, which also shows that it runs the eid command.
"$java" -cp "$root$private/cli/*:$root$private/lib/*" picocli.AutoComplete --force --name eid \
    --completionScript "$root/usr/share/bash-completion/completions/eid" io.github.eid4j.cli.Eid
"$java" -cp "$man_page_jar:$root$private/cli/*:$root$private/lib/*" io.github.eid4j.deb.ManPage \
    "$version" "$target/eid.1" "$module"
gzip -9n < "$target/eid.1" > "$root/usr/share/man/man1/eid.1.gz"

cp "$src/copyright" "$root/usr/share/doc/eid4j/copyright"
gzip -9n < "$src/changelog" > "$root/usr/share/doc/eid4j/changelog.gz"

# Shared libraries the ELF files need, as Debian's own packages declare them (libc6). libpcsclite1
# is opened by JNA at run time, so no ELF file names it.
shlibs_dir="$target/shlibs"
rm -rf "$shlibs_dir" && mkdir -p "$shlibs_dir/debian"
printf 'Source: eid4j\n\nPackage: eid4j\nArchitecture: any\n' > "$shlibs_dir/debian/control"
mapfile -t elves < <(find "$root" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec sh -c 'head -c4 "$1" | grep -q ELF' sh {} \; -print)
shlibs=$(cd "$shlibs_dir" && dpkg-shlibdeps -O --ignore-missing-info -l"$root$private/runtime/lib" \
    -l"$root$private/runtime/lib/server" "${elves[@]}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || fail "dpkg-shlibdeps found no dependencies."

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@SHLIBS@|$shlibs|" -e "s|@SIZE@|$installed_size|" \
    "$src/control" > "$root/DEBIAN/control"
echo "$conf" > "$root/DEBIAN/conffiles"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"

chmod -R u+rwX,go+rX,go-w "$root"
deb="$target/eid4j_${version}_${arch}.deb"
rm -f "$target"/eid4j_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb"
