#!/usr/bin/env bash
# Browser tests of the reading room: Playwright (playwright-core) drives Debian's
# Chromium, axe-core checks accessibility. Builds a temporary archive from
# examples/, a fixture record with a markup title, and (when the corpus is
# present) the seed record and one FRUS volume; serves it on 127.0.0.1 with a
# free port (stopped by a trap); runs `node --test` on tests/*.test.mjs.
# Exit 77 (skipped) when node, npm or chromium is missing.
# Environment: CHANCERY_BIN, CHANCERY_SOURCE_DIR, CHANCERY_CORPUS_DIR (as for
# tests/integration), CHANCERY_CHROMIUM (default /usr/bin/chromium),
# CHANCERY_FRUS_VOLUME (default frus1955-57v25; "none" to leave FRUS out).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=${CHANCERY_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
bin=${CHANCERY_BIN:-$src/build/chancery}
corpus=${CHANCERY_CORPUS_DIR:-$src/../shared/corpus}
chromium=${CHANCERY_CHROMIUM:-/usr/bin/chromium}
frus_volume=${CHANCERY_FRUS_VOLUME:-frus1955-57v25}

skip() { echo "SKIP browser tests: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
[[ -x $chromium ]] || skip "chromium is not installed at $chromium (apt-get install chromium)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 18 )) || skip "node $node_major is too old (18 or newer is needed)"
[[ -x $bin ]] || { echo "browser tests: $bin is not built"; exit 1; }

cd "$here" || exit 1
if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]]; then
  echo "browser tests: npm ci"
  npm ci --no-audit --no-fund --loglevel=error || skip "npm ci failed (no registry access?)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/chancery-browser.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

archive=$work/archive
"$bin" --archive "$archive" init >/dev/null || { echo "browser tests: init failed"; exit 1; }
sources=("$src/examples" "$here/fixtures/test_volume.xml")
has_seed=0
hostile_tei=0
if [[ -f $src/tests/data/hostile/tei_script.xml ]]; then
  sources+=("$src/tests/data/hostile/tei_script.xml")
  hostile_tei=1
fi
frus_id=""
if [[ -f $corpus/seed/000_d9aa3093ddf865fe.txt ]]; then
  sources+=("$corpus/seed/000_d9aa3093ddf865fe.txt")
  has_seed=1
else
  echo "browser tests: the corpus seed record is absent; its steps use the examples instead"
fi
if [[ $frus_volume != none && -f $corpus/frus/$frus_volume.xml ]]; then
  sources+=("$corpus/frus/$frus_volume.xml")
  frus_id=$frus_volume
else
  echo "browser tests: FRUS volume $frus_volume is absent; FRUS steps are skipped"
fi
echo "browser tests: importing ${sources[*]}"
"$bin" --archive "$archive" import "${sources[@]}" >"$work/import.log" 2>&1 || {
  echo "browser tests: import failed"; cat "$work/import.log"; exit 1; }
# An editor's correction and note on one test document, and another closed.
{
  "$bin" --archive "$archive" annotate chancery-test-v1/d1 --field body --quote "frontier is quiet" \
    --correction "frontier was quiet" --comment "The telegram is in the past tense." --by browser-test &&
  "$bin" --archive "$archive" annotate chancery-test-v1/d1 --note "Compare <em>the</em> second report." --by browser-test &&
  "$bin" --archive "$archive" restrict chancery-test-v1/d2 --reason "Closed for the browser test" --until 2999-01-01
} >"$work/annotate.log" 2>&1 || { echo "browser tests: annotating failed"; cat "$work/annotate.log"; exit 1; }
# Two scanned pages on the corrected test document (libvips's `vips` makes them).
scans_id=""
if command -v vips >/dev/null 2>&1; then
  vips gaussnoise "$work/p1.jpg" 1200 1600 && vips black "$work/p2.png" 1000 1400 --bands 3 &&
    "$bin" --archive "$archive" scans add chancery-test-v1/d1 "$work/p1.jpg" "$work/p2.png" \
      --label "p. 1" --label "p. 2" >"$work/scans.log" 2>&1 || {
    echo "browser tests: adding scans failed"; cat "$work/scans.log"; exit 1; }
  scans_id=chancery-test-v1/d1
else
  echo "browser tests: vips (libvips-tools) is absent; the scanned-pages steps are skipped"
fi
# A second revision of one example: a word changed and a paragraph added.
mkdir -p "$work/revised"
sed -e 's/would meet within days/would meet within two days/' \
    -e 's/^The author of the memorandum added/A later paragraph, found in a second copy.\n\nThe author of the memorandum added/' \
    "$src/examples/records/02_warsaw_memorandum.txt" >"$work/revised/02_warsaw_memorandum.txt"
"$bin" --archive "$archive" import "$work/revised/02_warsaw_memorandum.txt" >>"$work/import.log" 2>&1 || {
  echo "browser tests: import of the revised example failed"; cat "$work/import.log"; exit 1; }
# The markup-title record last, so that it is among "Recently added" on the home page.
"$bin" --archive "$archive" import "$here/fixtures/script_title.txt" >>"$work/import.log" 2>&1 || {
  echo "browser tests: import of fixtures/script_title.txt failed"; cat "$work/import.log"; exit 1; }
tail -n 2 "$work/import.log"
# Authorities from the imported records, so that document pages link their names.
"$bin" --archive "$archive" names link >"$work/link.log" 2>&1 || {
  echo "browser tests: names link failed"; cat "$work/link.log"; exit 1; }

"$bin" --archive "$archive" serve --listen 127.0.0.1:0 --threads 4 2>"$work/server.log" &
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's#.*serving http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$work/server.log" | head -1)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then echo "browser tests: the server did not start"; cat "$work/server.log"; exit 1; fi
echo "browser tests: serving at http://127.0.0.1:$port"

mkdir -p "$here/test-results"
export CHANCERY_BASE_URL="http://127.0.0.1:$port"
export CHANCERY_HAS_SEED=$has_seed
export CHANCERY_HOSTILE_TEI=$hostile_tei
export CHANCERY_FRUS_ID=$frus_id
export CHANCERY_SCANS_ID=$scans_id
export CHANCERY_CHROMIUM=$chromium
export CHANCERY_RESULTS_DIR=$here/test-results
node --test --test-concurrency=1 --test-reporter=spec "$here"/tests/*.test.mjs
status=$?
if (( status != 0 )); then
  echo "browser tests: failed; screenshots (if any) are in $here/test-results/"
  echo "--- server log (last 20 lines)"; tail -n 20 "$work/server.log"
fi
exit $status
