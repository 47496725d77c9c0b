#!/usr/bin/env bash
# Backup and restore of one generated tree over SFTP to a loopback OpenSSH server (Debian's sshd, internal-sftp),
# through Cairn (./cairn, MINA SSHD client) and restic 0.14 (the ssh program, via -o sftp.command=…) in the same
# run; prints a ratio table.
#
#   bench/sftp-vs-restic.sh [--size-mb N] [--connections N] [--workdir DIR] [--keep]
#
# Steps, per tool, each in its own repository directory on the server: init; backup (full); restore latest and
# compare with the tree; check --read-data. Wall time and peak RSS from GNU time. Targets (issue 5): Cairn <= 0.6x
# restic's wall time for backup and restore. See bench/README.md.
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
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sftp-vs-restic: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need restic restic
need /usr/sbin/sshd openssh-server
need ssh openssh-client
need /usr/bin/time time
make_workdir cairn-sftp-bench
data=$workdir/data
served=$workdir/served
sshdir=$workdir/ssh
mkdir -p "$served" "$sshdir"

# ---- the SFTP server: sshd on 127.0.0.1 with its own host key, one client key, key authentication only ----
user=$(id -un)
ssh-keygen -q -t ed25519 -N '' -f "$sshdir/host_key" -C bench-host
ssh-keygen -q -t ed25519 -N '' -f "$sshdir/client_key" -C bench-client
cp "$sshdir/client_key.pub" "$sshdir/authorized_keys"
port=$(free_port)
cat >"$sshdir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $sshdir/host_key
PidFile $sshdir/sshd.pid
AuthorizedKeysFile $sshdir/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
MaxSessions 64
MaxStartups 64
LogLevel ERROR
CONF
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$sshdir/host_key.pub")" >"$sshdir/known_hosts"
if [[ $(id -u) == 0 ]]; then mkdir -p /run/sshd; fi
/usr/sbin/sshd -D -e -f "$sshdir/sshd_config" >"$logs/sshd.log" 2>&1 &
sshd_pid=$!
on_exit 'kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null'
wait_for_port "$port"

use_password_file
ssh_command="ssh -F /dev/null -p $port -i $sshdir/client_key -o IdentitiesOnly=yes -o BatchMode=yes \
-o StrictHostKeyChecking=yes -o UserKnownHostsFile=$sshdir/known_hosts $user@127.0.0.1 -s sftp"

run_tool() {
  local tool=$1 step=$2
  local -a cmd
  case "$tool" in
    restic) cmd=(restic --cache-dir "$workdir/restic-cache" -r "sftp:$user@127.0.0.1:$served/repo-restic"
      -o "sftp.command=$ssh_command" -o "sftp.connections=$connections") ;;
    cairn) cmd=("$cairn" -r "sftp://$user@127.0.0.1:$port/$served/repo-cairn" -o "sftp.identity=$sshdir/client_key"
      -o "sftp.known-hosts=$sshdir/known_hosts" -o "sftp.connections=$connections") ;;
  esac
  cmd+=(--password-file "$password_file")
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
repo_mb() { du -sb "$served/repo-$1" 2>/dev/null | awk '{ printf "%.1f", $1 / 1e6 }'; }

# ---- report ----
row() { printf '| %-32s | %9s | %9s | %6s |\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

echo
echo "Data: $data_files files, $data_mb MB; $(nproc) cores; $(/usr/sbin/sshd -V 2>&1 | sed -n 1p || true) on" \
  "127.0.0.1:$port (internal-sftp); sftp.connections=$connections for both"
echo "restic: $(restic version | sed -n 1p) (through ssh)"
echo "cairn:  $(tail -1 "$logs/cairn-version.log") (MINA SSHD client)"
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
row "repository size (MB)" "$(repo_mb cairn)" "$(repo_mb restic)"
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
