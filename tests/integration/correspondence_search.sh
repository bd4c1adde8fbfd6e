#!/usr/bin/env bash
# Correspondence asked for in words ("Kennedy to Khrushchev", "letters from
# Khrushchev to Kennedy", "correspondence between ..."): the search page, the
# API and the command line offer the search of who sent and who received
# (index/correspondence_query.h), with how many documents it finds, and that
# search finds exactly those. On frus1961-63v06, the Kennedy-Khrushchev
# exchanges, whose documents give their sender and recipient.
source "$(dirname "$0")/lib/common.bash"
command -v python3 >/dev/null || skip "python3 is missing"
V06="$CHANCERY_CORPUS_DIR/frus/frus1961-63v06.xml"
[[ -f $V06 ]] || skip "the shared FRUS volume is absent ($V06)"

ch init >/dev/null
ch import "$V06" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; fail "import"; }
start_server

# Each request offers its reading, and the reading's own search finds the
# number offered, every hit sent by the sender to the recipient.
check() {
  local query=$1 want=$2 sender=$3 recipient=$4
  local offered total
  offered=$(api "$query" correspondence query)
  [[ $offered == "$want" ]] || fail "'$query' offers '$offered', not '$want'"
  total=$(api "$query" correspondence total)
  [[ $total -gt 0 ]] || fail "'$query' offers a search that finds nothing"
  [[ $(api "$offered" total) == "$total" ]] || fail "'$offered' finds $(api "$offered" total), not the $total offered"
  curl -sf --get "$base/api/v1/search" --data-urlencode "q=$offered" --data-urlencode "limit=100" |
    python3 -c '
import json, sys, urllib.request
base, sender, recipient = sys.argv[1:4]
for hit in json.load(sys.stdin)["hits"]:
    doc = json.load(urllib.request.urlopen(base + "/api/v1/documents/" + hit["id"]))
    got = (doc.get("sender") or "", doc.get("recipient") or "")
    if sender not in got[0] or recipient not in got[1]:
        sys.exit("%s: sent by %r to %r" % (hit["id"], got[0], got[1]))' "$base" "$sender" "$recipient" ||
    fail "'$offered' finds a document not sent by $sender to $recipient"
  echo "ok   '$query' -> $offered ($total)"
}

check "Kennedy to Khrushchev" "sender:Kennedy recipient:Khrushchev" Kennedy Khrushchev
check "letters from Chairman Khrushchev to President Kennedy" "sender:Khrushchev recipient:Kennedy" Khrushchev Kennedy
check "from Nikita Khrushchev to John F. Kennedy" "sender:Khrushchev recipient:Kennedy" Khrushchev Kennedy
check "letters to Khrushchev" "recipient:Khrushchev" "" Khrushchev

# The two directions together are the sum of each.
both=$(api "correspondence between Kennedy and Khrushchev" correspondence total)
one=$(api "sender:Kennedy recipient:Khrushchev" total)
other=$(api "sender:Khrushchev recipient:Kennedy" total)
[[ $both -eq $((one + other)) ]] || fail "between Kennedy and Khrushchev: $both, not $one + $other"
echo "ok   between Kennedy and Khrushchev: $both = $one + $other"

# Words that are no correspondence, or a reading that finds nothing: no offer.
for query in "Khrushchev" "Kennedy Khrushchev" "trip to Moscow" "sender:Kennedy recipient:Khrushchev" \
  "Kennedy to Khrushchev AND Berlin"; do
  [[ -z $(api "$query" correspondence) ]] || fail "'$query' is offered $(api "$query" correspondence query)"
done
echo "ok   no offer for other queries"

# The search page says it and links the search; the command line prints it.
curl -sf --get "$base/search" --data-urlencode "q=Kennedy to Khrushchev" >"$WORK/page.html"
grep -q 'id="correspondence">Documents from Kennedy to Khrushchev: <a href="/search?q=sender%3AKennedy%20recipient%3AKhrushchev">sender:Kennedy recipient:Khrushchev</a>' \
  "$WORK/page.html" || fail "the search page does not offer the correspondence: $(grep -o 'id="correspondence".\{0,200\}' "$WORK/page.html")"
ch search "Kennedy to Khrushchev" --limit 0 | grep -q '^Documents from Kennedy to Khrushchev: sender:Kennedy recipient:Khrushchev  (' ||
  fail "chancery search does not offer the correspondence"
echo "PASS: correspondence search"
