#!/usr/bin/env bash
# Long run of the crash-safety tests: kill -9 of 'cairn backup', 'cairn forget' (with and without --prune),
# 'cairn prune' and 'cairn repair index' at seeded points of their progress (KillNineTrialsTest). After every kill
# restic 0.14 and Cairn must accept the repository, no kept snapshot may lose data, and the next run must succeed.
# The regular suite runs 105 trials in all; FACTOR multiplies that.
#
#   bench/crash-trials.sh [FACTOR] [SEED]      # default factor 10 (1050 trials), a fresh seed (printed)
#
# A failure message names the seed, command, trial and kill point; pass the seed again to replay the same points.
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
factor=${1:-10}
seed=${2:-$RANDOM$RANDOM}
echo "running crash trials x$factor, seed $seed" >&2
# shellcheck source=scripts/java-home.sh
source scripts/java-home.sh
JAVA_HOME=$(cairn_find_java_home)
export JAVA_HOME
CAIRN_CRASH_FACTOR=$factor CAIRN_CRASH_SEED=$seed ./mvnw -B -q -pl cairn-cli -am verify \
  -Dtest='KillNineTrialsTest' -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dcairn.crash.factor=$factor" "-Dcairn.crash.seed=$seed"
grep -h "kill -9 trials" cairn-cli/target/surefire-reports/*KillNineTrialsTest*.txt \
  cairn-cli/target/surefire-reports/*KillNineTrialsTest-output.txt 2>/dev/null || true
