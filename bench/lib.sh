# What the bench scripts share; sourced (`source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`) after `set -euo pipefail`.
# Sets root (the repository), gen (bench/gen-tree.py), cairn (the launcher) and the result table; the scripts keep
# their own arguments, steps and report rows.
# shellcheck shell=bash

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gen=$root/bench/gen-tree.py
cairn=$root/cairn
# result[TOOL.STEP.time|cpu|rss|load], filled by measure; scripts add their own keys (sizes, identical, ...).
declare -A result

log() { echo "== $*" >&2; }

# use_jdk: exports JAVA_HOME (a JDK 21+, found as ./cairn finds it: scripts/java-home.sh) for ./mvnw and java.
use_jdk() {
  # shellcheck source=../scripts/java-home.sh
  source "$root/scripts/java-home.sh"
  JAVA_HOME=$(cairn_find_java_home) || { echo "$CAIRN_NO_JDK_MESSAGE" >&2; exit 1; }
  export JAVA_HOME
}

# need PROGRAM PACKAGE: stop with the Debian package to install when PROGRAM is missing.
need() {
  command -v "$1" >/dev/null 2>&1 || [[ -x "$1" ]] || { echo "$1 is missing (apt-get install $2)." >&2; exit 1; }
}

# need_gnu_time: GNU time gives peak memory; install the Debian package when it is missing, and say so.
need_gnu_time() {
  [[ -x /usr/bin/time ]] && return
  echo "GNU time (/usr/bin/time) is missing: installing the 'time' package to measure peak memory." >&2
  local sudo=()
  if (( EUID != 0 )) && command -v sudo >/dev/null 2>&1; then sudo=(sudo); fi
  if ! { "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get install -y -q time; } >&2; then
    echo "Could not install 'time'; install it (apt-get install time) and run again." >&2
    exit 1
  fi
}

# make_workdir PREFIX: $workdir (given with --workdir: must be empty) or a fresh one under $TMPDIR; sets logs. On
# exit, runs what on_exit registered (servers to stop) and removes the work directory unless $keep is true.
make_workdir() {
  if [[ -z "${workdir:-}" ]]; then
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  else
    mkdir -p "$workdir"
    [[ -z "$(ls -A "$workdir")" ]] || { echo "--workdir $workdir is not empty." >&2; exit 2; }
  fi
  workdir=$(cd -P "$workdir" && pwd)
  logs=$workdir/logs
  mkdir -p "$logs"
  trap bench_exit EXIT
}
bench_exit_hooks=()
on_exit() { bench_exit_hooks+=("$1"); }
bench_exit() {
  local hook
  for hook in "${bench_exit_hooks[@]}"; do eval "$hook" || true; done
  if ! ${keep:-false}; then rm -rf "$workdir"; fi
}

# use_password_file: both tools read the repository and password from their flags, never from the caller's
# environment; sets password_file.
use_password_file() {
  unset RESTIC_REPOSITORY RESTIC_REPOSITORY_FILE RESTIC_PASSWORD RESTIC_PASSWORD_FILE RESTIC_PASSWORD_COMMAND
  unset CAIRN_REPOSITORY CAIRN_PASSWORD CAIRN_PASSWORD_FILE CAIRN_PASSWORD_COMMAND
  password_file=$workdir/password
  echo "benchmark-password" >"$password_file"
}

# measure TOOL STEP CMD...: runs CMD under GNU time; records result[TOOL.STEP.time] (wall, s), .cpu (user + system,
# s: steadier than wall time on a busy machine), .rss (peak, MB) and .load (1-minute load average after the step).
# Drops the page cache first when $drop_caches is true (needs root). Returns CMD's exit status; its output goes to
# logs/TOOL-STEP.log.
measure() {
  local tool=$1 step=$2 stats status=0 seconds kilobytes user system
  shift 2
  stats=$logs/$tool-$step.time
  if ${drop_caches:-false}; then
    sync
    echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || echo "(cannot drop page caches: needs root)" >&2
  fi
  /usr/bin/time -f '%e %M %U %S' -o "$stats" -- "$@" </dev/null >"$logs/$tool-$step.log" 2>&1 || status=$?
  if (( status != 0 )); then
    echo "$tool $step failed (exit $status); see $logs/$tool-$step.log:" >&2
    tail -5 "$logs/$tool-$step.log" | sed 's/^/    /' >&2
    result[$tool.$step.time]=failed
    return "$status"
  fi
  read -r seconds kilobytes user system < <(tail -1 "$stats")
  result[$tool.$step.time]=$seconds
  result[$tool.$step.cpu]=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
  result[$tool.$step.rss]=$(awk -v k="$kilobytes" 'BEGIN { printf "%.0f", k / 1024 }')
  result[$tool.$step.load]=$(cut -d' ' -f1 /proc/loadavg)
}

# mb_of PATH: the size of PATH in MB (10^6 bytes), one decimal.
mb_of() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }

# free_port: a TCP port free on 127.0.0.1 right now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for_port PORT: up to 10 s for a server to accept connections on 127.0.0.1:PORT.
wait_for_port() {
  local _
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after 10 s" >&2
  return 1
}

# value KEY: result[KEY], or n/a.
value() { local v=${result[$1]:-}; echo "${v:-n/a}"; }

# throughput KEY MB: MB divided by the seconds in result[KEY], or n/a.
throughput() {
  local t=${result[$1]:-}
  if [[ -z "$t" || "$t" == failed ]]; then echo n/a; return; fi
  awk -v mb="$2" -v t="$t" 'BEGIN { if (t <= 0) t = 0.01; printf "%.1f", mb / t }'
}

# ratio A B: A / B with two decimals, or n/a when either is not a number.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) { print "n/a"; exit }
    printf "%.2f", a / b }'
}

# restored_dir TARGET: where a restore of $data put it under TARGET (restic recreates the absolute path).
restored_dir() {
  local target=$1
  if [[ -d "$target$data" ]]; then echo "$target$data"
  elif [[ -d "$target/data" ]]; then echo "$target/data"
  else echo "$target"; fi
}

# compare_restore TOOL TARGET: records result[TOOL.identical] (yes/NO) from diff -r of $data and the restored tree.
compare_restore() {
  if diff -r --no-dereference -q "$data" "$(restored_dir "$2")" >"$logs/$1-restore.diff" 2>&1; then
    result[$1.identical]=yes
  else
    result[$1.identical]=NO
    echo "$1 restore differs from the source; see $logs/$1-restore.diff" >&2
  fi
}

# timed_server PROCESS LABEL CMD...: runs CMD under GNU time and appends "LABEL|wall|tool CPU|server CPU|load" to
# $workdir/times: seconds of wall time, CPU seconds of CMD's process tree (user + sys) and of the database server
# PROCESS during the step (bench/server-cpu.py: needs read access to its /proc entries, as root or its user), and
# the 1-minute load average after it.
timed_server() {
  local process=$1 label=$2 s0 s1 wall u s
  shift 2
  s0=$("$root/bench/server-cpu.py" "$process")
  /usr/bin/time -o "$workdir/t" -f '%e %U %S' "$@"
  s1=$("$root/bench/server-cpu.py" "$process")
  read -r wall u s <"$workdir/t"
  echo "$label|$wall|$(python3 -c "print(f'{$u + $s:.2f}|{$s1 - $s0:.2f}')")|$(cut -d' ' -f1 /proc/loadavg)" \
    >>"$workdir/times"
}
