#!/usr/bin/env bash
# End-to-end test of the reading room: imports examples/ (and the shared seed
# record when present) into a fresh archive, starts `chancery serve` on
# 127.0.0.1 with a free port, checks statuses, headers and content with curl,
# then stops the server with SIGTERM (always, via trap).
set -uo pipefail

bin=${CHANCERY_BIN:-build/chancery}
src=${CHANCERY_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
corpus=${CHANCERY_CORPUS_DIR:-$src/../shared/corpus}
if ! command -v curl >/dev/null 2>&1; then echo "web_server: curl not found, skipping"; exit 77; fi
if [[ ! -x $bin ]]; then echo "web_server: $bin is not built"; exit 1; fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

"$bin" --archive "$work/archive" init >/dev/null || { echo "web_server: init failed"; exit 1; }
sources=("$src/examples")
[[ -d $corpus/seed ]] && sources+=("$corpus/seed")
"$bin" --archive "$work/archive" import "${sources[@]}" >"$work/import.log" 2>&1 || {
  echo "web_server: import failed"; cat "$work/import.log"; exit 1; }

"$bin" --archive "$work/archive" serve --listen 127.0.0.1:0 --threads 2 --header-timeout 2 2>"$work/server.log" &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's#.*serving http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$work/server.log" | head -1)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then echo "web_server: server did not start"; cat "$work/server.log"; exit 1; fi
base="http://127.0.0.1:$port"
echo "web_server: serving at $base"

# status EXPECTED NAME CURL-ARGS...: checks the HTTP status of one request.
status() {
  local expected=$1 name=$2
  shift 2
  local got
  got=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' --max-time 30 "$@")
  if [[ $got == "$expected" ]]; then pass "$name ($got)"; else fail "$name: expected $expected, got $got"; fi
}
# contains NAME FILE TEXT: the last response (body or headers) contains TEXT.
contains() {
  if grep -qiF -- "$3" "$2"; then pass "$1"; else fail "$1: '$3' not found"; fi
}

status 200 "home" "$base/"
contains "home has a search box" "$work/body" 'id="q"'
contains "CSP header" "$work/headers" "content-security-policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
contains "nosniff header" "$work/headers" "x-content-type-options: nosniff"
contains "referrer policy header" "$work/headers" "referrer-policy:"
contains "html lang" "$work/body" '<html lang="en">'

status 200 "healthz" "$base/healthz"
status 200 "search" "$base/search?q=Budapest"
contains "search finds the sample" "$work/body" 'href="/document/900001?q=Budapest"'
status 400 "bad sort is 400" "$base/search?q=nagy&sort=sideways"
status 400 "bad page is 400" "$base/search?q=nagy&page=-1"
status 200 "document" "$base/document/900001"
contains "document title" "$work/body" "Record of a Telephone Message"
contains "note link" "$work/body" 'href="#fn1"'
contains "citation meta" "$work/body" '<meta name="citation_title"'
contains "json-ld" "$work/body" 'application/ld+json'
status 404 "unknown document" "$base/document/no-such-record"
status 404 "unknown route" "$base/nowhere"
status 200 "RIS download" "$base/document/900001.ris"
contains "RIS type line" "$work/body" "TY  - GEN"
contains "RIS end" "$work/body" "ER  - "
contains "RIS content type" "$work/headers" "content-type: application/x-research-info-systems"
status 200 "BibTeX download" "$base/document/900001.bib"
status 200 "text download" "$base/document/900001.txt"
if [[ -d $corpus/seed ]]; then
  status 200 "seed document" "$base/document/117079"
  contains "seed title" "$work/body" "Epishev"
fi
status 200 "timeline" "$base/timeline"
status 200 "static css" "$base/static/style.css"
contains "static cache header" "$work/headers" "cache-control: public"
status 404 "path traversal" --path-as-is "$base/static/../../etc/passwd"
status 404 "encoded traversal" --path-as-is "$base/static/%2e%2e/%2e%2e/etc/passwd"
status 405 "POST is 405" -X POST --data 'x=1' "$base/"
status 200 "HEAD" -I "$base/"

long=$(printf 'a%.0s' $(seq 1 5000))
status 414 "long URL is 414" "$base/search?q=$long"
big=$(printf 'b%.0s' $(seq 1 9000))
status 431 "large header is 431" -H "X-Big: $big" "$base/"
head -c 2000000 /dev/zero >"$work/large-body"
status 413 "large body is 413" -X POST -H 'Expect:' -H 'Content-Type: application/octet-stream' --data-binary "@$work/large-body" "$base/"

status 200 "API search" "$base/api/v1/search?q=Budapest"
contains "API total" "$work/body" '"total":'
contains "API next" "$work/body" '"next":'
status 404 "API unknown document" "$base/api/v1/documents/no-such-record"
contains "problem+json" "$work/headers" "content-type: application/problem+json"
status 400 "API bad query" "$base/api/v1/search?q=nagy&limit=0"
status 200 "API collections" "$base/api/v1/collections"
status 200 "OpenAPI" "$base/api/v1/openapi.json"
contains "OpenAPI version" "$work/body" '"openapi": "3.0.3"'

# A client that sends half a request head does not block others, and is
# dropped once the header timeout (2 s here) passes: the server closes the
# connection (checked by reading until EOF, with a generous safety limit).
if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
  printf 'GET / HTTP/1.1\r\nHost: slow\r\n' >&3
  status 200 "healthz while a slow client waits" "$base/healthz"
  if timeout 60 cat <&3 >/dev/null; then pass "slow client dropped"; else fail "slow client was not dropped"; fi
  exec 3>&- 3<&-
fi

# Many idle keep-alive connections do not stop a new client.
if command -v python3 >/dev/null 2>&1; then
  python3 - "$port" "$base" <<'PY' && pass "2000 idle connections, new client served" || fail "2000 idle connections"
import socket, sys, urllib.request
port, base = int(sys.argv[1]), sys.argv[2]
idle = []
for _ in range(2000):
    s = socket.create_connection(("127.0.0.1", port))
    idle.append(s)
with urllib.request.urlopen(base + "/healthz", timeout=30) as r:
    assert r.status == 200
for s in idle:
    s.close()
PY
fi

# An import by another process while the server runs becomes visible
# without a restart (the server refreshes its archive view).
cat >"$work/late.txt" <<'REC'
**December 1, 1956**  
**A Record Imported While the Server Runs**

**Citation:**

"A Record Imported While the Server Runs", December 1, 1956, Chancery test, fictional.  
<https://archive.example.org/document/987654>

**Summary:**

Fictional record for the web server's integration test.

Body text.
REC
status 404 "late record not there yet" "$base/document/987654"
docs_metric() { curl -s "$base/metrics" | awk '$1 == "chancery_index_documents" { print $2 }'; }
docs_before=$(docs_metric)
if "$bin" --archive "$work/archive" import "$work/late.txt" >"$work/late.log" 2>&1; then
  seen=""
  for _ in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base/document/987654")
    [[ $code == 200 ]] && { seen=1; break; }
    sleep 0.2
  done
  if [[ -n $seen ]]; then pass "concurrent import visible"; else fail "concurrent import never became visible"; fi
  # The workers count the records again when they refresh (each second).
  docs_after=""
  for _ in $(seq 1 50); do
    docs_after=$(docs_metric)
    [[ $docs_after == $((docs_before + 1)) ]] && break
    sleep 0.1
  done
  if [[ -n $docs_before && $docs_after == $((docs_before + 1)) ]]; then
    pass "metrics: index documents counts the late record ($docs_before -> $docs_after)"
  else
    fail "metrics: index documents went from '$docs_before' to '$docs_after', expected one more"
  fi
else
  fail "import while serving failed: $(cat "$work/late.log")"
fi

# Answers without a body carry no length over the wire: a conditional GET's
# 304 (its length would be the page's) and the API's CORS preflight (204).
doc_url=$(curl -s "$base/api/v1/search?q=the&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["url"])' 2>/dev/null || true)
if [[ -n $doc_url ]]; then
  etag=$(curl -s -D - -o /dev/null "$base$doc_url" | awk 'tolower($1) == "etag:" { print $2 }' | tr -d '\r')
  head304=$(curl -s -i -H "If-None-Match: $etag" "$base$doc_url" | tr -d '\r')
  if grep -q '^HTTP/1.1 304' <<<"$head304" && ! grep -qi '^content-length' <<<"$head304"; then
    pass "a 304 has no Content-Length"
  else
    fail "conditional GET: $(head -3 <<<"$head304")"
  fi
else
  fail "no document to ask conditionally"
fi

# Compressed answers (web/content_encoding.h): curl's own decoders give back
# the page exactly; each coding has its ETag, a 304 its own; HEAD says the
# compressed length; an image-free page of less than 1 KiB and an
# uncompressing client get the bytes as they are.
if [[ -n $doc_url ]]; then
  curl -s -o "$work/plain.html" "$base$doc_url"
  for coding in gzip zstd; do
    curl -s -D "$work/coded.head" -o "$work/coded.bin" -H "Accept-Encoding: $coding" "$base$doc_url"
    tr -d '\r' <"$work/coded.head" >"$work/coded.h"
    if ! grep -qi "^content-encoding: $coding\$" "$work/coded.h"; then
      fail "$coding: no Content-Encoding: $coding ($(grep -i '^content-' "$work/coded.h" | tr '\n' ' '))"
      continue
    fi
    case $coding in
      gzip) gzip -dc <"$work/coded.bin" >"$work/decoded.html" ;;
      zstd) python3 - "$work/coded.bin" "$work/decoded.html" <<'PY' || zstd -dc <"$work/coded.bin" >"$work/decoded.html"
