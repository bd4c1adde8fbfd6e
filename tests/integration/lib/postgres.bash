# A private PostgreSQL server for an integration test (sourced after
# common.bash): initdb in $WORK/pg, a unix socket there and no TCP port.
#   start_postgres            starts it (skips the test where PostgreSQL's programs are absent)
#   pg_store SCHEMA           the store URI of an archive in that schema of database chancery
#   stop_postgres             stops it (call it from the test's EXIT trap)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
pg="$WORK/pg"
pg_port=$((20000 + RANDOM % 20000))
pg_as_owner=()

start_postgres() {
  [[ -n $pg_bin && -x $pg_bin/initdb ]] || skip "PostgreSQL's server programs are absent (scripts/install-deps installs them)"
  mkdir -p "$pg"
  if [[ $(id -u) -eq 0 ]]; then
    chmod 755 "$WORK"
    chown postgres: "$pg"
    pg_as_owner=(runuser -u postgres --)
  fi
  "${pg_as_owner[@]}" "$pg_bin/initdb" -D "$pg/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$pg/initdb.log" 2>&1 ||
    { cat "$pg/initdb.log"; fail "initdb"; }
  "${pg_as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$pg' -p $pg_port" start >/dev/null || fail "PostgreSQL did not start"
  "${pg_as_owner[@]}" "$pg_bin/psql" -q -h "$pg" -p "$pg_port" -U postgres -d postgres -c 'CREATE DATABASE chancery' ||
    fail "createdb"
}

pg_store() { echo "postgresql:///chancery?host=$pg&port=$pg_port&user=postgres&schema=$1"; }

stop_postgres() {
  [[ -d $pg/data ]] || return 0
  "${pg_as_owner[@]}" "$pg_bin/pg_ctl" -D "$pg/data" -m immediate -w stop >/dev/null 2>&1 || true
}
