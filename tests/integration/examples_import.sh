#!/usr/bin/env bash
# examples/ imports without errors or warnings, and the archive checks out.
source "$(dirname "$0")/lib/common.bash"
EXAMPLES="$CHANCERY_SOURCE_DIR/examples"
[[ -d "$EXAMPLES" ]] || skip "no examples/ folder in $CHANCERY_SOURCE_DIR"

ch init >/dev/null
ch import --warnings "$EXAMPLES" > "$WORK/out" 2> "$WORK/err" || fail "import examples/: $(cat "$WORK/out" "$WORK/err")"
grep -q "failed 0" "$WORK/out" || fail "$(cat "$WORK/out")"
[[ ! -s "$WORK/err" ]] || fail "importing examples/ printed: $(cat "$WORK/err")"
[[ $(stat records) -gt 0 ]] || fail "examples/ yielded no records"
ch check >/dev/null || fail "check"
# Importing again changes nothing.
grep -q "imported 0, updated 0, unchanged [1-9][0-9]*, failed 0" <<<"$(ch import "$EXAMPLES")" || fail "re-import changed something"
echo PASS
