#!/usr/bin/env bash
# Runs the same backup workload through Cairn (./cairn) and restic and prints the figures side by side.
#
#   bench/backup-vs-restic.sh [--size-mb N | --small-files N] [--workdir DIR] [--keep] [--drop-caches]
#                             [--only cairn|restic]
#
# Steps, per tool, on one generated tree (bench/gen-tree.py): init; backup (full); backup again with nothing
# changed (unchanged re-backup); mutate the tree (gen-tree.py mutate, 2%); backup again (incremental, parent
# found automatically); restore latest and compare with the tree; check --read-data. Wall time and peak RSS come
# from GNU time (`time` package), repository size from du. See bench/README.md.
set -euo pipefail

size_mb=200
small_files=""
workdir=""
keep=false
drop_caches=false
only=""
while (( $# > 0 )); do
  case "$1" in
    --size-mb) size_mb=$2; shift 2 ;;
    --small-files) small_files=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --drop-caches) drop_caches=true; shift ;;
    --only) only=$2; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "backup-vs-restic: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_gnu_time
need restic restic
make_workdir cairn-bench
use_password_file
data=$workdir/data

# cairn_ready: true when ./cairn builds and has every command the benchmark uses.
cairn_ready() {
  if ! "$cairn" version >"$logs/cairn-version.log" 2>&1 </dev/null; then
    echo "cairn: './cairn version' failed (see $logs/cairn-version.log); showing restic's figures only." >&2
    return 1
  fi
  local command
  for command in init backup restore check; do
    # picocli answers `cairn unknown --help` with the top-level usage, so look for the subcommand's own.
    if ! "$cairn" "$command" --help 2>&1 </dev/null | sed -n 1p | grep -q "^Usage: cairn $command\b"; then
      echo "cairn: ./cairn has no '$command' command yet (the CLI does not implement it);" \
        "showing restic's figures only." >&2
      return 1
    fi
  done
}

run_tool() {
  local tool=$1 step=$2
  local repo=$workdir/repo-$tool
  local -a cmd
  case "$tool" in
    restic) cmd=(restic --cache-dir "$workdir/restic-cache") ;;
    cairn) cmd=("$cairn") ;;
  esac
  cmd+=(-r "$repo" --password-file "$password_file")
  case "$step" in
    init)
      if [[ $tool == restic ]]; then
        measure "$tool" init "${cmd[@]}" init --repository-version 2
      else
        measure "$tool" init "${cmd[@]}" init
      fi ;;
    backup1)
      measure "$tool" backup1 "${cmd[@]}" backup "$data" && result[$tool.repo1]=$(mb_of "$repo") ;;
    backup0)
      measure "$tool" backup0 "${cmd[@]}" backup "$data" && result[$tool.repo0]=$(mb_of "$repo") ;;
    backup2)
      measure "$tool" backup2 "${cmd[@]}" backup "$data" &&
        result[$tool.repo2]=$(mb_of "$repo") &&
        result[$tool.growth]=$(awk -v a="${result[$tool.repo2]}" -v b="${result[$tool.repo0]}" \
          'BEGIN { printf "%.1f", a - b }') ;;
    restore)
      local target=$workdir/restore-$tool
      if measure "$tool" restore "${cmd[@]}" restore latest --target "$target"; then
        compare_restore "$tool" "$target"
      fi
      rm -rf "$target" ;;
    check)
      measure "$tool" check "${cmd[@]}" check --read-data ;;
  esac
}

tools=(restic)
if [[ "$only" != restic ]] && cairn_ready; then tools=(cairn restic); fi
if [[ "$only" == cairn ]]; then tools=(cairn); fi

if [[ -n "$small_files" ]]; then
  log "generating $small_files small files"
  python3 "$gen" small-files "$data" --count "$small_files" --seed 1
else
  log "generating a ${size_mb} MB media tree"
  python3 "$gen" media "$data" --size-mb "$size_mb" --seed 1
