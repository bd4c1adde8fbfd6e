#!/usr/bin/env bash
# Hostile input end to end: every file of tests/data/hostile/ and a few big ones
# generated here (a 10 MB title, a 100 MB line, 100,000 nested elements, 100,000
# attributes, deeply nested JSON) is imported into a fresh archive under
# `timeout`. Each is either rejected with "error: FILE:LINE..." and nothing
# stored, or stored so that `show`, `check` and both exports work. No output,
# export or stored byte may contain a local file's content (external entities
# name /etc/passwd), and the reading room must render the markup-laden records
# as text (served on 127.0.0.1, stopped by the trap).
source "$(dirname "$0")/lib/common.bash"

HOSTILE="$CHANCERY_SOURCE_DIR/tests/data/hostile"
[[ -d $HOSTILE ]] || fail "no $HOSTILE"
LIMIT=${HOSTILE_TIMEOUT:-300}   # seconds one command may take before it counts as a hang
GEN="$WORK/generated"
mkdir -p "$GEN"
# repeat TEXT COUNT: TEXT COUNT times, no separator (no `yes | head`: SIGPIPE under pipefail).
repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

failures=0
bad() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# A marker of /etc/passwd that no record here contains.
PASSWD_MARK=""
if [[ -r /etc/passwd ]]; then PASSWD_MARK=$(head -1 /etc/passwd | cut -d: -f1-4); fi
[[ -n $PASSWD_MARK ]] || PASSWD_MARK="root:x:0:0"

# file -> "reject LINE" (LINE "-": an error about the whole file, naming no line)
# or "accept RECORD-ID"
declare -A expect=(
  [bom_only.txt]="reject 1"
  [control_bell.txt]="reject 1"
  [control_del.txt]="reject 3"
  [control_escape.txt]="reject 1"
  [control_nul.txt]="reject 3"
  [control_vt_ff.txt]="reject 3"
  [empty.json]="reject 1"
  [empty.txt]="reject 1"
  [empty.xml]="reject 1"
  [json_invalid_utf8.json]="reject 1"
  [json_traversal_id.json]="reject -"
  [malformed.xml]="reject 5"
  [newlines_only.txt]="reject 1"
  [not_tei.xml]="reject 2"
  [tei_control_chars.xml]="reject 3"
  [utf16_bom.txt]="reject 1"
  [utf8_continuation.txt]="reject 3"
  [utf8_ff.txt]="reject 3"
  [utf8_overlong.txt]="reject 1"
  [utf8_surrogate.txt]="reject 3"
  [utf8_truncated.txt]="reject 3"
  [whitespace_only.json]="reject 1"
  [whitespace_only.txt]="reject 1"
  [whitespace_only.xml]="reject 1"
  [billion_laughs.xml]="accept hostile-laughs/d1"
  [control_c1.txt]="accept 990005"
  [crlf_and_tab.txt]="accept 990004"
  [javascript_link.txt]="accept javascript-link"
  [json_script.json]="accept hostile-json-1"
  [parameter_entities.xml]="accept hostile-pe/d1"
  [rtl_override.txt]="accept 990003"
  [script_tags.txt]="accept 990001"
  [tei_invalid_utf8.xml]="accept hostile-bad-utf8/d1"
  [tei_script.xml]="accept hostile-tei-script/d1"
  [xinclude.xml]="accept hostile-xinclude/d1"
  [xxe_file.xml]="accept hostile-xxe-file/d1"
  [xxe_http.xml]="accept hostile-xxe-http/d1"
)