import sys, ctypes, ctypes.util
lib = ctypes.CDLL(ctypes.util.find_library("zstd") or "libzstd.so.1")
data = open(sys.argv[1], "rb").read()
lib.ZSTD_getFrameContentSize.restype = ctypes.c_ulonglong
size = lib.ZSTD_getFrameContentSize(data, len(data))
out = ctypes.create_string_buffer(size)
lib.ZSTD_decompress.restype = ctypes.c_size_t
n = lib.ZSTD_decompress(out, size, data, len(data))
if n != size: sys.exit(1)
open(sys.argv[2], "wb").write(out.raw[:n])
PY
      ;;
    esac
    if cmp -s "$work/plain.html" "$work/decoded.html"; then
      pass "$coding: $(stat -c %s "$work/coded.bin") bytes decode to the page's $(stat -c %s "$work/plain.html")"
    else
      fail "$coding: the decoded body differs from the page"
    fi
    coded_etag=$(awk 'tolower($1) == "etag:" { print $2 }' "$work/coded.h")
    [[ $coded_etag != "$etag" && -n $coded_etag ]] || fail "$coding: ETag '$coded_etag', the page's is '$etag'"
    grep -qi '^vary: accept-encoding$' "$work/coded.h" || fail "$coding: no Vary: Accept-Encoding"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Accept-Encoding: $coding" -H "If-None-Match: $coded_etag" \
      "$base$doc_url")
    [[ $code == 304 ]] || fail "$coding: If-None-Match with its ETag gave $code"
    head_length=$(curl -s -I -H "Accept-Encoding: $coding" "$base$doc_url" | tr -d '\r' |
      awk 'tolower($1) == "content-length:" { print $2 }')
    [[ $head_length == "$(stat -c %s "$work/coded.bin")" ]] ||
      fail "$coding: HEAD's Content-Length $head_length, the body's $(stat -c %s "$work/coded.bin")"
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Accept-Encoding: gzip" -H "If-None-Match: $etag" "$base$doc_url")
  [[ $code == 200 ]] || fail "an uncompressed page's ETag matched the gzip page ($code)"
  curl -s -D "$work/plain.head" -o /dev/null -H "Accept-Encoding: identity" "$base$doc_url"
  if grep -qi '^content-encoding' "$work/plain.head"; then fail "Accept-Encoding: identity got a coding"; fi
  curl -s -D "$work/health.head" -o /dev/null -H "Accept-Encoding: gzip" "$base/healthz"
  if grep -qi '^content-encoding' "$work/health.head"; then fail "a 3-byte answer was compressed"; fi
