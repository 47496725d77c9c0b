#!/usr/bin/env bash
# Cairn's PostgreSQL restore against plain pg_restore -j N into an empty database, on a pgbench database.
#
#   bench/db-restore-vs-native.sh [--scale N] [--jobs N] [--runs N] [--workdir DIR] [--keep]
#
# Creates a throw-away database with `pgbench -i -s N` (default 50, the issue's size) on the server in
# PGHOST/PGPORT (default 127.0.0.1:5432, user postgres), backs it up with `cairn backup --db` and writes the same
# custom-format dump (pg_dump -Fc -Z0) to a file, warms the cache with one untimed native restore, then times
# (the first and third steps --runs times, default 3, alternately; the median run is printed):
#   createdb + pg_restore -j N from the file into the new, empty database (the baseline; the dump already on
#     local disk),
#   cairn restore --target DIR (only reading the dump out of the repository, for the breakdown),
#   cairn restore --db-target into a database that does not exist yet: like with like, a new empty target
#     (read + load + SHA-256 and row-count verification + rename),
#   cairn restore --db-target over that live database, with the pre_restore snapshot (the safe live restore:
#     the same plus the snapshot of the live database and keeping the previous state).
# Each Cairn restore's steps come from its --verbose log ("read and load", "row count verification",
# "pre_restore snapshot", "switch"). Printed: wall seconds, CPU seconds of the tool's process tree (user + sys,
# GNU time) and of the PostgreSQL server (bench/server-cpu.py, needs read access to its /proc entries: run as
# root or postgres), ratios to pg_restore, the 1-minute load average. Every database it made is dropped at the
# end (even on failure).
set -euo pipefail

scale=50
jobs=2
runs=3
workdir=""
keep=false
while (( $# > 0 )); do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "db-restore-vs-native: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
for tool in pgbench pg_dump pg_restore psql createdb dropdb; do need "$tool" "postgresql-client postgresql-contrib"; done
need python3 python3
need /usr/bin/time time
psql -qAtc 'select 1' postgres >/dev/null || { echo "db-restore-vs-native: no PostgreSQL at $PGHOST:$PGPORT" >&2
  exit 1; }

make_workdir cairn-dbr-bench
db="cairn_rbench_$(date +%s)_$$"
drop_bench_databases() {
  for d in $(psql -qAtc "select datname from pg_database where datname like '${db}%'" postgres); do
    dropdb --if-exists --force "$d" 2>/dev/null || true
  done
}
on_exit drop_bench_databases
timed() { timed_server postgres "$@"; }

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
: > "$workdir/times"

target="postgresql://$PGUSER@$PGHOST:$PGPORT/${db}_cairn"
for run in $(seq "$runs"); do
  dropdb --if-exists --force "${db}_native"; dropdb --if-exists --force "${db}_cairn"
  psql -qAtc 'checkpoint' postgres >/dev/null
  timed "createdb + pg_restore -j$jobs (dump on local disk)" bash -c 'createdb "$1" && pg_restore -j "$2" -d "$1" "$3"' \
    _ "${db}_native" "$jobs" "$workdir/dump"
  psql -qAtc 'checkpoint' postgres >/dev/null
  timed "cairn restore --db-target (new, empty database)" bash -c '"$1" -r "$2" restore latest --db-target "$3" \
    --db-jobs "$4" --no-pre-restore --verbose > "$5" 2>&1' _ "$cairn" "$workdir/repo" "$target" "$jobs" \
    "$workdir/r1.$run.log"
done
timed "cairn restore --target DIR (read the dump only)" bash -c '"$1" -r "$2" restore latest --target "$3" >/dev/null' \
  _ "$cairn" "$workdir/repo" "$workdir/files"
rm -rf "$workdir/files"
timed "cairn restore --db-target (over it, with pre_restore)" bash -c '"$1" -r "$2" restore latest \
  --db-target "$3" --db-jobs "$4" --verbose > "$5" 2>&1' _ "$cairn" "$workdir/repo" "$target" "$jobs" \
  "$workdir/r2.log"

python3 - "$scale" "$jobs" "$runs" "$dump_bytes" "$workdir" <<'PY'
import re, statistics, sys
scale, jobs, runs, dump, work = *map(int, sys.argv[1:5]), sys.argv[5]
rows = [l.rstrip("\n").split("|") for l in open(f"{work}/times")]
def steps(name):
    return ", ".join(f"{m.group(1)} {float(m.group(2)):.2f} s"
                     for m in re.finditer(r"^(.*) took ([0-9.]+) s$", open(f"{work}/{name}").read(), re.M))
native, cairn = rows[0:2 * runs:2], rows[1:2 * runs:2]
print(f"\npgbench scale {scale}: custom-format dump {dump / 2**20:,.1f} MiB, {jobs} restore jobs, {runs} runs\n")
print("every run (wall s, tool CPU s, server CPU s, load):")
for i, (n, c) in enumerate(zip(native, cairn)):
    print(f"  run {i + 1}: pg_restore {n[1]} / {n[2]} / {n[3]} / {n[4]}   cairn {c[1]} / {c[2]} / {c[3]} / {c[4]}"
          f"   wall ratio {float(c[1]) / float(n[1]):.2f}x")
median = lambda rs: sorted(rs, key=lambda r: float(r[1]))[len(rs) // 2]
table = [median(native), median(cairn)] + rows[2 * runs:]
base = table[0]
bw, bt = float(base[1]), float(base[2]) + float(base[3])
print(f"\n{'step (median run for the first two)':55} {'wall s':>7} {'ratio':>7} {'tool CPU':>8} {'server CPU':>10} "
      f"{'total ratio':>11} {'load':>5}")
for label, wall, cpu, scpu, load in table:
    wall, cpu, scpu = float(wall), float(cpu), float(scpu)
    print(f"{label:55} {wall:7.2f} {wall / bw:6.2f}x {cpu:8.2f} {scpu:10.2f} {(cpu + scpu) / bt:10.2f}x {load:>5}")
print(f"\nnew database ({runs} runs): " + " | ".join(steps(f"r1.{i + 1}.log") for i in range(runs)))
print(f"over it: {steps('r2.log')}")
print("(server CPU: PostgreSQL's processes during the step, including any other client's work at the time)")
PY
