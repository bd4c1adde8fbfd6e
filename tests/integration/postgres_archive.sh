#!/usr/bin/env bash
# An archive whose records are in PostgreSQL: starts a private PostgreSQL
# server (initdb in a temporary folder, a unix socket there and no TCP port),
# creates the archive with `init --store`, imports examples/, the seed record
# and (where present) a FRUS volume, with a malformed file in the same run,
# then checks what a user sees: the bad file reported and absent, search,
# show, history after a changed file, names link, check, the reading room and
# OAI-PMH over the real server (a page changed while it serves; an editor's note
# and a restriction seen while it serves), a backup
# that restores as a self-contained archive, and a second archive in another
# schema of the same database kept apart from the first.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
command -v curl >/dev/null 2>&1 || skip "curl not found"
source "$(dirname "$0")/lib/postgres.bash"
server=""
stop_all() {
  if [[ -n $server ]]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  stop_postgres
  rm -rf "$WORK"
}
trap stop_all EXIT
start_postgres
uri=$(pg_store main)

# libpq lives in the PostgreSQL module: the binary does not load it by itself,
# and without the module an archive in PostgreSQL is refused, saying why.
if command -v ldd >/dev/null 2>&1; then
  grep -q libpq <<<"$(ldd "$CHANCERY_BIN")" && fail "the chancery binary links libpq: $(ldd "$CHANCERY_BIN" | grep libpq)"
fi
CHANCERY_POSTGRES_MODULE="$WORK/nowhere/chancery-postgres.so" expect_status 1 ch init --store "$uri" 2>"$WORK/err"
grep -q "archives in PostgreSQL need Chancery's module chancery-postgres.so, found in none of: $WORK/nowhere/" \
  "$WORK/err" || fail "a missing PostgreSQL module: $(cat "$WORK/err")"
[[ ! -e $ARCHIVE/store.location ]] || fail "init without the module left an archive"

ch init --store "$uri" >"$WORK/init.log" || fail "init --store"
grep -qF "records in $uri" "$WORK/init.log" || fail "init names the store"
[[ -f $ARCHIVE/store.location && ! -e $ARCHIVE/archive.db ]] || fail "the folder names the store and holds no SQLite file"
expect_status 1 ch init --store "$(pg_store other)" 2>/dev/null

sources=("$CHANCERY_SOURCE_DIR/examples" "$CHANCERY_SOURCE_DIR/tests/data/record-text/bad_no_title.txt")
[[ -f $SEED ]] && sources+=("$SEED")
volume=frus1958-60v08
[[ -f $CHANCERY_CORPUS_DIR/frus/$volume.xml ]] && sources+=("$CHANCERY_CORPUS_DIR/frus/$volume.xml") || volume=""
expect_status 1 ch import "${sources[@]}" >"$WORK/import.log" 2>&1
grep -q 'bad_no_title.txt' "$WORK/import.log" || { cat "$WORK/import.log"; fail "the bad file is reported"; }
records=$(stat records)
[[ $records -gt 0 ]] || fail "records imported"
grep -q '^ok' <<<"$(ch check)" || fail "check"
echo "postgres_archive: $records records in PostgreSQL"

if [[ -f $SEED ]]; then
  expect_hit "Epishev" 117079
  sed 's/A\. A\. Epishev\*\*/A. A. Epishev, revised**/' "$SEED" >"$WORK/seed-revised.txt"
  ch import "$WORK/seed-revised.txt" >/dev/null || fail "re-import of a changed file"
  [[ $(ch history 117079 | grep -c .) -ge 2 ]] || fail "history keeps both revisions"
  grep -q 'Epishev\*\*' <<<"$(ch show 117079 --revision 1)" || fail "revision 1 as imported"
fi
ch names link >/dev/null || fail "names link"

: >"$WORK/serve.log"
"$CHANCERY_BIN" --archive "$ARCHIVE" serve --listen 127.0.0.1:0 --threads 2 --quiet 2>"$WORK/serve.log" &
server=$!
http_port=$(server_port "$WORK/serve.log" "$server")
[[ -n $http_port ]] || { cat "$WORK/serve.log"; fail "the server did not start"; }
http="http://127.0.0.1:$http_port"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$http/search?q=harbour") == 200 ]] || fail "search page"
page() { curl -sf "$1" >"$WORK/page" && grep -q "$2" "$WORK/page"; }
page "$http/oai?verb=ListIdentifiers&metadataPrefix=oai_dc" '<header>' || fail "OAI-PMH"
if [[ -f $SEED ]]; then
  page "$http/document/117079" 'Epishev, revised' || fail "document page"
  sed 's/A\. A\. Epishev\*\*/A. A. Epishev, twice revised**/' "$SEED" >"$WORK/seed-twice.txt"
  ch import "$WORK/seed-twice.txt" >/dev/null || fail "import while serving"
  seen=""
  for _ in $(seq 1 30); do
    page "$http/document/117079" 'twice revised' && { seen=yes; break; }
    sleep 0.2
  done
  [[ -n $seen ]] || fail "a page changed while the server runs shows the change"
  # Editors' work on a PostgreSQL store: a correction shown and searched, a
  # restriction closing the record while the server runs, then lifted.
  ch annotate 117079 --note "Grosvenorite note" >/dev/null || fail "annotate"
  page "$http/document/117079" 'Grosvenorite note' || fail "the note on the page"
  expect_hit Grosvenorite 117079
  ch restrict 117079 --reason "Closed for review" >/dev/null || fail "restrict"
  [[ $(curl -s -o "$WORK/page" -w '%{http_code}' "$http/document/117079") == 403 ]] || fail "a closed page"
  grep -q 'Closed for review' "$WORK/page" || fail "the closed page gives the reason"
  grep -q '"total":0' <<<"$(curl -s "$http/api/v1/search?q=Grosvenorite")" || fail "search finds a closed record"
  ch unrestrict 117079 >/dev/null || fail "unrestrict"
  page "$http/document/117079" 'Grosvenorite note' || fail "the reopened page"
  # Withdrawn and brought back, in the PostgreSQL store's transactions.
  ch withdraw 117079 --reason "Withdrawn for review" >/dev/null || fail "withdraw"
  [[ $(curl -s -o "$WORK/page" -w '%{http_code}' "$http/document/117079") == 410 ]] || fail "a withdrawn page"
  grep -q 'Withdrawn for review' "$WORK/page" || fail "the withdrawn page gives the reason"
  grep -q '"total":0' <<<"$(curl -s "$http/api/v1/search?q=Grosvenorite")" || fail "search finds a withdrawn record"
  grep -q 'record      withdrawn 117079' <<<"$(ch log --kind record --limit 1)" || fail "log: $(ch log --limit 3)"
  ch reinstate 117079 >/dev/null || fail "reinstate"
  page "$http/document/117079" 'Grosvenorite note' || fail "the reinstated page"
  expect_hit Grosvenorite 117079
