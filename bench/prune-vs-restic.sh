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

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need /usr/bin/time time
need restic restic
make_workdir cairn-prune-bench
use_password_file
data=$workdir/data
base=$workdir/repo-base
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

bytes() { du -sb "$1" | awk '{ print $1 }'; }
before=$(bytes "$workdir/repo-cairn")
# ./cairn rebuilds when sources changed since the start: never inside the measured run.
"$cairn" version >"$logs/cairn-version.log" 2>&1 </dev/null
sync
log "cairn prune"
measure cairn prune "$cairn" -r "$workdir/repo-cairn" --password-file "$password_file" prune
sync
log "restic prune"
measure restic prune restic --cache-dir "$workdir/cache-restic" -r "$workdir/repo-restic" \
  --password-file "$password_file" prune
for tool in cairn restic; do
  result[$tool.prune.freed]=$(( before - $(bytes "$workdir/repo-$tool") ))
done
log "checking both pruned repositories with both tools"
for repo in cairn restic; do
  restic --no-cache -r "$workdir/repo-$repo" --password-file "$password_file" check >"$logs/check-$repo-restic.log" 2>&1 \
    || { echo "restic check of the $repo-pruned repository failed: $logs/check-$repo-restic.log" >&2; exit 1; }
  "$cairn" -r "$workdir/repo-$repo" --password-file "$password_file" check >"$logs/check-$repo-cairn.log" 2>&1 \
    || { echo "cairn check of the $repo-pruned repository failed: $logs/check-$repo-cairn.log" >&2; exit 1; }
done

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
echo
echo "Repository: $snapshots snapshots of a ${size_mb} MB tree changing ${percent}% per snapshot, half forgotten;" \
  "$(mb "$before") MB before prune; $(nproc) cores"
echo "restic: $(restic version | sed -n 1p)"
row() { printf '| %-22s | %10s | %10s | %14s |\n' "$1" "$2" "$3" "$4"; }
row metric cairn restic "cairn/restic"
printf '|%s|%s|%s|%s|\n' "------------------------" "------------" "------------" "----------------"
for metric in "prune wall time (s):time" "prune CPU user+sys (s):cpu" "peak RSS (MB):rss"; do
  key=${metric##*:}
  row "${metric%:*}" "$(value cairn.prune.$key)" "$(value restic.prune.$key)" \
    "$(ratio "$(value cairn.prune.$key)" "$(value restic.prune.$key)")"
done
row "load average after" "$(value cairn.prune.load)" "$(value restic.prune.load)" ""
row "space freed (MB)" "$(mb "${result[cairn.prune.freed]}")" "$(mb "${result[restic.prune.freed]}")" \
  "$(ratio "${result[cairn.prune.freed]}" "${result[restic.prune.freed]}")"
echo "Both pruned repositories pass 'restic check' and 'cairn check'."
if $keep; then echo "Kept: $workdir (logs in $logs)"; fi
