# Sourced by scripts/test: start a throwaway PostgreSQL (Debian's server) on a free loopback
# port, stop and delete it on exit. Sets PGHOST, PGPORT, PGUSER, PGDATABASE.
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$(mktemp -d /tmp/actionplan-pgdata.XXXXXX)
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=app
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PGPORT
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDATA"
  pg() { runuser -u postgres -- "$@"; }
else
  pg() { "$@"; }
fi
pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-sync >/dev/null
pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start \
  -o "-k $PGDATA -p $PGPORT -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
stop_postgres() {
  pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap stop_postgres EXIT
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres app
