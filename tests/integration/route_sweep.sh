#!/usr/bin/env bash
# Every kind of page of the reading room, asked as found and then with the
# parameters people edit by hand or keep in old links (pages past the end,
# zero, negative and huge numbers, unknown sorts, impossible dates, broken
# queries, revisions that do not exist): no answer may be a 5xx, none may hang,
# and the server must still be up at the end (helpers/route_sweep.py).
# The archive: the examples, the seed record, and with the shared corpus one
# FRUS volume (persons lists, correspondence) and 300 synthetic records, names
# linked, so that people, places and long lists have pages of their own.
source "$(dirname "$0")/lib/common.bash"
command -v python3 >/dev/null || skip "python3 is missing"

ch init >/dev/null
sources=("$CHANCERY_SOURCE_DIR/examples")
[[ -f $SEED ]] && sources+=("$SEED")
if [[ -d $CHANCERY_CORPUS_DIR/frus ]]; then
  sources+=("$CHANCERY_CORPUS_DIR/frus/frus1961-63v06.xml")
  ch generate --docs 300 --seed 7 --from "$CHANCERY_CORPUS_DIR/frus" "$WORK/generated" >/dev/null
  sources+=("$WORK/generated")
else
  echo "note: the shared corpus is absent ($CHANCERY_CORPUS_DIR): the examples alone are swept"
fi
ch import "${sources[@]}" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; fail "import"; }
ch names link >"$WORK/link.log" 2>&1 || { cat "$WORK/link.log"; fail "names link"; }

start_server
python3 "$(dirname "$0")/helpers/route_sweep.py" "$base" --max-pages 400 || fail "the route sweep found answers above"
kill -0 "$server" 2>/dev/null || fail "the server died during the sweep: $(tail -5 "$WORK/server.log")"
echo "PASS: route sweep"
