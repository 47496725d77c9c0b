#!/usr/bin/env bash
# Backup and restore of one generated tree to a loopback S3 server (S3Proxy 4.1.0, filesystem store), through
# Cairn (./cairn) and restic in the same run, with the same connection count; prints a ratio table.
#
#   bench/s3-vs-restic.sh [--size-mb N] [--connections N] [--workdir DIR] [--keep]
#
# Steps, per tool, each on its own bucket: init; backup (full); restore latest and compare with the tree;
# check --read-data. Wall time and peak RSS from GNU time. Targets (issue 5): Cairn <= 0.6x restic's wall time for
# backup and restore. See bench/README.md.
set -euo pipefail

size_mb=200
connections=5
workdir=""
keep=false
while (( $# > 0 )); do
  case "$1" in
    --size-mb) size_mb=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "s3-vs-restic: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need restic restic
need /usr/bin/time time
make_workdir cairn-s3-bench
data=$workdir/data
mkdir -p "$workdir/s3"

# ---- the S3 server ----
# shellcheck source=scripts/java-home.sh
source "$root/scripts/java-home.sh"
java_home=$(cairn_find_java_home) || { echo "$CAIRN_NO_JDK_MESSAGE" >&2; exit 1; }
s3proxy_jar=$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar
if [[ ! -f "$s3proxy_jar" ]]; then
  echo "Fetching S3Proxy 4.1.0 from Maven Central…" >&2
  (cd "$root" && JAVA_HOME=$java_home ./mvnw -B -q dependency:get \
    -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies) >&2
fi
port=$(free_port)
cat >"$workdir/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access-key
s3proxy.credential=bench-secret-key
jclouds.provider=filesystem
jclouds.filesystem.basedir=$workdir/s3
EOF
"$java_home/bin/java" -jar "$s3proxy_jar" --properties "$workdir/s3proxy.properties" >"$logs/s3proxy.log" 2>&1 &
s3proxy_pid=$!
on_exit 'kill "$s3proxy_pid" 2>/dev/null; wait "$s3proxy_pid" 2>/dev/null'
wait_for_port "$port"

# Credentials for both tools; nothing else from the caller's environment. AWS_CA_BUNDLE (set on some machines)
# makes restic fail to start its S3 client, and plain HTTP on loopback needs no CA anyway.
use_password_file
unset AWS_CA_BUNDLE AWS_PROFILE AWS_SESSION_TOKEN
export AWS_ACCESS_KEY_ID=bench-access-key AWS_SECRET_ACCESS_KEY=bench-secret-key AWS_DEFAULT_REGION=us-east-1

run_tool() {
  local tool=$1 step=$2
  local -a cmd
  case "$tool" in
    restic) cmd=(restic --cache-dir "$workdir/restic-cache") ;;
    cairn) cmd=("$cairn") ;;
  esac
  cmd+=(-r "s3:http://127.0.0.1:$port/bench-$tool/repo" --password-file "$password_file"
    -o "s3.connections=$connections")
  case "$step" in
    init)
      if [[ $tool == restic ]]; then measure "$tool" init "${cmd[@]}" init --repository-version 2
      else measure "$tool" init "${cmd[@]}" init; fi ;;
    backup) measure "$tool" backup "${cmd[@]}" backup "$data" ;;
    restore)
      local target=$workdir/restore-$tool
      if measure "$tool" restore "${cmd[@]}" restore latest --target "$target"; then
        compare_restore "$tool" "$target"
      fi
      rm -rf "$target" ;;
    check) measure "$tool" check "${cmd[@]}" check --read-data ;;
  esac
}

log "building Cairn"
"$cairn" version >"$logs/cairn-version.log" 2>&1 </dev/null
log "generating a ${size_mb} MB media tree"
python3 "$gen" media "$data" --size-mb "$size_mb" --seed 1
data_files=$(find "$data" -type f | wc -l)
data_mb=$(mb_of "$data")

# Alternate the tools step by step so neither gets a systematically warmer page cache.
for step in init backup restore check; do
  for tool in cairn restic; do log "$tool $step"; run_tool "$tool" "$step" || true; done
done

# ---- report ----
row() { printf '| %-32s | %9s | %9s | %6s |\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

echo
echo "Data: $data_files files, $data_mb MB; $(nproc) cores; S3Proxy 4.1.0 (filesystem) on 127.0.0.1:$port;" \
  "s3.connections=$connections for both"
echo "restic: $(restic version | sed -n 1p)"
echo "cairn:  $(head -1 "$logs/cairn-version.log")"
echo "Ratio = cairn / restic (target for backup and restore time: <= 0.60)."
echo
printf '| %-32s | %9s | %9s | %6s |\n' metric cairn restic ratio
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..34})" "$(printf -- '-%.0s' {1..11})" \
  "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..8})"
row "init time (s)" "$(value cairn.init.time)" "$(value restic.init.time)"
row "backup time (s)" "$(value cairn.backup.time)" "$(value restic.backup.time)"
row "backup CPU user+sys (s)" "$(value cairn.backup.cpu)" "$(value restic.backup.cpu)"
row "backup throughput (MB/s)" "$(throughput cairn.backup.time "$data_mb")" \
  "$(throughput restic.backup.time "$data_mb")"
row "backup peak RSS (MB)" "$(value cairn.backup.rss)" "$(value restic.backup.rss)"
row "restore time (s)" "$(value cairn.restore.time)" "$(value restic.restore.time)"
row "restore CPU user+sys (s)" "$(value cairn.restore.cpu)" "$(value restic.restore.cpu)"
row "restore throughput (MB/s)" "$(throughput cairn.restore.time "$data_mb")" \
  "$(throughput restic.restore.time "$data_mb")"
row "restore peak RSS (MB)" "$(value cairn.restore.rss)" "$(value restic.restore.rss)"
row "restore identical to source" "$(value cairn.identical)" "$(value restic.identical)"
row "check --read-data time (s)" "$(value cairn.check.time)" "$(value restic.check.time)"
row "load (1 min) after backup" "$(value cairn.backup.load)" "$(value restic.backup.load)"
row "load (1 min) after restore" "$(value cairn.restore.load)" "$(value restic.restore.load)"
if $keep; then echo; echo "Kept: $workdir (logs in $logs)"; fi
