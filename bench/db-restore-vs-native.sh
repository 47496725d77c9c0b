#!/usr/bin/env bash
# Cairn's PostgreSQL restore against plain pg_restore -j2, on a pgbench database.
#
#   bench/db-restore-vs-native.sh [--scale N] [--jobs N] [--workdir DIR] [--keep]
#
# Creates a throw-away database with `pgbench -i -s N` (default 10) on the server in PGHOST/PGPORT (default
# 127.0.0.1:5432, user postgres), backs it up with `cairn backup --db` and writes the same custom-format dump
# (pg_dump -Fc -Z0) to a file, then times:
#   createdb + pg_restore -j N from the file (the baseline: the dump already on local disk),
#   cairn restore --target (only reading the dump out of the repository, for the breakdown),
#   cairn restore --db-target into a database that does not exist yet (read + SHA-256 check + pg_restore -j N
#     + row-count verification + rename),
#   cairn restore --db-target over that live database (the same plus keeping the previous state; no
#     pre_restore snapshot, which is a backup and timed by db-vs-native.sh),
# and prints the ratios to pg_restore. Every database is dropped at the end (even on failure).
set -euo pipefail

scale=10
jobs=2
workdir=""
keep=false
while (( $# > 0 )); do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "db-restore-vs-native: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cairn=$root/cairn
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
for tool in pgbench pg_dump pg_restore psql createdb dropdb python3; do
  command -v "$tool" >/dev/null || { echo "db-restore-vs-native: $tool is missing (apt-get install" \
    "postgresql-client postgresql-contrib python3)" >&2; exit 1; }
done
psql -qAtc 'select 1' postgres >/dev/null || { echo "db-restore-vs-native: no PostgreSQL at $PGHOST:$PGPORT" >&2
  exit 1; }

workdir=${workdir:-$(mktemp -d "${TMPDIR:-/tmp}/cairn-dbr-bench.XXXXXX")}
mkdir -p "$workdir"
db="cairn_rbench_$(date +%s)_$$"
cleanup() {
  for d in $(psql -qAtc "select datname from pg_database where datname like '${db}%'" postgres); do
    dropdb --if-exists --force "$d" 2>/dev/null || true
  done
  if [[ $keep == false ]]; then rm -rf "$workdir"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

echo "== pgbench -i -s $scale into $db (workdir $workdir)"
createdb "$db"
pgbench -i -q -s "$scale" "$db" >/dev/null 2>&1
size=$(psql -qAtc "select pg_database_size('$db')" "$db")
echo "   database size $((size / 1024 / 1024)) MiB"

export CAIRN_PASSWORD=bench-password
"$cairn" -r "$workdir/repo" init >/dev/null
"$cairn" -r "$workdir/repo" backup --db "postgresql://$PGUSER@$PGHOST:$PGPORT/$db" >/dev/null
pg_dump -Fc -Z0 -f "$workdir/dump" "$db"
dump_bytes=$(stat -c %s "$workdir/dump")

# warm the caches the same way for both: one untimed native restore first
createdb "${db}_warm"; pg_restore -j "$jobs" -d "${db}_warm" "$workdir/dump"; dropdb --force "${db}_warm"

t0=$(now); createdb "${db}_native"; pg_restore -j "$jobs" -d "${db}_native" "$workdir/dump"
t_native=$(elapsed "$t0" "$(now)")
t0=$(now); "$cairn" -r "$workdir/repo" restore latest --target "$workdir/files" >/dev/null
t_read=$(elapsed "$t0" "$(now)")
target="postgresql://$PGUSER@$PGHOST:$PGPORT/${db}_cairn"
t0=$(now); "$cairn" -r "$workdir/repo" restore latest --db-target "$target" --db-jobs "$jobs" --no-pre-restore \
  >/dev/null
t_new=$(elapsed "$t0" "$(now)")
t0=$(now); "$cairn" -r "$workdir/repo" restore latest --db-target "$target" --db-jobs "$jobs" --no-pre-restore \
  >/dev/null
t_live=$(elapsed "$t0" "$(now)")

python3 - "$scale" "$jobs" "$dump_bytes" "$t_native" "$t_read" "$t_new" "$t_live" <<'PY'
import sys
scale, jobs, dump = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
native, read, new, live = map(float, sys.argv[4:8])
print(f"\npgbench scale {scale}: custom-format dump {dump / 2**20:,.1f} MiB, {jobs} restore jobs\n")
print(f"{'step':60} {'seconds':>8} {'/ pg_restore':>13}")
for name, t in [(f"createdb + pg_restore -j{jobs} (dump on local disk)", native),
                ("cairn restore --target DIR (read the dump only)", read),
                ("cairn restore --db-target (new database)", new),
                ("cairn restore --db-target (over the live database)", live)]:
    print(f"{name:60} {t:8.2f} {t / native:12.2f}x")
PY
