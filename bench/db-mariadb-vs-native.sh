#!/usr/bin/env bash
# Cairn's MariaDB backup and restore against mariadb-dump and the mariadb client, on a pgbench-like database.
#
#   bench/db-mariadb-vs-native.sh [--scale N] [--workdir DIR] [--keep]
#
# Creates a throw-away InnoDB database with pgbench's four tables at scale N (default 20: N × 100,000 accounts
# with an 84-character hex filler, about 11 MiB of SQL dump per unit of scale; pgbench's own blank filler would
# shrink to nothing, MariaDB strips trailing blanks of CHAR columns) on the server in MYSQL_HOST/MYSQL_TCP_PORT (default 127.0.0.1:3306,
# user root), then in one run, after one untimed warm-up dump:
#   backup:  mariadb-dump with the options Cairn uses > /dev/null, then cairn backup --db (first, into an empty
#            repository) and again with nothing changed (bytes added / dump size);
#   restore: CREATE DATABASE + mariadb < dump.sql from a local file (the baseline), then cairn restore --db-target
#            into a database that does not exist yet (read + load + verify + rename; the breakdown is taken from
#            --verbose), and over it (live switch keeping the previous state, pre_restore snapshot included and
#            timed separately).
# Every figure: wall seconds, CPU seconds of the tool's process tree (user + sys, GNU time) and of mariadbd during
# the step (bench/server-cpu.py; needs root or the mysql user), ratios to the native tool, and the 1-minute load
# average. Every database is dropped at the end.
set -euo pipefail

