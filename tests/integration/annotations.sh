#!/usr/bin/env bash
# Editors' corrections, notes and restrictions through the CLI and the real
# server: a correction is refused when its quote is not in the record, shown
# beside the published text once stored, and its words are searched; a
# restricted record, and a restricted volume of 507 documents, are closed in
# search, pages, the API and OAI-PMH while the server runs, and an
# incremental harvest from the moment of the restriction (following tokens
# through the volume's records, 500 a page) is told every one of them is
# gone; lifting them brings everything back; a JSON export keeps the
# annotations and restores them.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
need_seed
command -v curl >/dev/null 2>&1 || skip "curl not found"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
harvester="$CHANCERY_SOURCE_DIR/tests/integration/helpers/oai_harvest.py"
volume=frus1958-60v08
sources=("$SEED")
[[ -f $CHANCERY_CORPUS_DIR/frus/$volume.xml ]] && sources+=("$CHANCERY_CORPUS_DIR/frus/$volume.xml") ||
  echo "annotations: $volume is absent; the seed record only"

ch init >/dev/null
ch import "${sources[@]}" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; fail "import"; }

# A correction must quote the field as published; refused, it leaves nothing.
expect_status 1 ch annotate 117079 --field body --quote "Imre Nagi" --correction "Imre Nagy" 2>"$WORK/err"
grep -q 'is not in the body of record 117079' "$WORK/err" || fail "refused correction: $(cat "$WORK/err")"
[[ $(stat annotations) -eq 0 ]] || fail "a refused correction was stored"
ch annotate 117079 --field body --quote "Imre Nagy" --correction "Imre Nagy (Prime Minister)" \
  --comment "Quillfeather corrects the office" --by ann >"$WORK/added" || fail "annotate"
grep -q '^117079#1  correction (body)' "$WORK/added" || fail "annotate printed: $(cat "$WORK/added")"
ch annotate 117079 --note "Compare the <Hungarian> record." --by ann >/dev/null || fail "note"
expect_hit Quillfeather 117079
grep -q Quillfeather <<<"$(ch show 117079)" && fail "a correction was written into the source"

start_server
status() { curl -s -o "$WORK/body" -w '%{http_code}' "$base$1"; }

[[ $(status /document/117079) == 200 ]] || fail "document page"
grep -q 'Quillfeather corrects the office' "$WORK/body" || fail "the correction is not on the page"
grep -qF 'Compare the &lt;Hungarian&gt; record.' "$WORK/body" || fail "the note is not on the page, escaped"
curl -s "$base/api/v1/documents/117079" | python3 -c '
import json, sys
a = json.load(sys.stdin)["annotations"]
assert [x["id"] for x in a] == ["117079#1", "117079#2"], a
assert a[0]["quote"] == "Imre Nagy" and a[0]["author"] == "editor:ann", a' || fail "API annotations"

# Closed while the server runs.
ch restrict 117079 --reason "Donor's condition" --until 2999-01-01 >/dev/null || fail "restrict"
[[ $(status /document/117079) == 403 ]] || fail "a restricted page answered $(status /document/117079)"
grep -q "Donor&apos;s condition" "$WORK/body" || fail "the reason is not on the closed page"
grep -q 'Imre Nagy reports' "$WORK/body" && fail "the closed page shows the text"
[[ $(status /document/117079.txt) == 403 ]] || fail "a restricted download"
[[ $(status /api/v1/documents/117079) == 403 ]] || fail "a restricted API document"
grep -q '"total":0' <<<"$(curl -s "$base/api/v1/search?q=Quillfeather")" || fail "search finds a restricted record"
grep -q '^0 results' <<<"$(ch search Quillfeather)" || fail "CLI search finds a restricted record"
grep -q '^1 result' <<<"$(ch search Quillfeather --all)" || fail "search --all misses it"
grep -q 'Imre Nagy reports' <<<"$(ch show 117079 2>"$WORK/err")" || fail "show prints a closed record for archivists"
grep -q "117079 is closed to readers until 2999-01-01 (117079#3: Donor's condition)" "$WORK/err" ||
  fail "show does not say the record is closed: $(cat "$WORK/err")"

if [[ ${#sources[@]} -gt 1 ]]; then
  in_volume=$(ch search "collection:$volume" --json --limit 0 | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  [[ $in_volume -eq 507 ]] || fail "the volume holds $in_volume records"
  sleep 1.1
  since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  ch restrict "$volume" --reason "Under review" >/dev/null || fail "restrict a volume"
  [[ $(stat restricted) -eq 2 ]] || fail "stats counts $(stat restricted) closed"
  [[ $(status "/document/$volume/d30") == 403 ]] || fail "a record of a closed volume"
  grep -q "every document of the collection $volume" "$WORK/body" || fail "the closed page names the volume"
  grep -q '^0 results' <<<"$(ch search "collection:$volume")" || fail "search finds records of a closed volume"
  python3 "$harvester" "$base/oai" ListIdentifiers metadataPrefix=oai_dc from="$since" >"$WORK/since.json" ||
    fail "incremental harvest"
  python3 - "$WORK/since.json" <<'PY' || fail "incremental harvest contents"
import json, sys
h = json.load(open(sys.argv[1]))
assert h["pages"] == 2, h["pages"]
assert len(h["ids"]) == 507 and len(set(h["ids"])) == 507, len(h["ids"])
assert sorted(h["deleted"]) == sorted(h["ids"]), "a record of the closed volume was not reported deleted"
print(f"annotations: an incremental harvest met the 507 closed records as deleted, in {h['pages']} pages")
PY
  ch unrestrict "$volume" >/dev/null || fail "unrestrict the volume"
  [[ $(status "/document/$volume/d30") == 200 ]] || fail "a reopened record"
fi
ch unrestrict 117079 >/dev/null || fail "unrestrict"
[[ $(status /document/117079) == 200 ]] || fail "the reopened page"
expect_hit Quillfeather 117079

# Withdrawn, a correction's history stays; an export keeps what is live.
ch withdraw '117079#2' --by bob | grep -q 'withdrew 117079#2 (note)' || fail "withdraw"
ch history '117079#2' >"$WORK/history"
[[ $(tail -n +2 "$WORK/history" | wc -l) -eq 2 ]] || fail "an annotation's history: $(cat "$WORK/history")"
tail -1 "$WORK/history" | grep -q 'editor:bob  (withdrawn)' || fail "the withdrawal: $(cat "$WORK/history")"
# Annotations of something the archive does not hold: an error, not "none".
expect_status 1 ch annotations no-such-record
[[ $(ch annotations 117079 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') -eq 1 ]] ||
  fail "annotations after a withdrawal"
ch export "$WORK/export" --format json >/dev/null || fail "export"
[[ -f $WORK/export/annotations.json ]] || fail "no annotations.json"
ARCHIVE="$WORK/copy" ch init >/dev/null
ARCHIVE="$WORK/copy" ch import "$WORK/export" >/dev/null || fail "import the export"
grep -q '^117079#1  correction' <<<"$(ARCHIVE="$WORK/copy" ch annotations 117079)" || fail "the copy's annotations"
ARCHIVE="$WORK/copy" expect_hit Quillfeather 117079
ch check >/dev/null || fail "check"
echo PASS