# ---- generated big and deep inputs ------------------------------------------
# 10 MB title on one line (record-text): over the line limit.
{ printf '**'; head -c 10485760 /dev/zero | tr '\0' 'A'; printf '**\n\nBody.\n'; } >"$GEN/title_10mb.txt"
expect[title_10mb.txt]="reject 1"
# 100 MB line: over the file limit.
{ printf '**Title**\n\n'; head -c 104857600 /dev/zero | tr '\0' 'b'; printf '\n'; } >"$GEN/line_100mb.txt"
expect[line_100mb.txt]="reject -"   # a file-level error: no line
# 10 MB title of words in TEI: refused, as its record-text export could not be read back.
{
  printf '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="hostile-big-title"><text><body>\n'
  printf '<div type="document" xml:id="d1" n="1"><head>1. '
  repeat 'Budapest telegram ' 582542
  printf '</head><p>Body.</p></div></body></text></TEI>\n'
} >"$GEN/title_10mb.xml"
expect[title_10mb.xml]="reject -"
# A 10 MB title that is one word.
{
  printf '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="hostile-big-word"><text><body>\n'
  printf '<div type="document" xml:id="d1" n="1"><head>1. '
  head -c 10485760 /dev/zero | tr '\0' 'x'
  printf '</head><p>Body.</p></div></body></text></TEI>\n'
} >"$GEN/word_10mb.xml"
expect[word_10mb.xml]="reject -"
# 100,000 nested elements inside a document.
{
  printf '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="hostile-deep"><text><body>\n'
  printf '<div type="document" xml:id="d1" n="1"><head>1. Deep</head>\n<p>'
  repeat '<hi>' 100000
  printf 'deep'
  repeat '</hi>' 100000
  printf '</p></div></body></text></TEI>\n'
} >"$GEN/nested_100k.xml"
expect[nested_100k.xml]="reject 3"
# 100,000 nested divisions (the volume structure, not inline markup).
{
  printf '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="hostile-deep-div"><text><body>\n'
  repeat '<div type="chapter">' 100000
  repeat '</div>' 100000
  printf '</body></text></TEI>\n'
} >"$GEN/nested_divs_100k.xml"
expect[nested_divs_100k.xml]="reject 2"
# One element with 100,000 attributes.
{
  printf '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="hostile-attrs"><text><body>\n'
  printf '<div type="document" xml:id="d1" n="1"><head>1. Attributes</head>\n<p'
  seq 1 100000 | sed 's/.*/ a&="&"/' | tr -d '\n'
  printf '>Many attributes.</p></div></body></text></TEI>\n'
} >"$GEN/attributes_100k.xml"
expect[attributes_100k.xml]="accept hostile-attrs/d1"
# Deeply nested JSON: arrays in a title, objects as a record.
{
  printf '{"chancery_export": 1, "records": [{"id": "hostile-deep-json", "title": '
  repeat '[' 100000
  repeat ']' 100000
  printf '}]}\n'
} >"$GEN/nested_arrays.json"
expect[nested_arrays.json]="reject -"   # JSON field errors name the entry, not a line
{
  printf '{"chancery_export": 1, "records": ['
  repeat '{"a":' 100000
  printf '1'
  repeat '}' 100000
  printf ']}\n'
} >"$GEN/nested_objects.json"
expect[nested_objects.json]="reject -"

