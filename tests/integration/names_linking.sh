#!/usr/bin/env bash
# Names across spellings, end to end: authorities from persons lists, POCOM and
# footnotes; `names link`; searches in every spelling; person: queries; the
# editor's variants, merge and split. Seed + frus1955-57v25 + frus1958-60v10p2 (whose persons list
# has "Nagy, Imre") + frus1961-63v05 ("Yepishev, A. A.").
source "$(dirname "$0")/lib/common.bash"
need_seed
V25="$CHANCERY_CORPUS_DIR/frus/frus1955-57v25.xml"
V05="$CHANCERY_CORPUS_DIR/frus/frus1961-63v05.xml"
V10="$CHANCERY_CORPUS_DIR/frus/frus1958-60v10p2.xml"
POCOM="$CHANCERY_CORPUS_DIR/pocom"
[[ -f "$V25" && -f "$V05" && -f "$V10" && -d "$POCOM/people" ]] || skip "FRUS volumes or POCOM are absent from $CHANCERY_CORPUS_DIR"

# grep that reads its whole input: with pipefail, `grep -q` exiting at the first
# match can fail the pipeline when the producer then hits a closed pipe.
quiet_grep() { grep "$@" >/dev/null; }
ch init >/dev/null
ch import "$SEED" "$V25" "$V10" "$V05" >/dev/null
ch names import-pocom "$POCOM" | quiet_grep "^imported 4261 POCOM persons" || fail "import-pocom does not read 4261 persons"
ch names link --json > "$WORK/link.json"
python3 - "$WORK/link.json" <<'PY' || fail "names link report: $(cat "$WORK/link.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["records"] > 600 and r["mentions"] > 1000 and r["authorities"] > 4261, r
PY

# ids of the hits of a query, one per line
ids() { ch search "$1" --json --limit 100 | python3 -c 'import json,sys; print("\n".join(h["id"] for h in json.load(sys.stdin)["hits"]))'; }
# every spelling returns (nearly) the documents the first one returns
same_results() {
  local base=$1; shift
  ids "$base" | sort > "$WORK/base"
  [[ $(wc -l < "$WORK/base") -ge 5 ]] || fail "$base finds fewer than 5 documents"
  for q in "$@"; do
    ids "$q" | sort > "$WORK/other"
    local common; common=$(comm -12 "$WORK/base" "$WORK/other" | wc -l)
    local n; n=$(wc -l < "$WORK/base")
    (( common * 100 >= n * 95 )) || fail "'$q' shares $common of $n results with '$base'"
  done
}
same_results Khrushchev Khrushchov Chruschtschow Hruščov Hrușciov Krouchtchev Хрущёв
# ... and their hits mark him as each record writes him (name-key groups)
marked_percent() {
  ch search "$1" --json --limit 20 |
    python3 -c 'import json,sys; h=json.load(sys.stdin)["hits"]; print(sum("<mark>" in x["snippet"] for x in h) * 100 // max(len(h), 1))'
}
for q in Chruschtschow Krouchtchev Хрущёв; do
  (( $(marked_percent "$q") >= 90 )) || fail "fewer than 90% of the hits of '$q' mark a spelling of Khrushchev"
done
ch search Chruschtschow --json --limit 20 | quiet_grep '<mark>Khrushchev</mark>' || fail "Chruschtschow does not mark Khrushchev"
ch search Chruschtschow --json --limit 1 | python3 -c 'import json,sys; sys.exit(0 if "Khrushchev" in json.load(sys.stdin)["other_spellings"] else 1)' \
  || fail "search Chruschtschow does not say it also searched for Khrushchev"
same_results Zhukov Schukow Joukov Жуков
same_results Gomułka Gomulka
# A family name of two words, hyphenated or quoted ("Dej" alone has a key too
# coarse to stand for it, also that of "de": unquoted, it is searched as a word).
same_results Gheorghiu-Dej '"Gheorghiu Dej"'
# ordinary words are not taken for names that share their key
ids Korea | quiet_grep . || fail "Korea finds nothing"

