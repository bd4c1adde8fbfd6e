#!/usr/bin/env bash
# A date written in the query ("October 27, 1962", "Khrushchev October 1962",
# "Cuba 1962-10-27"): the search page, the API and the command line offer the
# search of the records dated then with the query's other words
# (index/dated_query.h), with how many it finds, and that search finds exactly
# those, every one dated within the date. On frus1961-63v06, the
# Kennedy-Khrushchev exchanges of the missile crisis.
source "$(dirname "$0")/lib/common.bash"
command -v python3 >/dev/null || skip "python3 is missing"
V06="$CHANCERY_CORPUS_DIR/frus/frus1961-63v06.xml"
[[ -f $V06 ]] || skip "the shared FRUS volume is absent ($V06)"

ch init >/dev/null
ch import "$V06" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; fail "import"; }
start_server

# check QUERY OFFERED DATE-PREFIX: the query offers OFFERED, which finds the
# number offered, every hit dated DATE-PREFIX...
check() {
  local query=$1 want=$2 prefix=$3
  local offered total
  offered=$(api "$query" dated query)
  [[ $offered == "$want" ]] || fail "'$query' offers '$offered', not '$want'"
  total=$(api "$query" dated total)
  [[ $total -gt 0 ]] || fail "'$query' offers a search that finds nothing"
  [[ $(api "$offered" total) == "$total" ]] || fail "'$offered' finds $(api "$offered" total), not the $total offered"
  curl -sf --get "$base/api/v1/search" --data-urlencode "q=$offered" --data-urlencode "limit=100" |
    python3 -c '
import json, sys
hits = json.load(sys.stdin)["hits"]
wrong = [h["id"] + " " + str(h.get("date")) for h in hits if not str(h.get("date") or "").startswith(sys.argv[1])]
if wrong:
    print("dated otherwise: " + ", ".join(wrong)); sys.exit(1)' "$prefix" || fail "'$offered' finds records dated otherwise"
  echo "ok   $query -> $offered ($total)"
}

check "October 27, 1962" "date:1962-10-27" 1962-10-27
check "27 October 1962" "date:1962-10-27" 1962-10-27
check "Khrushchev October 1962" "Khrushchev date:1962-10" 1962-10
check "Cuba 1962-10-27" "Cuba date:1962-10-27" 1962-10-27

# As words, the date also finds records written at other times that recall
# it, which the offer leaves out.
words=$(api "October 27, 1962" total)
dated=$(api "October 27, 1962" dated total)
[[ $words -gt $dated ]] || fail "the words find $words records, the date $dated"
echo "ok   as words $words records, dated then $dated"
# An ISO date is no word of the text: only the offer finds anything.
[[ $(api "Cuba 1962-10-27" total) == 0 ]] || fail "'Cuba 1962-10-27' finds records as words"

# A date after correspondence is read with it, and not offered again alone.
query="Kennedy to Khrushchev October 1962"
[[ $(api "$query" correspondence query) == "sender:Kennedy recipient:Khrushchev date:1962-10" ]] ||
  fail "'$query' offers $(api "$query" correspondence query)"
[[ $(api "$query" correspondence dated) == "October 1962" ]] || fail "'$query': the date read is $(api "$query" correspondence dated)"
[[ $(api "$query" correspondence total) -gt 0 ]] || fail "'$query' offers correspondence that finds nothing"
[[ -z $(api "$query" dated) ]] || fail "'$query' offers the date again: $(api "$query" dated query)"
echo "ok   $query -> $(api "$query" correspondence query) ($(api "$query" correspondence total))"

# A year alone, a query without a date, the query language: no offer.
for query in "Khrushchev 1962" "Khrushchev" "date:1962-10" "Khrushchev AND October 1962"; do
  [[ -z $(api "$query" dated) ]] || fail "'$query' is offered $(api "$query" dated query)"
done
echo "ok   no offer for other queries"

# The search page says it and links the search; the command line prints it.
curl -sf --get "$base/search" --data-urlencode "q=Khrushchev October 1962" >"$WORK/page.html"
grep -q 'id="dated">Documents dated October 1962: <a href="/search?q=Khrushchev%20date%3A1962-10">Khrushchev date:1962-10</a>' \
  "$WORK/page.html" || fail "the search page does not offer the date: $(grep -o 'id="dated".\{0,200\}' "$WORK/page.html")"
ch search "Khrushchev October 1962" --limit 0 | grep -q '^Documents dated October 1962: Khrushchev date:1962-10  (' ||
  fail "chancery search does not offer the date"
echo "PASS: dated search"
