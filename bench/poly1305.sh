#!/usr/bin/env bash
# Poly1305 throughput, BouncyCastle's pure Java against the JDK's intrinsified class (what Cairn selects when the
# launcher's --add-opens=java.base/com.sun.crypto.provider is in effect), side by side with the ratio, for blobs of
# 1 MiB, 64 KiB, 4 KiB and 300 B. Round 0 includes JIT warm-up.
#
#   bench/poly1305.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_jdk
cd "$root"
./mvnw -B -q -pl cairn-repository -am test-compile >/dev/null
bcprov=$(find ~/.m2/repository/org/bouncycastle -name 'bcprov-jdk18on-*.jar' | sort -V | tail -1)
cp=cairn-repository/target/classes:cairn-repository/target/test-classes:$bcprov
"$JAVA_HOME/bin/java" --add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED -XX:CompileThresholdScaling=4 \
  -cp "$cp" dev.cairn.repository.crypto.Poly1305Benchmark
