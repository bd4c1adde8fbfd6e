# Shared setup for the integration tests (sourced, not run: CMake runs tests/integration/*.sh).
# Environment: CHANCERY_BIN (the binary), CHANCERY_SOURCE_DIR, CHANCERY_CORPUS_DIR.
# Exit status 77 means skipped; the reason is printed.
set -euo pipefail

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ -n "${CHANCERY_BIN:-}" && -x "${CHANCERY_BIN}" ]] || skip "CHANCERY_BIN is not set to the built chancery binary"
CHANCERY_SOURCE_DIR=${CHANCERY_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
CHANCERY_CORPUS_DIR=${CHANCERY_CORPUS_DIR:-$CHANCERY_SOURCE_DIR/../shared/corpus}
SEED="$CHANCERY_CORPUS_DIR/seed/000_d9aa3093ddf865fe.txt"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chancery-it.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ARCHIVE="$WORK/archive"
unset CHANCERY_ARCHIVE

# chancery with the test's archive.
ch() { "$CHANCERY_BIN" --archive "$ARCHIVE" "$@"; }

need_seed() { [[ -f "$SEED" ]] || skip "the corpus seed record is absent ($SEED)"; }

# Runs a command that must fail with exit status $1: expect_status 1 ch import x
expect_status() {
  local want=$1; shift
  local got=0
  "$@" || got=$?
  [[ $got -eq $want ]] || fail "expected exit status $want, got $got: $*"
}

# Asserts that `ch search QUERY --json` lists record $2 among its hits.
expect_hit() {
  local query=$1 id=$2
  local out
  out=$(ch search "$query" --json --limit 50)
  echo "$out" | python3 -c '
import json, sys
data = json.load(sys.stdin)
want = sys.argv[1]
ids = [h["id"] for h in data["hits"]]
sys.exit(0 if want in ids else 1)' "$id" || fail "search '$query' does not return $id: $out"
}

# The text of a file without its leading and trailing blank lines.
trim_blank_lines() {
  python3 -c '
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
while lines and lines[0].strip() == "": lines.pop(0)
while lines and lines[-1].strip() == "": lines.pop()
sys.stdout.write("\n".join(lines) + "\n")' "$1"
}

# One number from `chancery stats`: stat records
stat() { ch stats | awk -v k="$1" '$1 == k { print $NF }'; }

# A TCP port of 127.0.0.1 for a server that cannot be given port 0 (Xapian's
# replication server): below the kernel's range for ports it hands out
# (32768 on), so no client socket and no server on port 0 of a test running
# beside this one takes it, and with nothing listening on it now.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  fail "no free port of 127.0.0.1 found in 20000-31999"
}

# The port that `chancery serve --listen 127.0.0.1:0`, started in the
# background as PID with its stderr in LOG, reports; waits up to 30 s while
# PID runs and prints "" when no port appeared. Create LOG before starting the
# server, so that reading it cannot race its creation.
server_port() {
  local log=$1 pid=$2 port=""
  for _ in $(seq 1 300); do
    port=$(sed -n 's#.*serving http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$log" | head -1)
    [[ -n $port ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$port"
}

# Starts `chancery serve` on a free port of 127.0.0.1 over $ARCHIVE, with any
# further serve options; sets `server` (its pid, stopped on exit) and `base`
# ("http://127.0.0.1:PORT"). Its stderr goes to $WORK/server.log. Call it
# directly, not in $(...): the server must be this shell's child.
start_server() {
  : >"$WORK/server.log"
  "$CHANCERY_BIN" --archive "$ARCHIVE" serve --listen 127.0.0.1:0 --threads 2 --quiet "$@" 2>"$WORK/server.log" &
  server=$!
  trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT
  local port
  port=$(server_port "$WORK/server.log" "$server")
  [[ -n $port ]] || fail "the server did not start: $(cat "$WORK/server.log")"
  base="http://127.0.0.1:$port"
}

# api QUERY KEY...: a value of the server's search API answer for QUERY (100
# hits), walking KEYs (an object's key, a list's index); "" for none or null.
# Needs start_server.
api() {
  local query=$1; shift
  curl -sf --get "$base/api/v1/search" --data-urlencode "q=$query" --data-urlencode "limit=100" |
    python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1:]:
    value = None if value is None else value[int(key)] if isinstance(value, list) else value.get(key)
print("" if value is None else value)' "$@"
}