scale=20
workdir=""
keep=false
while (( $# > 0 )); do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "db-mariadb-vs-native: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
host=${MYSQL_HOST:-127.0.0.1}
port=${MYSQL_TCP_PORT:-3306}
user=${MYSQL_USER:-root}
for tool in mariadb mariadb-dump; do need "$tool" mariadb-client; done
need python3 python3
need /usr/bin/time time
client=(mariadb --protocol=TCP --host="$host" --port="$port" --user="$user" --default-character-set=utf8mb4
  --max-allowed-packet=1G --batch --silent)
"${client[@]}" -e 'select 1' >/dev/null || { echo "db-mariadb-vs-native: no MariaDB at $host:$port" >&2; exit 1; }

make_workdir cairn-mdb-bench
db="cairn_mbench_$(date +%s)_$$"
drop_bench_databases() {
  for d in $("${client[@]}" -e "select schema_name from information_schema.schemata where schema_name like '${db}%'"); do
    "${client[@]}" -e "drop database if exists \`$d\`" || true
  done
}
on_exit drop_bench_databases
timed() { timed_server mariadbd "$@"; }

echo "== scale $scale (pgbench's tables, $((scale * 100000)) accounts) into $db (workdir $workdir)"
"${client[@]}" -e "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4"
"${client[@]}" --database="$db" <<SQL
CREATE TABLE pgbench_branches (bid INT NOT NULL PRIMARY KEY, bbalance INT, filler CHAR(88)) ENGINE=InnoDB;
CREATE TABLE pgbench_tellers (tid INT NOT NULL PRIMARY KEY, bid INT, tbalance INT, filler CHAR(84)) ENGINE=InnoDB;
CREATE TABLE pgbench_accounts (aid INT NOT NULL PRIMARY KEY, bid INT, abalance INT, filler CHAR(84))
  ENGINE=InnoDB;
CREATE TABLE pgbench_history (tid INT, bid INT, aid INT, delta INT, mtime DATETIME, filler CHAR(22))
  ENGINE=InnoDB;
INSERT INTO pgbench_branches SELECT seq, 0, NULL FROM seq_1_to_${scale};
INSERT INTO pgbench_tellers SELECT seq, (seq - 1) DIV 10 + 1, 0, NULL FROM seq_1_to_$((scale * 10));
INSERT INTO pgbench_accounts SELECT seq, (seq - 1) DIV 100000 + 1, 0,
  LEFT(CONCAT(MD5(seq), MD5(seq * 7), MD5(seq * 13)), 84) FROM seq_1_to_$((scale * 100000));
SQL
dump_opts=(--protocol=TCP --host="$host" --port="$port" --user="$user" --single-transaction --routines --triggers
  --events --hex-blob --skip-dump-date --default-character-set=utf8mb4 --max-allowed-packet=1G)
mariadb-dump "${dump_opts[@]}" "$db" > "$workdir/dump.sql" # warms the cache; the restore baseline's input
dump_bytes=$(stat -c %s "$workdir/dump.sql")
echo "   dump $((dump_bytes / 1024 / 1024)) MiB"

export CAIRN_PASSWORD=bench-password
url="mariadb://$user@$host:$port/$db"
"$cairn" -r "$workdir/repo" init >/dev/null
: > "$workdir/times"

timed "mariadb-dump > /dev/null" sh -c 'mariadb-dump "$@" > /dev/null' sh "${dump_opts[@]}" "$db"
timed "cairn backup --db (first)" sh -c '"$0" -r "$1" --json backup --db "$2" > "$3"' "$cairn" "$workdir/repo" \
  "$url" "$workdir/b1.json"
timed "cairn backup --db (unchanged)" sh -c '"$0" -r "$1" --json backup --db "$2" > "$3"' "$cairn" \
  "$workdir/repo" "$url" "$workdir/b2.json"

timed "CREATE DATABASE + mariadb < dump.sql" bash -c 'db=$1 dump=$2; shift 2
  "$@" -e "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4" && "$@" --database="$db" < "$dump"' _ "${db}_native" \
  "$workdir/dump.sql" "${client[@]}"
target="mariadb://$user@$host:$port/${db}_cairn"
timed "cairn restore --db-target (new database)" sh -c '"$0" -r "$1" restore latest --db-target "$2" \
  --no-pre-restore --verbose > "$3" 2>&1' "$cairn" "$workdir/repo" "$target" "$workdir/r1.log"
timed "cairn restore --db-target (over it, with pre_restore)" sh -c '"$0" -r "$1" restore latest \
  --db-target "$2" --verbose > "$3" 2>&1' "$cairn" "$workdir/repo" "$target" "$workdir/r2.log"

python3 - "$scale" "$dump_bytes" "$workdir" <<'PY'
import json, re, sys
scale, dump, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rows = [l.rstrip("\n").split("|") for l in open(f"{work}/times")]
def added(name):
    for line in open(f"{work}/{name}"):
        m = json.loads(line)
        if m.get("message_type") == "summary":
            return m["data_added"]
def steps(name):
    return ", ".join(f"{m.group(1)} {float(m.group(2)):.2f} s"
                     for m in re.finditer(r"^(.*) took ([0-9.]+) s$", open(f"{work}/{name}").read(), re.M))
print(f"\nMariaDB, pgbench-like tables at scale {scale}: mariadb-dump output {dump / 2**20:,.1f} MiB\n")
print(f"{'step':55} {'wall s':>7} {'ratio':>7} {'tool CPU':>8} {'server CPU':>10} {'total ratio':>11} {'load':>5}")
base = None
for i, (label, wall, cpu, scpu, load) in enumerate(rows):
    wall, cpu, scpu = float(wall), float(cpu), float(scpu)
    if i in (0, 3):
        base = (wall, cpu + scpu)
    print(f"{label:55} {wall:7.2f} {wall / base[0]:6.2f}x {cpu:8.2f} {scpu:10.2f} {(cpu + scpu) / base[1]:10.2f}x "
          f"{load:>5}")
a1, a2 = added("b1.json"), added("b2.json")
print(f"\nfirst backup added {a1 / 2**20:,.1f} MiB; the unchanged second backup added {a2 / 2**20:,.2f} MiB "
      f"({100 * a2 / dump:.3f} % of the dump)")
print(f"restore into a new database: {steps('r1.log')}")
print(f"restore over it:             {steps('r2.log')}")
print("(server CPU: mariadbd during the step, including any other client's work at the time)")
PY
