#!/usr/bin/env bash
# Withdrawing a record and bringing it back, through the CLI and the running
# server: a withdrawal needs a reason; the record leaves search, its pages
# and API answer 410 Gone with that reason (and the history too), OAI-PMH
# reports it deleted, `show` says when, by whom and why, and its revisions
# stay readable; importing the same file again leaves it withdrawn and says
# so; `reinstate` brings it back as a new revision, found again.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
need_seed
command -v curl >/dev/null 2>&1 || skip "curl not found"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
id=117079

ch init >/dev/null
cat >"$WORK/vol.json" <<'JSON'
{"chancery_export": 1,
 "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d1", "vol/d2"]}],
 "records": [{"id": "vol/d1", "title": "The first paper", "date": {"from": {"year": 1956, "month": 11, "day": 1, "precision": "day"}, "to": {"year": 1956, "month": 11, "day": 1, "precision": "day"}, "as_written": "November 1, 1956"}, "collections": ["vol"]},
             {"id": "vol/d2", "title": "The second paper", "collections": ["vol"]}]}
JSON
ch import "$SEED" "$WORK/vol.json" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; fail "import"; }
expect_hit Malnasan $id

start_server --oai-repository archive.example.org --admin-email archivist@example.org
status() { curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$base$1"; }
[[ $(status /document/$id) == 200 ]] || fail "document page before the withdrawal"

# Refused without a reason, and for a record that is not there: nothing changes.
revisions=$(stat revisions)
expect_status 2 ch withdraw $id 2>"$WORK/err"
grep -q -- '--reason' "$WORK/err" || fail "withdraw without a reason said: $(cat "$WORK/err")"
expect_status 1 ch withdraw 999999 --reason "never there" 2>"$WORK/err"
grep -q 'no record 999999' "$WORK/err" || fail "withdrawing a missing record said: $(cat "$WORK/err")"
[[ $(stat revisions) == "$revisions" ]] || fail "a refused withdrawal changed the store"

ch withdraw $id --reason "Duplicate of <the> TsKhSD copy" --by ann >"$WORK/out" || fail "withdraw"
grep -q "^withdrew record $id from the archive ($id#1;" "$WORK/out" || fail "withdraw printed: $(cat "$WORK/out")"
expect_status 1 ch withdraw $id --reason "again" 2>"$WORK/err"
grep -q "withdrawn already ($id#1)" "$WORK/err" || fail "a second withdrawal said: $(cat "$WORK/err")"

grep -q '^0 results' <<<"$(ch search Malnasan)" || fail "search still finds a withdrawn record"
[[ $(stat withdrawn) == 1 ]] || fail "stats counts $(stat withdrawn) withdrawn records"
grep -q '^ok' <<<"$(ch check)" || fail "check after a withdrawal: $(ch check)"
expect_status 1 ch show $id 2>"$WORK/err"
grep -q "record $id was withdrawn from the archive on .* by editor:ann: Duplicate of <the> TsKhSD copy" "$WORK/err" ||
  fail "show said: $(cat "$WORK/err")"
grep -q Malnasan <<<"$(ch show $id --revision 1)" || fail "the withdrawn record's revision 1 is not readable"
grep -q 'deleted\|withdrawn' <<<"$(ch history $id)" || fail "history does not show the withdrawal: $(ch history $id)"

# The running server: 410 with the reason, escaped; the API says the same in JSON.
[[ $(status /document/$id) == 410 ]] || fail "a withdrawn document page answered $(status /document/$id)"
grep -qF 'Duplicate of &lt;the&gt; TsKhSD copy' "$WORK/body" || fail "the reason is not on the page, escaped"
grep -q 'Malnasan' "$WORK/body" && fail "the withdrawn page shows the text"
[[ $(status /document/$id.txt) == 410 ]] || fail "a withdrawn download"
[[ $(status "/document/$id?revision=1") == 410 ]] || fail "a withdrawn record's earlier text is served to readers"
grep -q 'rel="canonical"' "$WORK/headers" || fail "the 410 page names no canonical address"
[[ $(status /history/$id) == 410 ]] || fail "a withdrawn record's history page answered $(status /history/$id)"
[[ $(status /api/v1/documents/$id) == 410 ]] || fail "a withdrawn API document"
python3 - "$WORK/body" "$id" <<'PY' || fail "API problem: $(cat "$WORK/body")"
import json, sys
body = json.load(open(sys.argv[1]))
assert body["status"] == 410 and body["id"] == sys.argv[2], body
assert body["withdrawal"]["text"] == "Duplicate of <the> TsKhSD copy", body
assert body["withdrawal"]["author"] == "editor:ann", body
PY
[[ $(status /document/999999) == 404 ]] || fail "a record never there is not 404"
curl -s "$base/api/v1/search?q=Malnasan" >"$WORK/search.json"; grep -q "\"total\":0" "$WORK/search.json" || fail "the server's search finds a withdrawn record: $(head -c 800 "$WORK/search.json")"
curl -s "$base/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.example.org:$id" >"$WORK/oai.xml"
grep -q 'status="deleted"' "$WORK/oai.xml" || fail "OAI-PMH does not report the record deleted: $(head -c 600 "$WORK/oai.xml")"

# Its collection lists it by its last title, marked withdrawn.
ch withdraw vol/d1 --reason "Misattributed" >/dev/null || fail "withdraw vol/d1"
[[ $(status /collection/vol) == 200 ]] || fail "collection page"
grep -q 'The first paper</a> <time datetime="1956-11-01">.*</time> <span class="closed-label">withdrawn</span>' "$WORK/body" ||
  fail "the collection does not list the withdrawn record: $(grep -o '<li><a href="/document/vol[^\n]*' "$WORK/body")"
curl -s "$base/api/v1/collections/vol" | python3 -c '
import json, sys
d = {x["id"]: x for x in json.load(sys.stdin)["documents"]}
assert d["vol/d1"].get("withdrawn") is True and d["vol/d1"]["title"] == "The first paper", d
assert "withdrawn" not in d["vol/d2"], d' || fail "API collection"

# Importing the same file again leaves it withdrawn, and says so.
revisions=$(stat revisions)
ch import --warnings "$SEED" >"$WORK/again.log" 2>&1 || { cat "$WORK/again.log"; fail "import again"; }
grep -q "withdrawn from the archive left withdrawn.*$id" "$WORK/again.log" || fail "import again said: $(cat "$WORK/again.log")"
[[ $(stat revisions) == "$revisions" ]] || fail "importing again changed the store"
[[ $(status /document/$id) == 410 ]] || fail "importing again brought the record back"

# Reinstated: a new revision, found again, served again.
ch reinstate $id --by ben >"$WORK/out" || fail "reinstate"
grep -q "reinstated record $id as revision 3" "$WORK/out" || fail "reinstate printed: $(cat "$WORK/out")"
expect_hit Malnasan $id
[[ $(status /document/$id) == 200 ]] || fail "a reinstated record's page answered $(status /document/$id)"
grep -q Malnasan "$WORK/body" || fail "the reinstated page lacks the text"
curl -s "$base/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.example.org:$id" >"$WORK/oai.xml"
grep -q 'status="deleted"' "$WORK/oai.xml" && fail "OAI-PMH still reports the reinstated record deleted"
expect_status 1 ch reinstate $id 2>"$WORK/err"
grep -q 'is not withdrawn' "$WORK/err" || fail "reinstating a live record said: $(cat "$WORK/err")"
# A takedown may hide the description as well: the reason alone is shown.
expect_status 2 ch withdraw "$id#1" --hide-description 2>/dev/null
ch withdraw vol/d2 --reason "Removed at the rights holder's request" --hide-description >/dev/null || fail "withdraw --hide-description"
[[ $(status /document/vol/d2) == 410 ]] || fail "a hidden withdrawal answered $(status /document/vol/d2)"
grep -q "Removed at the rights holder&apos;s request" "$WORK/body" || fail "the reason is not on the page"
grep -q 'The second paper' "$WORK/body" && fail "the hidden withdrawal shows the title"
[[ $(status /collection/vol) == 200 ]] || fail "collection page"
grep -q 'The second paper' "$WORK/body" && fail "the collection lists the hidden record's title"

# A JSON export carries the withdrawn record as it last stood; another archive
# imports it withdrawn (410 with the reason), and can bring it back.
ch export "$WORK/export" --format json >/dev/null || fail "export"
[[ -f $WORK/export/records/vol/d2.json ]] || fail "the export left the withdrawn record out"
other() { "$CHANCERY_BIN" --archive "$WORK/other" "$@"; }
other init >/dev/null
other import --warnings "$WORK/export" >"$WORK/other.log" 2>&1 || { cat "$WORK/other.log"; fail "import of the export"; }
grep -q "stored withdrawn, as their withdrawal in the archive says: vol/d2" "$WORK/other.log" \
  || fail "the import of the export said: $(cat "$WORK/other.log")"
expect_status 1 other show vol/d2 2>"$WORK/err"
grep -q "withdrawn from the archive on .*Removed at the rights holder's request" "$WORK/err" || fail "show in the other archive: $(cat "$WORK/err")"
grep -q "ok: " <<<"$(other check)" || fail "check in the other archive: $(other check)"
other reinstate vol/d2 >/dev/null || fail "reinstate in the other archive"
grep -q "The second paper" <<<"$(other show vol/d2 --format json)" || fail "the reinstated record lost its text"
echo "withdrawals: ok"
