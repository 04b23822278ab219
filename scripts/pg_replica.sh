#!/usr/bin/env bash
# A real PostgreSQL streaming replica of the local test cluster, for the replica tests (issue #11 item 5):
#   bash scripts/pg_replica.sh start   → prints the replica's URL (postgres://postgres@127.0.0.1:5433/postgres)
#   bash scripts/pg_replica.sh stop
# It makes a second cluster with `pg_basebackup -R` (standby.signal + primary_conninfo) in SUIJI_REPLICA_DIR
# (default /tmp/suiji-replica) and starts it on SUIJI_REPLICA_PORT (default 5433). The primary must accept replication
# connections from 127.0.0.1: when its pg_hba.conf has no replication line, one `trust` line for 127.0.0.1 is added
# and the configuration reloaded (the test machine's primary already trusts 127.0.0.1 for every database).
# Runs as root (the clusters run as the postgres user) or as postgres. Messages go to stderr; stdout is the URL.
set -euo pipefail
action="${1:-start}"
primary="${SUIJI_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
dir="${SUIJI_REPLICA_DIR:-/tmp/suiji-replica}"
port="${SUIJI_REPLICA_PORT:-5433}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bindir" ] || { echo "找不到 PostgreSQL 的程序目录（/usr/lib/postgresql/*/bin）" >&2; exit 1; }

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
  else echo "启动只读副本须以 root 或 postgres 用户运行（当前为 $(id -un)）；或自行准备副本并设置 SUIJI_TEST_REPLICA_URL" >&2; exit 1
  fi
}

psql_primary() { "$bindir/psql" "$primary" -v ON_ERROR_STOP=1 -Atqc "$1"; }

url() { echo "postgres://postgres@127.0.0.1:$port/postgres"; }

case "$action" in
  stop)
    if [ -f "$dir/postmaster.pid" ]; then as_postgres "$bindir/pg_ctl" -D "$dir" -m fast -w stop >&2 || true; fi
    rm -rf "$dir"
    exit 0 ;;
  start) ;;
  *) echo "用法：$0 start|stop" >&2; exit 2 ;;
esac

if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && [ "$("$bindir/psql" "$(url)" -Atqc 'select pg_is_in_recovery()' 2>/dev/null)" = t ]; then
  url; exit 0
fi

hba="$(psql_primary 'show hba_file')"
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]' "$hba"; then
  echo "主库 $hba 没有复制连接的规则：加入 host replication all 127.0.0.1/32 trust" >&2
  echo 'host replication all 127.0.0.1/32 trust' >> "$hba"
  psql_primary 'select pg_reload_conf()' > /dev/null
fi

# A hot standby needs these at least as large as on the primary.
settings=""
for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
  settings+="$name = $(psql_primary "show $name")"$'\n'
done

if [ -f "$dir/postmaster.pid" ]; then as_postgres "$bindir/pg_ctl" -D "$dir" -m immediate -w stop >&2 || true; fi
rm -rf "$dir"
mkdir -p "$dir"
chown postgres:postgres "$dir" 2>/dev/null || true
chmod 700 "$dir"
as_postgres "$bindir/pg_basebackup" -d "$primary" -D "$dir" -R -X stream -c fast >&2
cat > "$dir/postgresql.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
$settings
EOF
cat > "$dir/pg_hba.conf" <<'EOF'
local all all trust
host all all 127.0.0.1/32 trust
EOF
chown postgres:postgres "$dir/postgresql.conf" "$dir/pg_hba.conf" 2>/dev/null || true
as_postgres "$bindir/pg_ctl" -D "$dir" -l "$dir/replica.log" -w -t 60 start >&2
for _ in $(seq 1 60); do
  [ "$("$bindir/psql" "$(url)" -Atqc 'select pg_is_in_recovery()' 2>/dev/null)" = t ] && { url; exit 0; }
  sleep 0.5
done
echo "只读副本没有就绪，日志：$dir/replica.log" >&2
tail -n 20 "$dir/replica.log" >&2 || true
exit 1
