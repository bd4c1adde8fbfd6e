#!/usr/bin/env bash
# The seed record: imports, prints back exactly, and is found by search.
source "$(dirname "$0")/lib/common.bash"
need_seed

ch init >/dev/null
ch import "$SEED" >/dev/null

# show --format record-text reproduces the published text (minus surrounding blank lines).
ch show 117079 --format record-text > "$WORK/shown.txt"
trim_blank_lines "$SEED" > "$WORK/expected.txt"
trim_blank_lines "$WORK/shown.txt" > "$WORK/shown-trimmed.txt"
diff -u "$WORK/expected.txt" "$WORK/shown-trimmed.txt" || fail "show 117079 differs from the seed"

expect_hit 'Malnasan' 117079
expect_hit '"Gheorghiu Dej"' 117079
expect_hit 'Gheorghiu-Dej' 117079
expect_hit 'Nagy date:1956-11' 117079

# A misspelled query suggests the right word (implemented by the index).
ch search Malnasn --json | python3 -c '
import json, sys
s = json.load(sys.stdin)["suggestion"]
sys.exit(0 if s.lower() == "malnasan" else 1)' || fail "search Malnasn does not suggest malnasan"
grep -qi "Did you mean: malnasan" <<<"$(ch search Malnasn)" || fail "text output lacks 'Did you mean: malnasan'"

# A query the syntax refuses says why and offers the query meant, when that finds something.
refused=$(ch search '"Secure Phone Call' 2>&1) && fail "an unterminated phrase was accepted"
grep -q 'the quotation mark before “Secure Phone Call” is not closed' <<<"$refused" || fail "refusal: $refused"
grep -q 'did you mean: "Secure Phone Call"  (1 result)' <<<"$refused" || fail "no offer: $refused"
refused=$(ch search 'zzyzx AND' 2>&1) && fail "a dangling AND was accepted"
if grep -q 'did you mean' <<<"$refused"; then fail "an offer that finds nothing: $refused"; fi

# JSON shows the record; the text search lists id, date and title.
ch show 117079 --format json | python3 -c 'import json,sys; assert json.load(sys.stdin)["id"] == "117079"' \
  || fail "show --format json"
grep -q "^117079  1956-11-03  Notes of a Secure Phone Call" <<<"$(ch search Malnasan)" || fail "text search output"

# A record-text record has no TEI; an unknown id is an error.
expect_status 1 ch show 117079 --format tei
expect_status 1 ch show no-such-record

ch check >/dev/null || fail "check after importing the seed"
echo PASS
