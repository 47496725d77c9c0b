#!/usr/bin/env bash
# Builds Cairn's in-memory index for N synthetic blobs (default 10 million, 16 per pack) and prints its size
# (exactly, from its arrays, and as heap growth after a GC), build time and lookup time.
#
#   bench/index-memory.sh [BLOBS] [BLOBS_PER_PACK]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_jdk
cd "$root"
./mvnw -B -q -pl cairn-repository -am test-compile >/dev/null
cp=cairn-repository/target/classes:cairn-repository/target/test-classes:cairn-storage/target/classes
# 1 GB of heap: the promise is that 10 million blobs fit with room to spare.
"$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" dev.cairn.repository.IndexBench "${1:-10000000}" "${2:-16}"
