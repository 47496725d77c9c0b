#!/usr/bin/env bash
# Prune with Cairn and with restic on identical copies of one repository, and print time, peak RSS and the space
# freed side by side.
#
#   bench/prune-vs-restic.sh [--size-mb N] [--snapshots N] [--percent P] [--workdir DIR] [--keep]
#
# One repository (made by restic, format v2) gets N snapshots (default 30) of a generated media tree
# (bench/gen-tree.py media, default 2000 MB) that changes by P% (default 2) between snapshots (gen-tree.py
# mutate); restic forget --keep-last N/2 removes half. The repository is copied twice (cp -a) and each copy is
# pruned by one tool with the defaults (--max-unused 5%), then checked by both tools. See bench/README.md.
set -euo pipefail

size_mb=2000
snapshots=30
percent=2
workdir=""
keep=false
while (( $# > 0 )); do
  case "$1" in
    --size-mb) size_mb=$2; shift 2 ;;
    --snapshots) snapshots=$2; shift 2 ;;
    --percent) percent=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "prune-vs-restic: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gen=$root/bench/gen-tree.py
cairn=$root/cairn
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is missing: apt-get install time" >&2; exit 1; }
command -v restic >/dev/null || { echo "restic is not installed (apt-get install restic)." >&2; exit 1; }

if [[ -z "$workdir" ]]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/cairn-prune-bench.XXXXXX")
else
  mkdir -p "$workdir"
  [[ -z "$(ls -A "$workdir")" ]] || { echo "--workdir $workdir is not empty." >&2; exit 2; }
fi
workdir=$(cd -P "$workdir" && pwd)
if ! $keep; then trap 'rm -rf "$workdir"' EXIT; fi

unset RESTIC_REPOSITORY RESTIC_REPOSITORY_FILE RESTIC_PASSWORD RESTIC_PASSWORD_FILE RESTIC_PASSWORD_COMMAND
unset CAIRN_REPOSITORY CAIRN_PASSWORD CAIRN_PASSWORD_FILE CAIRN_PASSWORD_COMMAND
password_file=$workdir/password
echo "benchmark-password" >"$password_file"
data=$workdir/data
logs=$workdir/logs
base=$workdir/repo-base
mkdir -p "$logs"
log() { echo "== $*" >&2; }
restic_base() { restic --cache-dir "$workdir/cache-base" -r "$base" --password-file "$password_file" "$@"; }

log "building cairn"
"$cairn" version >"$logs/cairn-version.log" 2>&1 </dev/null || { cat "$logs/cairn-version.log" >&2; exit 1; }
log "generating a ${size_mb} MB media tree"
python3 "$gen" media "$data" --size-mb "$size_mb" --seed 1 >"$logs/gen.log"
restic_base init --repository-version 2 >"$logs/init.log"
for (( i = 1; i <= snapshots; i++ )); do
  log "snapshot $i of $snapshots"
  restic_base backup --host bench "$data" >"$logs/backup-$i.log" 2>&1
  python3 "$gen" mutate "$data" --percent "$percent" --seed "$i" >>"$logs/gen.log"
done
restic_base forget --keep-last $(( snapshots - snapshots / 2 )) >"$logs/forget.log"

for tool in cairn restic; do
  cp -a "$base" "$workdir/repo-$tool"
done
cp -a "$workdir/cache-base" "$workdir/cache-restic"

# measure TOOL CMD...: wall seconds, CPU seconds (user + sys), peak RSS (MB) and the load average before the run.
declare -A result
measure() {
  local tool=$1
  shift
  result[$tool.load]=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %M %U %S' -o "$logs/$tool-prune.time" -- "$@" </dev/null >"$logs/$tool-prune.log" 2>&1 || {
    echo "$tool prune failed; see $logs/$tool-prune.log" >&2; tail -5 "$logs/$tool-prune.log" >&2; exit 1; }
  read -r seconds kilobytes user sys < <(tail -1 "$logs/$tool-prune.time")
  result[$tool.time]=$seconds
  result[$tool.cpu]=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  result[$tool.rss]=$(awk -v k="$kilobytes" 'BEGIN { printf "%.0f", k / 1024 }')
}
bytes() { du -sb "$1" | awk '{ print $1 }'; }
before=$(bytes "$workdir/repo-cairn")
# ./cairn rebuilds when sources changed since the start: never inside the measured run.
"$cairn" version >"$logs/cairn-version.log" 2>&1 </dev/null
sync
log "cairn prune"
measure cairn "$cairn" -r "$workdir/repo-cairn" --password-file "$password_file" prune
sync
log "restic prune"
measure restic restic --cache-dir "$workdir/cache-restic" -r "$workdir/repo-restic" --password-file "$password_file" prune
for tool in cairn restic; do
  result[$tool.freed]=$(( before - $(bytes "$workdir/repo-$tool") ))
done
log "checking both pruned repositories with both tools"
for repo in cairn restic; do
  restic --no-cache -r "$workdir/repo-$repo" --password-file "$password_file" check >"$logs/check-$repo-restic.log" 2>&1 \
    || { echo "restic check of the $repo-pruned repository failed: $logs/check-$repo-restic.log" >&2; exit 1; }
  "$cairn" -r "$workdir/repo-$repo" --password-file "$password_file" check >"$logs/check-$repo-cairn.log" 2>&1 \
    || { echo "cairn check of the $repo-pruned repository failed: $logs/check-$repo-cairn.log" >&2; exit 1; }
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) { print "n/a"; exit } printf "%.2f", a / b }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
echo
echo "Repository: $snapshots snapshots of a ${size_mb} MB tree changing ${percent}% per snapshot, half forgotten;" \
  "$(mb "$before") MB before prune; $(nproc) cores"
echo "restic: $(restic version | head -1)"
printf '| %-22s | %10s | %10s | %14s |\n' metric cairn restic "cairn/restic"
printf '|%s|%s|%s|%s|\n' "------------------------" "------------" "------------" "----------------"
printf '| %-22s | %10s | %10s | %14s |\n' "prune wall time (s)" "${result[cairn.time]}" "${result[restic.time]}" \
  "$(ratio "${result[cairn.time]}" "${result[restic.time]}")"
printf '| %-22s | %10s | %10s | %14s |\n' "prune CPU user+sys (s)" "${result[cairn.cpu]}" "${result[restic.cpu]}" \
  "$(ratio "${result[cairn.cpu]}" "${result[restic.cpu]}")"
printf '| %-22s | %10s | %10s | %14s |\n' "load average before" "${result[cairn.load]}" "${result[restic.load]}" ""
printf '| %-22s | %10s | %10s | %14s |\n' "peak RSS (MB)" "${result[cairn.rss]}" "${result[restic.rss]}" \
  "$(ratio "${result[cairn.rss]}" "${result[restic.rss]}")"
printf '| %-22s | %10s | %10s | %14s |\n' "space freed (MB)" "$(mb "${result[cairn.freed]}")" \
  "$(mb "${result[restic.freed]}")" "$(ratio "${result[cairn.freed]}" "${result[restic.freed]}")"
echo "Both pruned repositories pass 'restic check' and 'cairn check'. Logs: $logs"
