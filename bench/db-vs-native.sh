#!/usr/bin/env bash
# Cairn's PostgreSQL backup against plain pg_dump, on a pgbench database.
#
#   bench/db-vs-native.sh [--scale N] [--workdir DIR] [--keep]
#
# Creates a throw-away database with `pgbench -i -s N` (default 50, about 750 MB of data) on the server in
# PGHOST/PGPORT (default 127.0.0.1:5432, user postgres), then times:
#   pg_dump (plain) > /dev/null, pg_dump -Fc -Z0 > /dev/null (what Cairn runs),
#   cairn backup --db (first, into an empty repository), cairn backup --db again (nothing changed),
#   cairn backup --db --db-format directory --db-jobs 2 (first, into a second repository),
# and prints the figures with the Cairn / pg_dump ratios and the growth of the repository on the unchanged
# backup. The database is dropped at the end (even on failure). See bench/README.md.
set -euo pipefail

scale=50
workdir=""
keep=false
while (( $# > 0 )); do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "db-vs-native: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cairn=$root/cairn
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
for tool in pgbench pg_dump psql createdb dropdb python3; do
  command -v "$tool" >/dev/null || { echo "db-vs-native: $tool is missing (apt-get install postgresql-client" \
    "postgresql-contrib python3)" >&2; exit 1; }
done
psql -qAtc 'select 1' postgres >/dev/null || { echo "db-vs-native: no PostgreSQL at $PGHOST:$PGPORT" >&2; exit 1; }

workdir=${workdir:-$(mktemp -d "${TMPDIR:-/tmp}/cairn-db-bench.XXXXXX")}
mkdir -p "$workdir"
db="cairn_bench_$(date +%s)_$$"
cleanup() {
  dropdb --if-exists --force "$db" 2>/dev/null || true
  if [[ $keep == false ]]; then rm -rf "$workdir"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

echo "== pgbench -i -s $scale into $db (workdir $workdir)"
createdb "$db"
t0=$(now); pgbench -i -q -s "$scale" "$db" >/dev/null 2>&1; t_init=$(elapsed "$t0" "$(now)")
size=$(psql -qAtc "select pg_database_size('$db')" "$db")
echo "   created in ${t_init}s, database size $((size / 1024 / 1024)) MiB"
psql -qAtc 'checkpoint' "$db" >/dev/null

# warm the cache the same way for every tool: one untimed dump first
pg_dump -Fc -Z0 "$db" >/dev/null

t0=$(now); pg_dump "$db" >/dev/null; t_plain=$(elapsed "$t0" "$(now)")
t0=$(now); pg_dump -Fc -Z0 "$db" >/dev/null; t_custom=$(elapsed "$t0" "$(now)")
dump_bytes=$(pg_dump -Fc -Z0 "$db" | wc -c)

export CAIRN_PASSWORD=bench-password
url="postgresql://$PGUSER@$PGHOST:$PGPORT/$db"
"$cairn" -r "$workdir/repo" init >/dev/null
"$cairn" -r "$workdir/repo2" init >/dev/null

run_backup() { # repo, extra args… → prints "seconds data_added"
  local repo=$1; shift
  local t0 out
  t0=$(now)
  out=$("$cairn" -r "$repo" --json backup --db "$url" "$@" | grep '"message_type":"summary"')
  local t=$(elapsed "$t0" "$(now)")
  echo "$t $(python3 -c "import json,sys; print(json.loads(sys.argv[1])['data_added'])" "$out")"
}

read -r t_first added_first < <(run_backup "$workdir/repo")
read -r t_second added_second < <(run_backup "$workdir/repo")
read -r t_dir added_dir < <(run_backup "$workdir/repo2" --db-format directory --db-jobs 2)
read -r t_dir2 added_dir2 < <(run_backup "$workdir/repo2" --db-format directory --db-jobs 2)

python3 - "$scale" "$dump_bytes" "$t_plain" "$t_custom" "$t_first" "$added_first" "$t_second" "$added_second" \
  "$t_dir" "$added_dir" "$t_dir2" "$added_dir2" <<'PY'
import sys
scale, dump = int(sys.argv[1]), int(sys.argv[2])
plain, custom, first, a1, second, a2, d1, ad1, d2, ad2 = map(float, sys.argv[3:13])
mib = lambda b: f"{b / 2**20:,.1f} MiB"
print(f"\npgbench scale {scale}: pg_dump -Fc -Z0 output {mib(dump)}\n")
rows = [
    ("pg_dump (plain) > /dev/null", plain, None),
    ("pg_dump -Fc -Z0 > /dev/null", custom, None),
    ("cairn backup --db (custom, first)", first, a1),
    ("cairn backup --db (custom, unchanged)", second, a2),
    ("cairn backup --db-format directory -j2 (first)", d1, ad1),
    ("cairn backup --db-format directory -j2 (unchanged)", d2, ad2),
]
print(f"{'step':52} {'seconds':>8} {'/ pg_dump plain':>16} {'added':>12} {'added / dump':>13}")
for name, t, added in rows:
    ratio = f"{t / plain:.2f}x"
    add = "" if added is None else mib(added)
    share = "" if added is None else f"{100 * added / dump:.2f} %"
    print(f"{name:52} {t:8.2f} {ratio:>16} {add:>12} {share:>13}")
PY