# person:ID and person:"variant" find the records linked to the person
kid=$(ch names show Khrushchev --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
[[ $(ids "person:$kid" | wc -l) -ge 50 ]] || fail "person:$kid finds too few records"
[[ $(ids 'person:"Chruschtschow"' | wc -l) -ge 50 ]] || fail "person:\"Chruschtschow\" finds too few records"
ch names show frus1955-57v25/p_KNS1 | quiet_grep "$kid" || fail "a persons-list id does not resolve to $kid"

# "Imre Nagy" finds v25 documents that say only "Nagy"
ids '"Imre Nagy" date:1956-11-01..1956-11-04' | quiet_grep '^frus1955-57v25/' \
  || fail "\"Imre Nagy\" date:1956-11-01..1956-11-04 returns no frus1955-57v25 document"
# ... and an ordinary phrase still works as a phrase
ids '"secure phone call"' | quiet_grep -x 117079 || fail "phrase search broke"

# Malnasanu: a variant of Malnasan, Aurel, sourced from the seed's footnote 3
ch names show Malnasan | quiet_grep "Malnasanu  (footnote:117079#" || fail "Malnasanu is not recorded from the footnote"
ids Malnasanu | quiet_grep -x 117079 || fail "search Malnasanu misses 117079"
ch search Malnasanu --json | python3 -c 'import json,sys; s=json.load(sys.stdin)["suggestion"]; sys.exit(0 if "Malnasan, Aurel" in s else 1)' \
  || fail "search Malnasanu does not suggest Malnasan, Aurel"
ch search Malnasanu | quiet_grep "also searched for other spellings of the name: Malnasan" \
  || fail "search Malnasanu does not say it also searched for Malnasan"
ch search Malnasanu --json | quiet_grep '<mark>Malnasan</mark>' || fail "search Malnasanu does not mark Malnasan"

# Epishev (listed as "Yepishev, A. A." in frus1961-63v05): the seed's spellings, linked by
# key, are recorded from the text, the footnote's full name among them; an editor adds another
ch names show Epishev > "$WORK/epishev.txt"
grep -q "A. A. Epishev  (text:117079)" "$WORK/epishev.txt" || fail "names show Epishev lacks A. A. Epishev"
grep -q "Aleksei Alekseevich Epishev  (text:117079)" "$WORK/epishev.txt" || fail "names show Epishev lacks the full name"
ch names add-variant Epishev "Aleksey Alekseyevich Yepishev" --source footnote:117079#fn2 >/dev/null
ch names show Epishev | quiet_grep "Aleksey Alekseyevich Yepishev  (footnote:117079#fn2)" || fail "added variant not shown"
expect_status 1 ch names add-variant Epishev "Aleksey Alekseyevich Yepishev"

# A FRUS chief of mission joins his POCOM record (Bohlen: ambassador in Moscow 1953-57)
ch names show frus1955-57v25/p_BCE1 2>/dev/null | quiet_grep "pocom/" \
  || ch names show Bohlen | quiet_grep "frus1955-57v25/" || fail "FRUS Bohlen is not joined to POCOM Bohlen"

# A person's page counts and links the documents the person sent and received
# (the sender and recipient fields naming the person as the links tell), and
# the links find exactly those.
start_server
tid=$(ch names show "Thompson, Llewellyn E., Jr." --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf "$base/api/v1/people/$tid" > "$WORK/thompson.json" || fail "GET /api/v1/people/$tid"
python3 - "$WORK/thompson.json" "$base" <<'PY' || fail "Thompson's sent and received documents"
import json, sys, urllib.parse, urllib.request
person = json.load(open(sys.argv[1]))
base = sys.argv[2]
for side, field in (("sent", "sender"), ("received", "recipient")):
    offered = person[side]
    assert offered["total"] > 0 or side == "received", (side, offered)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(offered["search"]).query)["q"][0]
    assert query == field + ':"Thompson, Llewellyn E., Jr."', query
    found = json.load(urllib.request.urlopen(base + "/api/v1/search?limit=100&q=" + urllib.parse.quote(query)))
    assert found["total"] == offered["total"], (side, found["total"], offered["total"])
    titles = [h["title"] for h in found["hits"]]
    assert all("Thompson" in t for t in titles), [t for t in titles if "Thompson" not in t]
    print("ok   %s: %d documents" % (side, offered["total"]))
PY
curl -sf "$base/people/$tid" | quiet_grep 'id="correspondence">Sender of <a href="/search?q=sender%3A%22Thompson%2C%20Llewellyn%20E.%2C%20Jr.%22&amp;sort=date" id="sent">' \
  || fail "Thompson's page does not link the documents he sent"

# Two brothers of one family name: a document is from the one its title ties
# the sender to (<persName type="from" corresp="#p_DAW1">), not from every
# Dulles it links. The page names him and searches his documents only. (The
# markup is followed as published: frus1958-60v10p2/d328, "Director of Central
# Intelligence Dulles", ties its sender to John Foster's entry.)
page=$(curl -sf "$base/document/frus1955-57v25/d199") || fail "GET the DCI's memorandum"
grep -q 'href="/people/person/dulles-allen-w"' <<<"$page" || fail "d199's From is not Allen W. Dulles"
grep -q 'href="/search?q=sender%3A%22Dulles%2C%20Allen%20W.%22"' <<<"$page" || fail "d199's From does not search Allen W. Dulles's documents"
for pair in 'Dulles, Allen W.:p_DAW1' 'Dulles, John Foster:p_DJF1'; do
  who=${pair%:*} entry=${pair##*:}
  n=0
  for id in $(ids "sender:\"$who\""); do
    n=$((n + 1))
    from=$(ch show "$id" --format tei | python3 -c '
import re, sys
head = re.search(r"<head>.*?</head>", sys.stdin.read(), re.S)
m = re.search(r"<persName[^>]*type=\"from\"[^>]*>", head.group(0)) if head else None
c = re.search(r"corresp=\"#([^\"]+)\"", m.group(0)) if m else None
print(c.group(1) if c else "")')
    [[ -z $from || $from == "$entry" ]] || fail "sender:\"$who\" finds $id, whose title ties its sender to $from"
  done
  (( n > 0 )) || fail "sender:\"$who\" finds nothing"
done

# merge keeps both ids resolvable; split restores
mid=$(ch names show "Malnasan" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
eid=$(ch names show "Epishev" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
ch names merge "$eid" "$mid" >/dev/null
ch names show "$mid" --json | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["id"] == sys.argv[1] else 1)' "$eid" \
  || fail "a merged id does not resolve to the survivor"
ch names split "$eid" "$mid" >/dev/null
ch names show "$mid" --json | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["id"] == sys.argv[1] else 1)' "$mid" \
  || fail "split does not restore $mid"
ch names show "$eid" | quiet_grep Malnasanu && fail "split leaves Malnasan's variants on $eid"
ch check >/dev/null || fail "check after names link"
echo PASS
