#!/usr/bin/env bash
# The reading room's page cache against a live server: a repeated page is
# answered from the cache (with an ETag and 304 on revalidation), and a change
# made beside the running server by another process -- a re-import, a new
# spelling of a name -- shows on the very next request, not a cached page.
# With a small --cache-mb the cache stays within its budget.
source "$(dirname "$0")/lib/common.bash"
command -v curl > /dev/null || skip "curl not found"

ch init > /dev/null
ch import "$CHANCERY_SOURCE_DIR/examples" > /dev/null
ch names link > /dev/null

: > "$WORK/server.log"
# The binary itself in the background (not the ch function, whose subshell
# would be the pid that is stopped), with no output to the test's pipes.
"$CHANCERY_BIN" --archive "$ARCHIVE" serve --listen 127.0.0.1:0 --threads 2 --cache-mb 1 --quiet \
  > /dev/null 2> "$WORK/server.log" &
server_pid=$!
trap 'kill -TERM "$server_pid" 2> /dev/null; wait "$server_pid" 2> /dev/null || true; rm -rf "$WORK"' EXIT
port=$(server_port "$WORK/server.log" "$server_pid")
[[ -n $port ]] || fail "server did not start: $(cat "$WORK/server.log")"
base="http://127.0.0.1:$port"

get() { curl -fsS --max-time 30 -o "$WORK/body" -D "$WORK/headers" "$@"; }
metric() { curl -fsS --max-time 30 "$base/metrics" | awk -v m="$1" 'index($0, m " ") == 1 { print $NF }'; }
hits() { metric 'chancery_page_cache_lookups_total{result="hit"}'; }

page="$base/document/900001"
get "$page"
grep -q "Record of a Telephone Message" "$WORK/body" || fail "document page: unexpected body"
etag=$(awk 'tolower($1) == "etag:" { print $2 }' "$WORK/headers" | tr -d '\r')
[[ -n $etag ]] || fail "no ETag on a document page"
grep -qi '^cache-control: no-cache' "$WORK/headers" || fail "no Cache-Control: no-cache on a document page"
before=$(hits)
get "$page"
(($(hits) == before + 1)) || fail "a repeated page was not answered from the cache"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$page")
[[ $code == 304 ]] || fail "If-None-Match with the page's ETag: expected 304, got $code"

# A re-import by another process: the next request shows the new title.
sed 's/^\*\*Record of a Telephone Message from the Embassy in Budapest  $/**A Corrected Title of the Telephone Message  /' \
  "$CHANCERY_SOURCE_DIR/examples/records/01_budapest_telephone_message.txt" |
  sed 's/Telephone lines to the western districts are interrupted\./Telephone lines are interrupted; Blaubart was seen./' \
    > "$WORK/01_corrected.txt"
grep -q "A Corrected Title" "$WORK/01_corrected.txt" || fail "test setup: title not replaced"
ch import "$WORK/01_corrected.txt" > /dev/null
get "$page"
grep -q "A Corrected Title of the Telephone Message" "$WORK/body" || fail "re-import not shown on the next request"
new_etag=$(awk 'tolower($1) == "etag:" { print $2 }' "$WORK/headers" | tr -d '\r')
[[ $new_etag != "$etag" ]] || fail "the ETag did not change with the page"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$page")
[[ $code == 200 ]] || fail "the old ETag still got $code after the page changed"

# A new spelling of a name by another process: the next request links it.
get "$page"
authority=$(ch names search "Rákosi" | grep -o 'person/[^ ]*' | head -1)
[[ -n $authority ]] || fail "names link made no authority for Rákosi"
grep -q "data-authority=\"$authority\">Blaubart<" "$WORK/body" && fail "Blaubart linked before it is a variant"
ch names add-variant "$authority" "Blaubart" > /dev/null
get "$page"
grep -q "data-authority=\"$authority\">Blaubart<" "$WORK/body" || fail "a new variant not linked on the next request"

# The budget holds: 300 distinct search pages of about 10 KB into 1 MB.
for i in $(seq 1 300); do curl -fsS --max-time 30 -o /dev/null "$base/search?q=budapest&n=$i"; done
bytes=$(metric chancery_page_cache_bytes)
dropped=$(metric 'chancery_page_cache_dropped_total{reason="budget"}')
((bytes <= 1048576)) || fail "page cache holds $bytes bytes with --cache-mb 1"
((dropped > 0)) || fail "nothing was dropped for the budget after 300 pages"

echo "page_cache: all checks passed (cache $bytes bytes, $dropped dropped for the budget)"
