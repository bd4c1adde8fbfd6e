#!/usr/bin/env bash
# Installing on a server (README "Installing on a server"): the Debian package
# cpack makes of the build (what `make install` installs, under /usr), and a
# `cmake --install` into another prefix, checked the way an operator meets it: its control data (library
# dependencies found by dpkg-shlibdeps, xapian-tools recommended, the
# maintainer scripts), its files, and the installed tree run from where it was
# unpacked: the binary finds its pages beside it (PREFIX/share/chancery/web,
# not the source tree), imports, serves them; the systemd units start that
# binary and pass systemd's own checks where systemd-analyze is present.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
command -v cpack >/dev/null 2>&1 || skip "cpack not found"
command -v dpkg-deb >/dev/null 2>&1 || skip "dpkg-deb not found"
command -v curl >/dev/null 2>&1 || skip "curl not found"
build=$(cd "$(dirname "$CHANCERY_BIN")" && pwd)
[[ -f $build/CPackConfig.cmake ]] || skip "no CPackConfig.cmake beside $CHANCERY_BIN"
prefix=/usr

(cd "$build" && cpack -G DEB -B "$WORK/pkg" >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; fail "cpack"; }
debs=("$WORK"/pkg/chancery_*.deb)
[[ -f ${debs[0]} && ${#debs[@]} -eq 1 ]] || { cat "$WORK/cpack.log"; fail "one package: ${debs[*]}"; }
deb=${debs[0]}

dpkg-deb --info "$deb" >"$WORK/info" || fail "dpkg-deb --info"
depends=$(sed -n 's/^ Depends: //p' "$WORK/info")
for lib in libxapian libsqlite3 libpq libicu libzstd libvips; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
grep -q '^ Recommends: xapian-tools' "$WORK/info" || fail "xapian-tools recommended (replication)"
grep -q 'adduser' <<<"$depends" || fail "Depends lacks adduser (the postinst makes the chancery user)"
mkdir -p "$WORK/control"
dpkg-deb --control "$deb" "$WORK/control" || fail "dpkg-deb --control"
for script in postinst postrm; do
  [[ -x $WORK/control/$script ]] || fail "$script missing or not executable"
  sh -n "$WORK/control/$script" || fail "$script: syntax"
done
grep -q "cp $prefix/share/chancery/default-chancery /etc/default/chancery" "$WORK/control/postinst" ||
  fail "postinst copies the settings from the package's prefix"

dpkg-deb --contents "$deb" >"$WORK/contents" || fail "dpkg-deb --contents"
for path in bin/chancery share/chancery/web/templates/document.mustache share/chancery/default-chancery \
  lib/systemd/system/chancery.service lib/systemd/system/chancery-replication-serve.service \
  lib/systemd/system/chancery-replication-pull.service lib/chancery/chancery-images.so \
  lib/chancery/chancery-postgres.so; do
  grep -q " \\.$prefix/$path\$" "$WORK/contents" || fail "the package lacks $prefix/$path"
done
grep -q '/tests/\|/src/\|\.cc$' "$WORK/contents" && fail "the package holds sources or tests"

# The unpacked tree, run where it lies.
root="$WORK/root"
dpkg-deb --extract "$deb" "$root" || fail "dpkg-deb --extract"
installed="$root$prefix/bin/chancery"
[[ -x $installed ]] || fail "no binary at $installed"
site="$WORK/site"
"$installed" --archive "$site" init >/dev/null || fail "installed init"
"$installed" --archive "$site" import "$CHANCERY_SOURCE_DIR/examples" >/dev/null || fail "installed import"
# The installed binary finds its image module (PREFIX/lib/chancery).
if command -v vips >/dev/null 2>&1; then
  vips black "$WORK/page.png" 40 60 || fail "vips black"
  env -u CHANCERY_IMAGE_MODULE "$installed" --archive "$site" scans add 900001 "$WORK/page.png" >/dev/null ||
    fail "installed scans add"
fi
: >"$WORK/serve.log"
env -u CHANCERY_WEB_DIR "$installed" --archive "$site" serve --listen 127.0.0.1:0 --threads 1 --quiet 2>"$WORK/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT
port=$(server_port "$WORK/serve.log" "$server")
[[ -n $port ]] || { cat "$WORK/serve.log"; fail "the installed server did not start"; }
grep -qF "pages from $root$prefix/share/chancery/web)" "$WORK/serve.log" ||
  fail "the installed binary reads its own pages: $(cat "$WORK/serve.log")"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/search?q=memorandum") == 200 ]] ||
  fail "the installed reading room's search page"
grep -q '</html>' <<<"$(curl -sf "http://127.0.0.1:$port/document/900001")" || fail "the installed document page"

# The units start the installed binary, as the chancery user, with settings
# from /etc/default/chancery.
for unit in chancery chancery-replication-serve chancery-replication-pull; do
  file="$root$prefix/lib/systemd/system/$unit.service"
  grep -q "^ExecStart=$prefix/bin/chancery " "$file" || fail "$unit.service starts $(grep ExecStart "$file")"
  grep -q '^User=chancery$' "$file" && grep -q '^EnvironmentFile=-/etc/default/chancery$' "$file" ||
    fail "$unit.service: user and settings"
done
if command -v systemd-analyze >/dev/null 2>&1 && [[ -d /usr/lib/systemd/system ]]; then
  # Verified in a root holding the system's own units, the installed binary
  # at the units' path, and the units: any warning (an unknown setting, a
  # missing program) fails.
  verify="$WORK/verify"
  mkdir -p "$verify$prefix/bin" "$verify/etc/systemd/system" "$verify/usr/lib/systemd"
  cp -r /usr/lib/systemd/system "$verify/usr/lib/systemd/"
  cp "$installed" "$verify$prefix/bin/"
  cp "$root$prefix"/lib/systemd/system/*.service "$verify/etc/systemd/system/"
  systemd-analyze verify --root="$verify" "$verify"/etc/systemd/system/chancery*.service >"$WORK/verify.log" 2>&1 ||
    { cat "$WORK/verify.log"; fail "systemd-analyze verify"; }
  [[ ! -s $WORK/verify.log ]] || { cat "$WORK/verify.log"; fail "systemd-analyze verify warns"; }
else
  echo "package: systemd-analyze absent; the units are not verified"
fi
# `make install` elsewhere: the units name that prefix's binary.
cmake --install "$build" --prefix "$WORK/opt" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; fail "cmake --install"; }
grep -q "^ExecStart=$WORK/opt/bin/chancery serve " "$WORK/opt/lib/systemd/system/chancery.service" ||
  fail "installed under $WORK/opt, the unit starts $(grep ExecStart "$WORK/opt/lib/systemd/system/chancery.service")"
[[ -x $WORK/opt/bin/chancery && -f $WORK/opt/share/chancery/web/templates/document.mustache ]] || fail "cmake --install"

echo "package: $(basename "$deb"), $(grep -c . "$WORK/contents") files, Depends: $depends"
