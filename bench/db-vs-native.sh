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
# and prints the figures (wall and client CPU time, user + sys of the tool and its children, by GNU time) with
# the Cairn / pg_dump ratios, the load average, and the growth of the repository on the unchanged backup. The database is dropped at the end (even on failure). See bench/README.md.
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

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
need /usr/bin/time time
for tool in pgbench pg_dump psql createdb dropdb; do need "$tool" "postgresql-client postgresql-contrib"; done
need python3 python3
psql -qAtc 'select 1' postgres >/dev/null || { echo "db-vs-native: no PostgreSQL at $PGHOST:$PGPORT" >&2; exit 1; }

make_workdir cairn-db-bench
db="cairn_bench_$(date +%s)_$$"
on_exit 'dropdb --if-exists --force "$db" 2>/dev/null'

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

timed() { # command… (stdout to /dev/null) → prints "wall_seconds cpu_seconds"
  /usr/bin/time -f '%e %U %S' -o "$workdir/time" "$@" >/dev/null
  python3 -c "import sys; e, u, s = map(float, open(sys.argv[1]).read().split()[-3:]); print(f'{e:.2f} {u + s:.2f}')" \
    "$workdir/time"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r t_plain c_plain < <(timed pg_dump "$db")
read -r t_custom c_custom < <(timed pg_dump -Fc -Z0 "$db")
dump_bytes=$(pg_dump -Fc -Z0 "$db" | wc -c)

export CAIRN_PASSWORD=bench-password
url="postgresql://$PGUSER@$PGHOST:$PGPORT/$db"
"$cairn" -r "$workdir/repo" init >/dev/null
"$cairn" -r "$workdir/repo2" init >/dev/null

run_backup() { # repo, extra args… → prints "seconds cpu_seconds data_added"
  local repo=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$workdir/time" "$cairn" -r "$repo" --json backup --db "$url" "$@" \
    >"$workdir/out"
  python3 - "$workdir/time" "$workdir/out" <<'PY'
import json, sys
e, u, s = map(float, open(sys.argv[1]).read().split()[-3:])
summary = next(json.loads(l) for l in open(sys.argv[2]) if '"message_type":"summary"' in l)
print(f"{e:.2f} {u + s:.2f} {summary['data_added']}")
PY
}

read -r t_first c_first added_first < <(run_backup "$workdir/repo")
read -r t_second c_second added_second < <(run_backup "$workdir/repo")
read -r t_dir c_dir added_dir < <(run_backup "$workdir/repo2" --db-format directory --db-jobs 2)
read -r t_dir2 c_dir2 added_dir2 < <(run_backup "$workdir/repo2" --db-format directory --db-jobs 2)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$scale" "$dump_bytes" "$load_before" "$load_after" "$t_plain" "$c_plain" "$t_custom" "$c_custom" \
  "$t_first" "$c_first" "$added_first" "$t_second" "$c_second" "$added_second" \
  "$t_dir" "$c_dir" "$added_dir" "$t_dir2" "$c_dir2" "$added_dir2" <<'PY'
import sys
scale, dump = int(sys.argv[1]), int(sys.argv[2])
load_before, load_after = sys.argv[3], sys.argv[4]
v = list(map(float, sys.argv[5:]))
mib = lambda b: f"{b / 2**20:,.1f} MiB"
print(f"\npgbench scale {scale}: pg_dump -Fc -Z0 output {mib(dump)}; load average {load_before} before, "
      f"{load_after} after\n")
rows = [
    ("pg_dump (plain) > /dev/null", v[0], v[1], None),
    ("pg_dump -Fc -Z0 > /dev/null", v[2], v[3], None),
    ("cairn backup --db (custom, first)", v[4], v[5], v[6]),
    ("cairn backup --db (custom, unchanged)", v[7], v[8], v[9]),
    ("cairn backup --db-format directory -j2 (first)", v[10], v[11], v[12]),
    ("cairn backup --db-format directory -j2 (unchanged)", v[13], v[14], v[15]),
]
plain, plain_cpu = v[0], max(v[1], 0.01)
print(f"{'step':52} {'wall s':>7} {'/ plain':>8} {'CPU s':>6} {'/ plain':>8} {'added':>12} {'added / dump':>13}")
for name, t, cpu, added in rows:
    add = "" if added is None else mib(added)
    share = "" if added is None else f"{100 * added / dump:.2f} %"
    print(f"{name:52} {t:7.2f} {t / plain:7.2f}x {cpu:6.2f} {cpu / plain_cpu:7.2f}x {add:>12} {share:>13}")
print("\nCPU is the client side only (the tool and its children: pg_dump, pg_restore); the PostgreSQL server's "
      "work is\nnot in it (the directory format's row counts add a scan of every table there; a custom archive's "
      "rows are\ncounted off the dump as it passes).")
PY