fi
data_files=$(find "$data" -type f | wc -l)
data_mb=$(mb_of "$data")

for step in init backup1 backup0; do
  for tool in "${tools[@]}"; do log "$tool $step"; run_tool "$tool" "$step" || true; done
done
log "mutating 2% of the tree"
python3 "$gen" mutate "$data" --percent 2 --seed 2
data2_mb=$(mb_of "$data")
for step in backup2 restore check; do
  for tool in "${tools[@]}"; do log "$tool $step"; run_tool "$tool" "$step" || true; done
done

# ---- report ----
row() {
  local metric=$1 c=$2 r=$3 x
  x=$(ratio "$c" "$r")
  printf '| %-36s | %10s | %10s | %6s |\n' "$metric" "$c" "$r" "$x"
}

echo
echo "Data: $data_files files, $data_mb MB (after the 2% mutation: $data2_mb MB); $(nproc) cores"
echo "restic: $(restic version | sed -n 1p)"
echo "cairn:  $(grep -m1 '^cairn ' "$logs/cairn-version.log" 2>/dev/null || echo 'not available')"
echo "Ratio = cairn / restic (below 1 is better for Cairn, except throughput where above 1 is better)."
echo
printf '| %-36s | %10s | %10s | %6s |\n' metric cairn restic ratio
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..38})" "$(printf -- '-%.0s' {1..12})" \
  "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..8})"
row "init time (s)" "$(value cairn.init.time)" "$(value restic.init.time)"
row "full backup time (s)" "$(value cairn.backup1.time)" "$(value restic.backup1.time)"
row "full backup CPU time (s)" "$(value cairn.backup1.cpu)" "$(value restic.backup1.cpu)"
row "full backup throughput (MB/s)" "$(throughput cairn.backup1.time "$data_mb")" \
  "$(throughput restic.backup1.time "$data_mb")"
row "full backup peak RSS (MB)" "$(value cairn.backup1.rss)" "$(value restic.backup1.rss)"
row "repository size after full (MB)" "$(value cairn.repo1)" "$(value restic.repo1)"
row "unchanged re-backup time (s)" "$(value cairn.backup0.time)" "$(value restic.backup0.time)"
row "unchanged re-backup CPU time (s)" "$(value cairn.backup0.cpu)" "$(value restic.backup0.cpu)"
row "unchanged re-backup peak RSS (MB)" "$(value cairn.backup0.rss)" "$(value restic.backup0.rss)"
row "backup after 2% change time (s)" "$(value cairn.backup2.time)" "$(value restic.backup2.time)"
row "backup after 2% change CPU time (s)" "$(value cairn.backup2.cpu)" "$(value restic.backup2.cpu)"
row "backup after 2% change peak RSS (MB)" "$(value cairn.backup2.rss)" "$(value restic.backup2.rss)"
row "repository growth, 2% change (MB)" "$(value cairn.growth)" "$(value restic.growth)"
row "repository size, final (MB)" "$(value cairn.repo2)" "$(value restic.repo2)"
row "restore time (s)" "$(value cairn.restore.time)" "$(value restic.restore.time)"
row "restore CPU time (s)" "$(value cairn.restore.cpu)" "$(value restic.restore.cpu)"
row "restore throughput (MB/s)" "$(throughput cairn.restore.time "$data2_mb")" \
  "$(throughput restic.restore.time "$data2_mb")"
row "restore peak RSS (MB)" "$(value cairn.restore.rss)" "$(value restic.restore.rss)"
row "restore identical to source" "$(value cairn.identical)" "$(value restic.identical)"
row "check --read-data time (s)" "$(value cairn.check.time)" "$(value restic.check.time)"
row "check --read-data CPU time (s)" "$(value cairn.check.cpu)" "$(value restic.check.cpu)"
row "check --read-data peak RSS (MB)" "$(value cairn.check.rss)" "$(value restic.check.rss)"
if $keep; then echo; echo "Kept: $workdir (logs in $logs)"; fi
