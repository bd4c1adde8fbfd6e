#!/usr/bin/env bash
# Unchanged re-import adds nothing; a changed file adds a revision that history shows.
source "$(dirname "$0")/lib/common.bash"
need_seed

cp "$SEED" "$WORK/record.txt"
ch init >/dev/null
ch import "$WORK/record.txt" | grep -q "imported 1, updated 0, unchanged 0, failed 0" || fail "first import"
ch import "$WORK/record.txt" | grep -q "imported 0, updated 0, unchanged 1, failed 0" || fail "unchanged re-import"
[[ $(ch history 117079 | tail -n +2 | wc -l) -eq 1 ]] || fail "unchanged re-import added a revision"

sed -i 's/Imre Nagy reports that Soviet troops/Imre Nagy reported that Soviet troops/' "$WORK/record.txt"
ch import "$WORK/record.txt" | grep -q "imported 0, updated 1, unchanged 0, failed 0" || fail "changed import"
ch history 117079 > "$WORK/history"
[[ $(tail -n +2 "$WORK/history" | wc -l) -eq 2 ]] || fail "history should list 2 revisions: $(cat "$WORK/history")"
awk 'NR==2 {exit !($1 == 1)} ' "$WORK/history" || fail "first history row is not revision 1"
awk 'NR==3 {exit !($1 == 2)} ' "$WORK/history" || fail "second history row is not revision 2"

ch show 117079 | grep -q "Imre Nagy reported that" || fail "latest revision not shown"
ch show 117079 --revision 1 | grep -q "Imre Nagy reports that" || fail "revision 1 not kept"
expect_status 1 ch show 117079 --revision 3

# The index follows the latest revision.
expect_hit '"Nagy reported"' 117079
ch check >/dev/null || fail "check"
echo PASS