fi

# A pasted address of a document (its page's URL here) finds that document,
# and the page says whose address it is.
if [[ -n $doc_url ]]; then
  doc_id=${doc_url#/document/}
  status 200 "search for a document's address" --get "$base/search" --data-urlencode "q=$base$doc_url"
  contains "the address's document is named" "$work/body" "id=\"addressed\">Your query names the document <a href=\"$doc_url\">"
  contains "the address finds one document" "$work/body" 'data-total="1"'
  status 200 "API search for a document's address" --get "$base/api/v1/search" --data-urlencode "q=$base$doc_url"
  contains "the API says the address" "$work/body" "\"addressed\":\"$doc_id\""
fi
preflight=$(curl -s -i -X OPTIONS -H "Origin: https://example.org" -H "Access-Control-Request-Method: GET" \
  "$base/api/v1/search?q=the" | tr -d '\r')
if grep -q '^HTTP/1.1 204' <<<"$preflight" && grep -qi '^access-control-allow-origin: \*' <<<"$preflight" &&
   ! grep -qi '^content-length\|^content-type' <<<"$preflight"; then
  pass "API CORS preflight: 204, any origin, no body headers"
else
  fail "API CORS preflight: $(head -4 <<<"$preflight")"
fi
status 200 "metrics" "$base/metrics"
contains "metrics: requests by route" "$work/body" 'chancery_http_requests_total{route="document",status="200"}'
contains "metrics: latency histogram" "$work/body" 'chancery_http_request_duration_seconds_bucket{le="+Inf"}'
contains "metrics: index documents" "$work/body" 'chancery_index_documents'
zstd_sent=$(awk '$1 == "chancery_http_compressed_responses_total{coding=\"zstd\"}" { print $2 }' "$work/body")
if [[ -n $zstd_sent && $zstd_sent -ge 1 ]]; then pass "metrics: compressed responses ($zstd_sent zstd)"
else fail "metrics: compressed zstd responses '$zstd_sent'"; fi
# The searches above reread their tables' roots: some blocks came from the
# reading thread's own slots (block_cache.cc).
# A sanitizer build has no block cache (block_cache.cc: ASan and TSan
# intercept pread themselves), so no such figures; every other build must.
thread_reads=$(awk '$1 == "chancery_index_block_reads_total{source=\"thread\"}" { print $2 }' "$work/body")
if grep -q libasan <<<"$(ldd "$bin" 2>/dev/null)"; then
  [[ -z $thread_reads ]] || fail "metrics: block reads in a sanitizer build, which has no block cache ('$thread_reads')"
  echo "note: AddressSanitizer build: no index block cache, so no block reads from the threads' slots to check"
elif [[ -n $thread_reads && $thread_reads -gt 0 ]]; then pass "metrics: block reads from the threads' slots ($thread_reads)"
else fail "metrics: no block reads from the threads' slots ('$thread_reads')"; fi

# Threads: named, the I/O thread under SCHED_BATCH (server.cc), the workers
# (--threads 2) under the normal policy.
io_policy="" worker_policies=""
for task in /proc/"$server_pid"/task/*; do
  name=$(cat "$task/comm" 2>/dev/null) || continue
  policy=$(chrt -p "${task##*/}" 2>/dev/null | sed -n 's/.*scheduling policy: //p')
  case $name in
    chancery-io) io_policy=$policy ;;
    chancery-w*) worker_policies+="$policy;" ;;
  esac
done
if [[ $io_policy == SCHED_BATCH ]]; then pass "I/O thread runs as SCHED_BATCH"; else fail "I/O thread policy: '$io_policy'"; fi
if [[ $worker_policies == "SCHED_OTHER;SCHED_OTHER;" ]]; then pass "two workers, normal policy"
else fail "workers' policies: '$worker_policies'"; fi
contains "access log" "$work/server.log" '"GET /healthz HTTP/1.1" 200'

# Graceful shutdown: SIGTERM ends the server with status 0.
kill -TERM "$server_pid"
if wait "$server_pid"; then pass "graceful shutdown"; else fail "server exit status after SIGTERM"; fi
server_pid=""

if ((failures > 0)); then
  echo "web_server: $failures check(s) failed; server log:"
  tail -20 "$work/server.log"
  exit 1
fi
echo "web_server: all checks passed"
