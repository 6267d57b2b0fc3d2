#!/usr/bin/env bash
# Installs the Debian package deb/target/eid4j_*.deb as a user does (apt-get install, as root)
# and uses it from outside the source tree with only what it installed (no JAVA_HOME, no JDK of
# the build): eid, its man page and bash completion, a virtual card, the PKCS#11 module at its
# multiarch path with pkcs11-tool (a signature openssl verifies) and through p11-kit, and eid
# register for the user's browsers. Then it upgrades the package, removes and purges it, and
# checks that nothing of it is left while the user's cards, config and cache, and the admin's edit of the module's config on upgrade, are.
# It serves a virtual card into pcscd's "Virtual PCD 00 00": run it alone (./test does), or
# under flock /tmp/eid4j-pcscd.lock beside other tests of the same pcscd.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "deb-install-test: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "it installs a package: run it as root (./test does when run as root)."
shopt -s nullglob
debs=(deb/target/eid4j_*.deb)
[ ${#debs[@]} -eq 1 ] || fail "expected one deb/target/eid4j_*.deb, found ${#debs[@]}: build it with ./mvnw -B package -Pdeb -pl deb -am -DskipTests."
deb=$(realpath "${debs[0]}")
version=$(dpkg-deb -f "$deb" Version)
if dpkg-query -W -f='${Status}' eid4j 2>/dev/null | grep -q "install ok installed"; then
    fail "eid4j is installed already, and this test purges it: run 'apt-get purge eid4j' first."
fi
module=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/pkcs11/libeid4j-pkcs11.so
conf=/etc/eid4j/eid4j-pkcs11.conf

work=$(mktemp -d /tmp/eid4j-deb.XXXXXX)
home="$work/home"
mkdir -p "$home" "$work/cwd"
installed="" server=""
cleanup() {
    [ -z "$server" ] || { kill "$server" 2>/dev/null || true; while kill -0 "$server" 2>/dev/null; do sleep 0.1; done; }
    [ -z "$installed" ] || DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq eid4j >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work/cwd"
# A user's session: no JAVA_HOME, the system PATH, and a home of its own. Java takes user.home
# from the password file, not from HOME, so eid4j's folders are named too: root's stay untouched.
as_user() {
    env -i HOME="$home" EID4J_HOME="$home/.eid4j" XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" \
        PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 "$@"
}
apt() { DEBIAN_FRONTEND=noninteractive apt-get "$@" -y -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get $* failed."; }; }
user_data() { (cd "$home" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

# What the package holds, and which of its paths (shared folders) were there before it.
dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's:^\./:/:; s:/$::' | grep -v '^/\?$' > "$work/paths"
while read -r path; do [ -e "$path" ] || [ -L "$path" ] && echo "$path"; done < "$work/paths" > "$work/there-before" || true

echo "deb-install-test: apt-get install $deb"
apt install "$deb"
installed=yes

[ "$(as_user sh -c 'command -v eid')" = /usr/bin/eid ] || fail "eid is not on the PATH after installing."
as_user eid --version > "$work/version" || fail "eid --version failed."
grep -q "^eid4j ${version/\~/-}$" "$work/version" || fail "eid --version says '$(head -1 "$work/version")', not eid4j ${version/\~/-}."
[ -x /usr/lib/eid4j/runtime/bin/java ] || fail "the package brings no runtime of its own in /usr/lib/eid4j/runtime."
/usr/lib/eid4j/runtime/bin/java --list-modules | grep -q '^java.desktop' || fail "the package's runtime has no java.desktop, so the module's PIN dialog cannot be shown."
[ -e /usr/lib/eid4j/runtime/lib/libawt_xawt.so ] || fail "the package's runtime has no X11 toolkit for the PIN dialog."
grep -qx "java.home = /usr/lib/eid4j/runtime" "$conf" || fail "$conf does not point the module at the package's runtime."

as_user man -w eid >/dev/null 2>&1 || fail "man finds no page for eid."
as_user env MANWIDTH=100 man eid 2>/dev/null | grep -q 'eid virtual create' || fail "the eid man page does not show 'eid virtual create'."
completion=$(as_user bash -c '. /usr/share/bash-completion/completions/eid
    COMP_WORDS=(eid vir); COMP_CWORD=1; COMP_LINE="eid vir"; COMP_POINT=7; _complete_eid eid vir eid 2>/dev/null; echo "${COMPREPLY[*]}"')
[ "$completion" = virtual ] || fail "bash completion of 'eid vir' gave '$completion', not 'virtual'."
[ -s /usr/share/doc/eid4j/copyright ] || fail "no /usr/share/doc/eid4j/copyright."

as_user eid virtual create --profile fineid-v4 --activated deb-test > "$work/create" || fail "eid virtual create failed."
as_user eid status --virtual deb-test > "$work/status" || fail "eid status --virtual failed."
grep -q 'FINEID' "$work/status" || { cat "$work/status" >&2; fail "eid status --virtual shows no FINEID card."; }

# The card in a reader, as a real one would be, for the module at the path PKCS#11 programs know.
# as_user runs in a subshell here: the server's own process id (eid execs java) comes from a
# file, so that stopping it stops the server and not only that subshell.
as_user sh -c 'echo $$ > "$0"; exec eid virtual serve deb-test' "$work/serve.pid" > "$work/serve.log" 2>&1 &
for _ in $(seq 1 50); do [ -s "$work/serve.pid" ] && break; sleep 0.1; done
server=$(cat "$work/serve.pid")
for _ in $(seq 1 60); do
    as_user pkcs11-tool --module "$module" -L > "$work/slots" 2>&1 && grep -q 'token label.*(PIN1)' "$work/slots" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; fail "eid virtual serve stopped."; }
    sleep 1
done
grep -q 'token label.*(PIN1)' "$work/slots" || { cat "$work/slots" >&2; fail "pkcs11-tool --module $module -L shows no PIN1 token."; }
# The token's label names the holder, the PIN and the card: "Maija Meikäläinen (PIN1) #7850".
label=$(sed -n 's/^ *token label *: \(.*(PIN1).*[^ ]\) *$/\1/p' "$work/slots" | head -1)
echo "a document to sign" > doc.txt
token=(--module "$module" --token-label "$label")
as_user pkcs11-tool "${token[@]}" --read-object --type cert --id 45 -o auth.der >/dev/null 2>&1 \
    || fail "pkcs11-tool could not read the authentication certificate."
as_user pkcs11-tool "${token[@]}" --login --pin 1234 --sign --id 45 -m ECDSA-SHA384 --signature-format openssl \
    -i doc.txt -o doc.sig >/dev/null 2>&1 || fail "pkcs11-tool could not sign with the installed module."
openssl x509 -inform DER -in auth.der -pubkey -noout > auth.pub
openssl dgst -sha384 -verify auth.pub -signature doc.sig doc.txt >/dev/null || fail "openssl does not verify the module's signature."

as_user p11-kit list-modules > "$work/p11-kit" 2>&1 || true
grep -q '^eid4j:' "$work/p11-kit" || { cat "$work/p11-kit" >&2; fail "p11-kit list-modules does not show eid4j."; }
awk '/^[^ ]/ { on = /^eid4j:/ } on' "$work/p11-kit" | grep -qF "$label" || { cat "$work/p11-kit" >&2; fail "p11-kit shows no '$label' token for eid4j."; }
# eid register, as a browser user runs it: the installed module for browsers in the user's NSS database.
as_user eid register > "$work/register" 2>&1 || { cat "$work/register" >&2; fail "eid register failed."; }
as_user eid register --check > "$work/register-check" 2>&1 || { cat "$work/register-check" >&2; fail "eid register --check finds the module missing after eid register."; }
modutil -list -dbdir "sql:$home/.pki/nssdb" 2>/dev/null | grep -q "/usr/lib/eid4j/libeid4j-pkcs11-login-remote.so" \
    || fail "eid register did not add /usr/lib/eid4j/libeid4j-pkcs11-login-remote.so (out of process) to ~/.pki/nssdb."
kill "$server"; while kill -0 "$server" 2>/dev/null; do sleep 0.1; done; server=""

# The user's data: cards, remembered CANs, cached certificates.
mkdir -p "$home/.config/eid4j" "$home/.cache/eid4j"
echo "# the user's" >> "$home/.config/eid4j/can.properties"
echo "cached" > "$home/.cache/eid4j/cert.pem"
[ -d "$home/.eid4j/cards/deb-test" ] || fail "eid virtual create left no card in ~/.eid4j/cards/deb-test."
user_data > "$work/user-data"

# An upgrade keeps the admin's edit of the module's config and the user's data.
echo "virtual.card = deb-test" >> "$conf"
dpkg-deb -R "$deb" "$work/next"
sed -i "s/^Version: .*/Version: $version+test1/" "$work/next/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 -b "$work/next" "$work/eid4j_next.deb" >/dev/null
apt install "$work/eid4j_next.deb"
[ "$(dpkg-query -W -f='${Version}' eid4j)" = "$version+test1" ] || fail "the upgrade did not install $version+test1."
grep -qx "virtual.card = deb-test" "$conf" || fail "the upgrade dropped the admin's line in $conf."
as_user eid --version >/dev/null || fail "eid --version fails after the upgrade."
user_data | cmp -s - "$work/user-data" || fail "the upgrade changed the user's files in ~/.eid4j, ~/.config/eid4j or ~/.cache/eid4j."

apt remove eid4j
[ ! -e /usr/bin/eid ] || fail "apt-get remove left /usr/bin/eid."
[ -f "$conf" ] || fail "apt-get remove deleted $conf (a conffile stays until purge)."
apt purge eid4j
installed=""
while read -r path; do
    if [ -e "$path" ] || [ -L "$path" ]; then
        grep -qxF "$path" "$work/there-before" || fail "apt-get purge left $path."
    fi
done < "$work/paths"
[ ! -e /etc/eid4j ] || fail "apt-get purge left /etc/eid4j."
as_user p11-kit list-modules 2>/dev/null | grep -q '^eid4j:' && fail "p11-kit still lists eid4j after the purge."
user_data | cmp -s - "$work/user-data" || fail "removing the package changed the user's files in ~/.eid4j, ~/.config/eid4j or ~/.cache/eid4j."
echo "deb-install-test: eid4j $version installed, used, upgraded and purged; the user's data is intact."
