# shellcheck shell=bash
# Finds a JDK 21 or newer for Cairn. Sourced by ./cairn and .ci/run so both pick the same JDK.
#
#   cairn_find_java_home   prints the JDK's home directory, or prints nothing and returns 1
#
# Order: $JAVA_HOME (if it is a JDK >= 21), else the newest JDK >= 21 under /usr/lib/jvm, else the `java` on
# PATH (if it belongs to a JDK >= 21). A JDK, not a JRE: the launcher compiles Cairn on first run.

CAIRN_MIN_JAVA=21
# Used by the scripts that source this file. Backquotes are literal: they quote a command for the reader.
# shellcheck disable=SC2034,SC2016
CAIRN_NO_JDK_MESSAGE='Cairn needs a JDK 21 or newer. Install one, e.g. `apt-get install openjdk-21-jdk` or Temurin 21+, or set JAVA_HOME.'

# Prints the feature (major) version of the JDK at $1, or nothing when $1 is not a usable JDK.
cairn_java_major() {
  local home=$1 version=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  # The release file answers without starting a JVM, which keeps the launcher fast; fall back to -version.
  if [[ -r "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  [[ -n "$version" ]] || return 1
  version=${version#1.}          # "1.8.0_402" -> "8.0_402": old scheme
  version=${version%%[!0-9]*}    # "21.0.2" / "21-ea" / "25" -> feature number
  [[ -n "$version" ]] || return 1
  printf '%s\n' "$version"
}

cairn_find_java_home() {
  local major candidate best="" best_major=0 java_on_path
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major=$(cairn_java_major "$JAVA_HOME") || major=0
    if (( major >= CAIRN_MIN_JAVA )); then
      printf '%s\n' "${JAVA_HOME%/}"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [[ -L "$candidate" ]] && continue   # Debian's java-1.x symlinks duplicate real directories
    major=$(cairn_java_major "$candidate") || continue
    if (( major >= CAIRN_MIN_JAVA && major > best_major )); then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -n "$best" ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  java_on_path=$(command -v java 2>/dev/null) || return 1
  candidate=$(dirname "$(dirname "$(readlink -f "$java_on_path")")")
  major=$(cairn_java_major "$candidate") || return 1
  if (( major >= CAIRN_MIN_JAVA )); then
    printf '%s\n' "$candidate"
    return 0
  fi
  return 1
}