fi
if [[ -n $volume ]]; then
  page "$http/collection/$volume" '<ol' || fail "collection page"
  grep -q '<summary>Preface</summary>' "$WORK/page" || fail "the volume's preface is not on its page"
  # Its texts searched, from the PostgreSQL store: by the server and the command line.
  grep -q "\"collection\":\"$volume\"" <<<"$(curl -s "$http/api/v1/texts?q=%22Eisenhower+Library%22")" ||
    fail "the server's search of the volume's texts: $(curl -s "$http/api/v1/texts?q=%22Eisenhower+Library%22")"
  grep -q "^$volume#about-" <<<"$(ch search --texts '"Eisenhower Library"')" ||
    fail "search --texts: $(ch search --texts '"Eisenhower Library"')"
fi
kill -TERM "$server"
wait "$server" 2>/dev/null || true
server=""

ch backup "$WORK/backup" >/dev/null || fail "backup"
[[ -f $WORK/backup/archive.db ]] || fail "the backup is a SQLite store"
"$CHANCERY_BIN" --archive "$WORK/restored" restore "$WORK/backup" >/dev/null || fail "restore"
restored=$("$CHANCERY_BIN" --archive "$WORK/restored" stats | awk '$1 == "records" { print $2 }')
[[ $restored == "$records" ]] || fail "restored $restored records of $records"
grep -q '^ok' <<<"$("$CHANCERY_BIN" --archive "$WORK/restored" check)" || fail "check of the restored archive"

# A second archive in another schema of the same database sees none of the first.
"$CHANCERY_BIN" --archive "$WORK/second" init --store "$(pg_store second)" \
  >/dev/null || fail "second archive"
[[ $("$CHANCERY_BIN" --archive "$WORK/second" stats | awk '$1 == "records" { print $2 }') == 0 ]] ||
  fail "the second archive is empty"
# Crash safety with the records in PostgreSQL: imports SIGKILLed at moments
# spread over a clean import leave a consistent archive holding all of the
# file or none of it, and after a re-run the same archive as the clean one.
crash_volume=$CHANCERY_CORPUS_DIR/frus/frus1917-72PubDip.xml
if [[ -f $crash_volume ]]; then
  "$CHANCERY_BIN" --archive "$WORK/clean" init --store "$(pg_store clean)" >/dev/null || fail "clean archive"
  started=$(date +%s%3N)
  "$CHANCERY_BIN" --archive "$WORK/clean" import "$crash_volume" >/dev/null 2>&1 || fail "clean import"
  duration=$(( $(date +%s%3N) - started ))
  "$CHANCERY_BIN" --archive "$WORK/clean" export "$WORK/clean-export" --format json >/dev/null || fail "clean export"
  clean_records=$("$CHANCERY_BIN" --archive "$WORK/clean" stats | awk '$1 == "records" { print $2 }')
  killed=0
  for n in 1 2 3 4 5 6; do
    dir="$WORK/crash$n"
    "$CHANCERY_BIN" --archive "$dir" init --store "$(pg_store "crash$n")" >/dev/null || fail "crash archive $n"
    "$CHANCERY_BIN" --archive "$dir" import "$crash_volume" >/dev/null 2>&1 &
    victim=$!
    sleep "$(awk -v d="$duration" -v n="$n" 'BEGIN { printf "%.3f", d * n / 7 / 1000 }')"
    kill -KILL "$victim" 2>/dev/null || true
    status=0
    wait "$victim" 2>/dev/null || status=$?
    ((status == 137)) && killed=$((killed + 1))
    "$CHANCERY_BIN" --archive "$dir" check >"$WORK/check.log" 2>&1 || { cat "$WORK/check.log"; fail "check after kill $n"; }
    got=$("$CHANCERY_BIN" --archive "$dir" stats | awk '$1 == "records" { print $2 }')
    [[ $got == 0 || $got == "$clean_records" ]] || fail "kill $n: $got records, want 0 or $clean_records"
    "$CHANCERY_BIN" --archive "$dir" import "$crash_volume" >/dev/null 2>&1 || fail "re-import after kill $n"
    "$CHANCERY_BIN" --archive "$dir" export "$WORK/export$n" --format json >/dev/null || fail "export after kill $n"
    diff -r -q "$WORK/clean-export" "$WORK/export$n" >/dev/null || fail "kill $n: the archive differs from the clean one"
  done
  ((killed >= 3)) || fail "only $killed of 6 imports were killed before they finished"
  echo "postgres_archive: $killed of 6 imports killed mid-import, each consistent and equal to the clean one after a re-run"
fi
echo "postgres_archive: all checks passed"
