#!/usr/bin/env bash
# `chancery log`: the archive's changes newest first, filtered by source,
# kind and time, one line per change or per run of changes from one source,
# as text or JSON lines.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
need_seed
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

ch init >/dev/null
cat >"$WORK/vol.json" <<'JSON'
{"chancery_export": 1,
 "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d1", "vol/d2"]}],
 "records": [{"id": "vol/d1", "title": "The first paper", "collections": ["vol"]},
             {"id": "vol/d2", "title": "The second paper", "collections": ["vol"]}]}
JSON
ch import "$SEED" >/dev/null 2>&1 || fail "import seed"
ch import "$WORK/vol.json" >/dev/null 2>&1 || fail "import vol.json"
ch annotate 117079 --note "Compare the Hungarian record." --by ann >/dev/null || fail "annotate"
ch withdraw vol/d2 --reason "A duplicate" --by ben >/dev/null || fail "withdraw"

ch log >"$WORK/log" || fail "log"
# Header, then newest first: the withdrawal's annotation, its tombstone, the note, vol.json, the seed.
[[ $(tail -n +2 "$WORK/log" | wc -l) -eq 7 ]] || fail "log lists $(tail -n +2 "$WORK/log" | wc -l) changes: $(cat "$WORK/log")"
sed -n 2p "$WORK/log" | grep -q 'annotation  added     vol/d2#1 (1) withdrawal  editor:ben' || fail "newest: $(sed -n 2p "$WORK/log")"
sed -n 3p "$WORK/log" | grep -q 'record      withdrawn vol/d2 (2)  editor:ben' || fail "second: $(sed -n 3p "$WORK/log")"
tail -1 "$WORK/log" | grep -q "record      added     117079 (1)  $SEED" || fail "oldest: $(tail -1 "$WORK/log")"
awk 'NR > 2 && $1 >= prev { exit 1 } NR > 1 { prev = $1 }' "$WORK/log" || fail "not newest first: $(cat "$WORK/log")"

[[ $(ch log --by editor:ann | tail -n +2 | wc -l) -eq 1 ]] || fail "--by editor:ann: $(ch log --by editor:ann)"
[[ $(ch log --kind record | tail -n +2 | wc -l) -eq 4 ]] || fail "--kind record: $(ch log --kind record)"
[[ $(ch log --limit 2 | tail -n +2 | wc -l) -eq 2 ]] || fail "--limit 2"
[[ $(ch log --since 2999-01-01 | tail -n +2 | wc -l) -eq 0 ]] || fail "--since the future lists changes"
[[ $(ch log --since 2000 | tail -n +2 | wc -l) -eq 7 ]] || fail "--since 2000 leaves changes out"
expect_status 2 ch log --since yesterday 2>/dev/null
expect_status 2 ch log --kind nonsense 2>/dev/null

ch log --summary >"$WORK/summary" || fail "log --summary"
[[ $(tail -n +2 "$WORK/summary" | wc -l) -eq 4 ]] || fail "summary: $(cat "$WORK/summary")"
sed -n 2p "$WORK/summary" | grep -q 'editor:ben: 1 annotation added, 1 record withdrawn$' || fail "summary, newest: $(sed -n 2p "$WORK/summary")"
grep -q "vol.json: 2 records added, 1 collection added$" "$WORK/summary" || fail "summary of vol.json: $(cat "$WORK/summary")"

ch log --json --kind annotation | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
assert [l["id"] for l in lines] == ["vol/d2#1", "117079#1"], lines
assert lines[0]["title"] == "withdrawal" and lines[0]["source"] == "editor:ben" and lines[0]["change"] == "added", lines
assert lines[0]["seq"] > lines[1]["seq"], lines' || fail "log --json"
echo "archive log: ok"