# ---- import each file on its own ---------------------------------------------
ch init >/dev/null
files=()
for f in "$HOSTILE"/* "$GEN"/*; do
  [[ $(basename "$f") == README.md ]] && continue
  files+=("$f")
done
accepted=()
for f in "${files[@]}"; do
  name=$(basename "$f")
  if [[ -z ${expect[$name]:-} ]]; then
    bad "$name: no expectation in the test's table"
    continue
  fi
  read -r what arg <<<"${expect[$name]}"
  before=$(stat records)
  status=0
  timeout "$LIMIT" "$CHANCERY_BIN" --archive "$ARCHIVE" import "$f" >"$WORK/out" 2>"$WORK/err" || status=$?
  if [[ $status -eq 124 ]]; then
    bad "$name: import did not finish within ${LIMIT}s"
    continue
  fi
  if [[ $status -gt 1 ]]; then
    bad "$name: import exited $status (crash?): $(head -c 500 "$WORK/err")"
    continue
  fi
  if grep -qF -- "$PASSWD_MARK" "$WORK/out" "$WORK/err"; then bad "$name: import output shows /etc/passwd"; fi
  if [[ $what == reject ]]; then
    # "error: PATH:LINE: message" or "error: PATH:LINE:COLUMN: message" ("error: PATH: message")
    where=":$arg(:[0-9]+)?"
    [[ $arg == - ]] && where=""
    if [[ $status -ne 1 ]]; then
      bad "$name: expected a rejection, import exited $status: $(tail -2 "$WORK/out")"
    elif ! grep -qE "^error: $(printf '%s' "$f" | sed 's/[][\.*^$/]/\\&/g')$where: .{8,}" "$WORK/err"; then
      bad "$name: no 'error: $f:$arg: ...' line: $(head -c 500 "$WORK/err")"
    elif [[ $(stat records) -ne $before ]]; then
      bad "$name: rejected, yet the record count changed"
    else
      ok "$name rejected: $(head -c 160 "$WORK/err" | head -1 | sed "s#^error: $GEN/##; s#^error: $HOSTILE/##")"
    fi
  else
    if [[ $status -ne 0 ]]; then
      bad "$name: expected it stored, import exited $status: $(head -c 500 "$WORK/err")"
      continue
    fi
    accepted+=("$arg")
    if ! timeout "$LIMIT" "$CHANCERY_BIN" --archive "$ARCHIVE" show "$arg" >"$WORK/show" 2>"$WORK/show.err"; then
      bad "$name: show $arg failed: $(head -c 300 "$WORK/show.err")"
    elif ! iconv -f UTF-8 -t UTF-8 "$WORK/show" >/dev/null 2>&1; then
      bad "$name: show $arg prints invalid UTF-8"
    elif LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' "$WORK/show"; then
      bad "$name: show $arg prints control characters"
    elif grep -qF -- "$PASSWD_MARK" "$WORK/show"; then
      bad "$name: show $arg shows /etc/passwd"
    else
      ok "$name stored as $arg"
    fi
  fi
done

# Entities are never expanded: neither the billion laughs nor the external ones.
ch show hostile-laughs/d1 >"$WORK/laughs" 2>&1 || true
if grep -q 'lollollol' "$WORK/laughs"; then bad "billion laughs: entities were expanded"; fi
if ch show hostile-xxe-file/d1 >"$WORK/xxe" 2>&1 && grep -qF '&xxe;' "$WORK/xxe"; then
  ok "external entity left as literal text"
else
  bad "xxe_file: the entity reference should stay literal: $(head -c 300 "$WORK/xxe")"
fi

# ---- the archive as a whole ---------------------------------------------------
if timeout "$LIMIT" "$CHANCERY_BIN" --archive "$ARCHIVE" check >"$WORK/check" 2>&1; then
  ok "check: $(head -1 "$WORK/check")"
else
  bad "check failed: $(head -c 500 "$WORK/check")"
fi
for format in record-text json; do
  if timeout "$LIMIT" "$CHANCERY_BIN" --archive "$ARCHIVE" export --format "$format" "$WORK/export-$format" >"$WORK/export.out" 2>&1; then
    ok "export --format $format: $(head -1 "$WORK/export.out")"
  else
    bad "export --format $format failed: $(head -c 500 "$WORK/export.out")"
  fi
done
# Nothing written outside the export folders, nothing of /etc/passwd anywhere.
if grep -rqF -- "$PASSWD_MARK" "$WORK/export-record-text" "$WORK/export-json" "$ARCHIVE" 2>/dev/null; then
  bad "a local file's content reached the archive or an export"
else
  ok "no local file content in the archive or the exports"
fi
if [[ -e $WORK/etc || -e $WORK/export-json/../etc ]]; then bad "an export wrote outside its folder"; fi
# The record-text export reads back: importing it into a new archive works.
if [[ -d $WORK/export-record-text ]]; then
  status=0
  timeout "$LIMIT" "$CHANCERY_BIN" --archive "$WORK/reimport" init >/dev/null 2>&1
  timeout "$LIMIT" "$CHANCERY_BIN" --archive "$WORK/reimport" import "$WORK/export-record-text" >"$WORK/re.out" 2>&1 || status=$?
  if [[ $status -eq 0 ]]; then ok "record-text export imports again"; else bad "re-importing the export failed: $(head -c 500 "$WORK/re.out")"; fi
fi

# ---- the reading room renders markup as text -----------------------------------
if ! command -v curl >/dev/null 2>&1; then
  echo "note: curl not found, the web checks are not run"
else
  # The log exists before the server starts: sed below must not race its creation.
  : >"$WORK/server.log"
  "$CHANCERY_BIN" --archive "$ARCHIVE" serve --listen 127.0.0.1:0 --threads 2 --quiet 2>"$WORK/server.log" &
  server_pid=$!
  port=$(server_port "$WORK/server.log" "$server_pid")
  if [[ -z $port ]]; then
    bad "the server did not start: $(head -c 500 "$WORK/server.log")"
  else
    base="http://127.0.0.1:$port"
    pages=(/document/990001 /document/hostile-tei-script/d1 /document/hostile-json-1 /document/javascript-link
      /document/990003 /document/990005 /collection/hostile-tei-script "/search?q=script" "/search?q=%3Cscript%3Ealert(1)%3C/script%3E"
      "/timeline")
    for page in "${pages[@]}"; do
      code=$(curl -s -o "$WORK/page" -w '%{http_code}' --max-time 60 "$base$page")
      if [[ $code != 200 ]]; then bad "GET $page: status $code"; continue; fi
      if grep -qiF '<script>alert' "$WORK/page"; then
        bad "GET $page: an unescaped <script>alert in the page"
      elif grep -qiE '<(img|svg|iframe)[^>]*(onerror|onload|src="javascript)' "$WORK/page"; then
        bad "GET $page: an unescaped element with a script handler"
      elif grep -qiE 'href="\s*javascript:' "$WORK/page"; then
        bad "GET $page: a javascript: link"
      else
        ok "GET $page renders the markup as text"
      fi
    done
    if grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' <(curl -s --max-time 60 "$base/document/990001"); then
      ok "the script-tag title is shown, escaped"
    else
      bad "the script-tag record's page does not show its title escaped"
    fi
    code=$(curl -s -o "$WORK/api" -D "$WORK/api.headers" -w '%{http_code}' --max-time 60 "$base/api/v1/documents/990001")
    if [[ $code == 200 ]] && grep -qi '^content-type: application/json' "$WORK/api.headers"; then
      ok "API document is JSON"
    else
      bad "API document: status $code, $(grep -i '^content-type' "$WORK/api.headers")"
    fi
    kill -0 "$server_pid" 2>/dev/null || bad "the server died"
  fi
fi

echo "hostile_inputs: ${#files[@]} inputs, ${#accepted[@]} stored, $failures failures"
[[ $failures -eq 0 ]] || exit 1
echo PASS
