#!/usr/bin/env bash
# Builds Cairn's in-memory index for N synthetic blobs (default 10 million, 16 per pack) and prints its size
# (exactly, from its arrays, and as heap growth after a GC), build time and lookup time.
#
#   bench/index-memory.sh [BLOBS] [BLOBS_PER_PACK]
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if [[ -z "${JAVA_HOME:-}" ]]; then
  for j in /usr/lib/jvm/*; do [[ -x "$j/bin/javac" && "$("$j/bin/java" -version 2>&1)" =~ \"(2[1-9]|[3-9][0-9]) ]] && JAVA_HOME=$j; done
fi
export JAVA_HOME
./mvnw -B -q -pl cairn-repository -am test-compile >/dev/null
cp=cairn-repository/target/classes:cairn-repository/target/test-classes:cairn-storage/target/classes
# 1 GB of heap: the promise is that 10 million blobs fit with room to spare.
"$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" dev.cairn.repository.IndexBench "${1:-10000000}" "${2:-16}"
