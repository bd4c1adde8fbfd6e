#!/usr/bin/env bash
# Unchanged re-import adds nothing; a changed file adds a revision that history
# shows; `changes` and the reading room (real server, curl) show what changed,
# and the earlier text stays readable at its own address.
source "$(dirname "$0")/lib/common.bash"
need_seed

cp "$SEED" "$WORK/record.txt"
ch init >/dev/null
grep -q "imported 1, updated 0, unchanged 0, failed 0" <<<"$(ch import "$WORK/record.txt")" || fail "first import"
grep -q "imported 0, updated 0, unchanged 1, failed 0" <<<"$(ch import "$WORK/record.txt")" || fail "unchanged re-import"
[[ $(ch history 117079 | tail -n +2 | wc -l) -eq 1 ]] || fail "unchanged re-import added a revision"

sed -i 's/Imre Nagy reports that Soviet troops/Imre Nagy reported that Soviet troops/' "$WORK/record.txt"
grep -q "imported 0, updated 1, unchanged 0, failed 0" <<<"$(ch import "$WORK/record.txt")" || fail "changed import"
ch history 117079 > "$WORK/history"
[[ $(tail -n +2 "$WORK/history" | wc -l) -eq 2 ]] || fail "history should list 2 revisions: $(cat "$WORK/history")"
awk 'NR==2 {exit !($1 == 1)} ' "$WORK/history" || fail "first history row is not revision 1"
awk 'NR==3 {exit !($1 == 2)} ' "$WORK/history" || fail "second history row is not revision 2"

grep -q "Imre Nagy reported that" <<<"$(ch show 117079)" || fail "latest revision not shown"
grep -q "Imre Nagy reports that" <<<"$(ch show 117079 --revision 1)" || fail "revision 1 not kept"
expect_status 1 ch show 117079 --revision 3

# The index follows the latest revision.
expect_hit '"Nagy reported"' 117079
ch check >/dev/null || fail "check"

# What changed, word by word, at the terminal and as JSON.
ch changes 117079 > "$WORK/changes"
grep -qF 'revision 1 -> 2 of 117079: 1 change' "$WORK/changes" || fail "changes header: $(cat "$WORK/changes")"
grep -qF 'Imre Nagy [-reports-]{+reported+} that Soviet troops' "$WORK/changes" || fail "word diff: $(cat "$WORK/changes")"
ch changes 117079 --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
spans = d["changes"][0]["spans"]
assert d["from"] == 1 and d["to"] == 2, d
assert {"op": "delete", "text": "reports"} in spans and {"op": "insert", "text": "reported"} in spans, spans
' || fail "changes --json"
expect_status 1 ch changes 117079 --from 2 --to 2
expect_status 1 ch changes 117079 --to 3

# The reading room: the page names its revision; the earlier text, the
# history and the comparison are served.
start_server
grep -q 'class="revision">2 of 2' <<<"$(curl -sf "$base/document/117079")" || fail "document page names no revision"
curl -sf "$base/document/117079?revision=1" > "$WORK/old.html" || fail "revision 1 not served"
grep -q "Imre Nagy reports that" "$WORK/old.html" || fail "revision 1 shows another text"
grep -q "An earlier text of this document" "$WORK/old.html" || fail "no notice on the earlier text"
grep -q "Imre Nagy reports that" <<<"$(curl -sf "$base/document/117079.txt?revision=1")" || fail "revision 1 download"
curl -sf "$base/history/117079" > "$WORK/history.html" || fail "history page"
grep -q 'id="revision-2"' "$WORK/history.html" && grep -q 'id="revision-1"' "$WORK/history.html" || fail "history lists"
! grep -q "$WORK" "$WORK/history.html" || fail "the history publishes the server's folders"
grep -q '<del>reports</del><ins>reported</ins>' <<<"$(curl -sf "$base/changes/117079")" || fail "changes page"
curl -sf "$base/api/v1/changes/117079?from=1&to=2" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["changes"][0]["field"] == "summary", d
' || fail "API changes"
curl -sf "$base/feed.atom" | python3 -c '
import sys, xml.etree.ElementTree as ET
atom = "{http://www.w3.org/2005/Atom}"
entries = ET.parse(sys.stdin).getroot().findall(atom + "entry")
ids = [e.find(atom + "id").text for e in entries]
assert ids[0].endswith("/document/117079?revision=2") and ids[1].endswith("/document/117079?revision=1"), ids
assert entries[0].find(atom + "category").get("term") == "revised", ids
' || fail "Atom feed"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$base/document/117079?revision=3") == 404 ]] || fail "revision 3 is not 404"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$base/changes/117079?from=x") == 400 ]] || fail "from=x is not 400"
kill -TERM $server; wait $server 2>/dev/null || true
trap 'rm -rf "$WORK"' EXIT
echo PASS
