#!/usr/bin/env bash
# Organisation and place authorities, editors' changes reaching the index at
# once, and quoted capitalised phrases that are not names. Small records written
# here; no corpus needed.
source "$(dirname "$0")/lib/common.bash"

# grep that reads its whole input (no `grep -q` at the end of a pipeline under pipefail).
quiet_grep() { grep "$@" >/dev/null; }

record() {  # record ID TITLE BODY PEOPLE PLACES (lists separated by |; empty: no section)
  {
    printf '**November 3, 1956**  \n**%s**\n\n**Citation:**\n\n"%s", November 3, 1956, Test Archive.  \n' "$2" "$2"
    printf '<https://archive.example.org/document/%s>\n\n' "$1"
    [[ -z $4 ]] || printf '**Associated People & Organizations:**\n\n%s\n\n' "$(printf '%s' "$4" | sed 's/|/  \n/g')"
    [[ -z $5 ]] || printf '**Associated Places:**\n\n%s\n\n' "$(printf '%s' "$5" | sed 's/|/  \n/g')"
    printf '%s\n' "$3"
  } > "$WORK/in/$1.txt"
}
mkdir -p "$WORK/in"
record 900101 "Notes of a Secure Phone Call" "The call was secure and short." "Kadar, Janos" "Budapest (Hungary)"
for n in 2 3 4 5; do
  record 90010$n "Robert Call in Warsaw, part $n" \
    "Ambassador Robert Call met the Central Committee in Warsaw. Call said little." \
    "Call, Robert|Central Committee of the Polish United Workers' Party" "Warsaw (Poland)"
done
# Abel and Fisher (one man, as the editors will find) are listed by a third record;
# the first two only name them in their text.
record 900106 "An arrest" "Rudolf Abel was arrested in New York." "" "New York (United States)"
record 900107 "A trial" "William Fisher appeared in court." "" "New York (United States)"
record 900108 "A list" "Nothing but a list." "Abel, Rudolf|Fisher, William" ""
# A place the editors withheld is no place authority.
record 900109 "A cable" "Sent from where it may not say." "" "[place not declassified]"
ch init >/dev/null
ch import "$WORK/in" >/dev/null
ch names link >/dev/null

ids() { ch search "$1" --json --limit 100 | python3 -c 'import json,sys; print("\n".join(h["id"] for h in json.load(sys.stdin)["hits"]))'; }
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

ch names search "place not declassified" --json | python3 -c '
import json, sys
sys.exit(1 if any(a["kind"] == "place" for a in json.load(sys.stdin)) else 0)' \
  || fail "a withheld place became a place authority: $(ch names search "place not declassified")"
[[ $(ids 'place:"place not declassified"') == 900109 ]] || fail "the withheld place is not searchable as the record's place"

# Places and organisations are authorities of their own kind, found by any recorded spelling.
[[ $(ch names show "Warsaw (Poland)" --json | json_field kind) == place ]] || fail "Warsaw (Poland) is not a place authority"
wid=$(ch names show Warsaw --json | json_field id)
[[ $wid == place/* ]] || fail "Warsaw resolves to $wid, not a place"
ch names show "$wid" | quiet_grep "^    Warsaw  (import:9001" || fail "names show $wid lacks the spelling Warsaw with its source"
ch names search Warsaw | quiet_grep "^$wid " || fail "names search Warsaw does not list $wid"
ch names show Warsaw | quiet_grep "^  kind: place$" || fail "names show Warsaw does not say it is a place"
ch names search Warsaw --json | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)[0]["kind"] == "place" else 1)' \
  || fail "names search --json does not give the kind"
oid=$(ch names show "Central Committee of the Polish United Workers' Party" --json | json_field id)
[[ $oid == organisation/* ]] || fail "the Central Committee is $oid, not an organisation"
[[ $(ch names show Call --json | json_field kind) == person ]] || fail "Call is not a person"
ch names add-variant "$wid" "Warszawa" >/dev/null
[[ $(ch names show Warszawa --json | json_field id) == "$wid" ]] || fail "a place's added variant does not resolve"
# Authority records keep their revisions: created by names link, changed by the editor.
ch names history Warszawa > "$WORK/history.txt"
[[ $(grep -c '^[0-9]' "$WORK/history.txt") -eq 2 ]] || fail "names history: $(cat "$WORK/history.txt")"
grep '^2 ' "$WORK/history.txt" | quiet_grep "editor:" || fail "names history: the second revision is not the editor's"

# A quoted capitalised phrase that is no known name stays a phrase ...
[[ "$(ids '"Secure Phone Call"')" == 900101 ]] || fail "\"Secure Phone Call\" finds $(ids '"Secure Phone Call"' | tr '\n' ' ')"
# ... while a known name is still broadened to the records linked to its person.
[[ $(ids '"Robert Call"' | grep -c '^90010[2-5]$') -eq 4 ]] || fail "\"Robert Call\" finds $(ids '"Robert Call"' | tr '\n' ' ')"

# Editors' changes reach the index at once, for the linked records only.
facet_people() { ch search "$1" --json | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["facets"].get("person", {})))'; }
facet_people court | quiet_grep -x "Fisher, William" || fail "before the merge, court's people facet lacks Fisher"
aid=$(ch names show "Rudolf Abel" --json | json_field id)
fid=$(ch names show "William Fisher" --json | json_field id)
ch names merge "$aid" "$fid" > "$WORK/merge.txt"
quiet_grep "reindexed 3 linked records" "$WORK/merge.txt" || fail "merge: $(cat "$WORK/merge.txt")"
facet_people court | quiet_grep -x "Abel, Rudolf" || fail "after the merge, court's people facet lacks Abel: $(facet_people court)"
facet_people court | quiet_grep -x "Fisher, William" && fail "after the merge, court's people facet still has Fisher"
ch names split "$aid" "$fid" > "$WORK/split.txt"
quiet_grep "reindexed 3 linked records" "$WORK/split.txt" || fail "split: $(cat "$WORK/split.txt")"
facet_people court | quiet_grep -x "Fisher, William" || fail "after the split, court's people facet lacks Fisher"
ch names add-variant "$aid" "Rudolf Ivanovich Abel" > "$WORK/variant.txt"
quiet_grep "reindexed 2 linked records" "$WORK/variant.txt" || fail "add-variant: $(cat "$WORK/variant.txt")"
# Authorities of different kinds are never merged.
expect_status 1 ch names merge "$wid" "$aid" 2>/dev/null
ch check >/dev/null || fail "check after the editor's changes"
echo PASS
