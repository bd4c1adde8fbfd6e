#!/usr/bin/env bash
# A quoted personal name that a persons list lists finds the documents that give
# the family name alone right after import, before any `names link`: "Imre Nagy"
# ("Nagy, Imre" in frus1958-60v10p2's persons list) finds frus1955-57v25's
# documents of November 1-4, 1956, which say only "Nagy", below those with the
# phrase. Capitalised phrases no list lists stay phrases.
source "$(dirname "$0")/lib/common.bash"
need_seed
V25="$CHANCERY_CORPUS_DIR/frus/frus1955-57v25.xml"
V10="$CHANCERY_CORPUS_DIR/frus/frus1958-60v10p2.xml"
[[ -f "$V25" && -f "$V10" ]] || skip "frus1955-57v25 or frus1958-60v10p2 is absent from $CHANCERY_CORPUS_DIR/frus"

# grep that reads its whole input (with pipefail, `grep -q` leaving early can fail the producer)
quiet_grep() { grep "$@" >/dev/null; }
ch init >/dev/null
ch import "$SEED" "$V25" "$V10" >/dev/null
[[ $(stat authorities) == 0 ]] || fail "a bare import made authorities"

# ids of the hits of a query, one per line, in rank order
ids() { ch search "$1" --json --limit 200 | python3 -c 'import json,sys; print("\n".join(h["id"] for h in json.load(sys.stdin)["hits"]))'; }

ids '"Imre Nagy" date:1956-11-01..1956-11-04' > "$WORK/must_show"
quiet_grep '^frus1955-57v25/' "$WORK/must_show" \
  || fail "\"Imre Nagy\" date:1956-11-01..1956-11-04 returns no frus1955-57v25 document after a bare import"
quiet_grep -x 'frus1955-57v25/d153' "$WORK/must_show" || fail "\"Imre Nagy\" misses d153, which says \"Nagy\""
# Hungarian order reads as the same listed name
ids '"Nagy Imre" date:1956-11-01..1956-11-04' | quiet_grep -x 'frus1955-57v25/d153' || fail "\"Nagy Imre\" misses d153"

# The documents with the phrase come first
ids '"imre nagy"' > "$WORK/phrase"
n=$(wc -l < "$WORK/phrase")
(( n >= 5 )) || fail "the phrase \"imre nagy\" finds only $n documents"
ids '"Imre Nagy"' > "$WORK/broad"
(( $(wc -l < "$WORK/broad") > n )) || fail "\"Imre Nagy\" finds no more than the phrase"
[[ $(head -n "$n" "$WORK/broad" | sort) == $(sort "$WORK/phrase") ]] \
  || fail "\"Imre Nagy\" does not rank the $n documents with the phrase first"

# Phrases that are no listed person's name stay phrases
[[ $(ids '"Secure Phone Call"') == "117079" ]] || fail "\"Secure Phone Call\" is not just the phrase: $(ids '"Secure Phone Call"')"
[[ $(ids '"Ferenc Nagy" date:1956-11-01..1956-11-04') == "" ]] || fail "\"Ferenc Nagy\" was broadened to Nagy"
[[ $(ids '"Imre Nagy"' | wc -l) -gt $(ids '"Nagy Prime Minister"' | wc -l) ]] || fail "\"Nagy Prime Minister\" was broadened"
echo "ok"
