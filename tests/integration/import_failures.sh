#!/usr/bin/env bash
# A folder of good and malformed files: the good go in, each bad one is
# reported with its file and line and leaves nothing behind; re-running changes nothing.
source "$(dirname "$0")/lib/common.bash"
need_seed

IN="$WORK/in"
mkdir -p "$IN/sub" "$IN/.hidden"
cp "$SEED" "$IN/good1.txt"
sed 's#/document/117079#/document/900001#' "$SEED" > "$IN/sub/good2.txt"
cp "$SEED" "$IN/.hidden/ignored.txt"
printf 'abc\0def\n' > "$IN/bad_binary.txt"
printf '**Citation:**\n\nfoo\n' > "$IN/bad_no_title.txt"
printf '**May 1, 1950**\n**A title**\n\n**Summary:**\n' > "$IN/bad_empty_section.txt"
printf '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body>\n<div type="document" xml:id="d1"><head>x</head>\n</body></TEI>\n' > "$IN/bad_broken.xml"
# A JSON unit whose first record is fine and whose second is not: neither may be stored.
printf '{"chancery_export": 1, "records": [{"id": "jx1", "title": "fine"}, {"id": "jx2", "title": 5}]}\n' > "$IN/bad_mixed.json"
echo "not imported: the extension is not importable" > "$IN/notes.pdf"

ch init >/dev/null
status=0
ch import "$IN" > "$WORK/out1" 2> "$WORK/err1" || status=$?
[[ $status -eq 1 ]] || fail "import with bad files should exit 1, got $status"
grep -q "imported 2, updated 0, unchanged 0, failed 5" "$WORK/out1" || fail "summary: $(cat "$WORK/out1")"
for f in bad_binary.txt:1 bad_no_title.txt:1 bad_empty_section.txt:4 bad_broken.xml:5; do
  grep -q "^error: $IN/$f" "$WORK/err1" || fail "no 'error: $IN/$f...' line in: $(cat "$WORK/err1")"
done
grep -q "^error: $IN/bad_mixed.json" "$WORK/err1" || fail "bad_mixed.json not reported"
[[ $(grep -c '^error: ' "$WORK/err1") -eq 5 ]] || fail "expected 5 error lines: $(cat "$WORK/err1")"

ch show 117079 >/dev/null || fail "good1 not imported"
ch show 900001 >/dev/null || fail "sub/good2 not imported"
expect_status 1 ch show jx1
expect_status 1 ch show jx2
[[ $(stat records) -eq 2 ]] || fail "expected 2 records, stats say $(stat records)"
revisions=$(stat revisions)
last=$(stat last)

# Running the same import again: same failures, nothing new stored.
status=0
ch import "$IN" > "$WORK/out2" 2> "$WORK/err2" || status=$?
[[ $status -eq 1 ]] || fail "second import should exit 1, got $status"
grep -q "imported 0, updated 0, unchanged 2, failed 5" "$WORK/out2" || fail "second summary: $(cat "$WORK/out2")"
[[ $(stat revisions) -eq $revisions ]] || fail "re-running added revisions"
[[ $(stat last) -eq $last ]] || fail "re-running advanced the change sequence"
diff "$WORK/err1" "$WORK/err2" || fail "the failures differ between runs"

ch check >/dev/null || fail "check after a partly failed import"
echo PASS
