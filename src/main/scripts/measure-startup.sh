#!/usr/bin/env bash
# Startup to first sync on the demo fleet: plain JVM vs the JDK 25 AOT cache (BENCHMARKS.md).
# Run from the project root after `./mvnw package -DskipTests`:
#   src/main/scripts/measure-startup.sh [runs]
# For each JVM configuration, starts the packaged app on an empty data directory, waits for the
# log line of the first pushed render, and prints the elapsed time and the RSS at that moment.
set -euo pipefail
runs=${1:-3}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
app=$PWD/target/quarkus-app/quarkus-run.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r gitops-example "$work/"
cd "$work"

first_sync() { # flags… → "<ms> <rss MB>"
  rm -rf data out.log
  local start end pid rss
  start=$(date +%s%N)
  "$java" "$@" -Dalloy-fleet.data-dir="$work/data" -Dquarkus.http.port=0 -jar "$app" > out.log 2>&1 &
  pid=$!
  until grep -q "Rendered .* onto" out.log; do
    kill -0 "$pid" 2>/dev/null || { cat out.log >&2; return 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss"
}

# Train the cache as the image build does: run the demo until it has synced, then stop it.
rm -rf data
"$java" -XX:AOTCacheOutput="$work/app.aot" -Dalloy-fleet.data-dir="$work/data" -Dquarkus.http.port=0 -jar "$app" > train.log 2>&1 &
pid=$!
until grep -q "Rendered .* onto" train.log; do sleep 0.1; done
kill "$pid"; wait "$pid" 2>/dev/null || true
test -s app.aot

image="-XX:AOTCache=app.aot -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m" # the image's (src/main/docker/jvm.options), less MaxRAMPercentage and -UsePerfData
echo "| JVM flags | first sync ($runs runs) | RSS |"
echo "|---|---|---|"
for flags in "" "-XX:AOTCache=app.aot" "-XX:AOTCache=app.aot -XX:+UseSerialGC -XX:TieredStopAtLevel=1" "$image" "-XX:AOTCache=app.aot -XX:+UseSerialGC -Xms8m"; do
  times=() rss=""
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086 # flags are words
    read -r ms mb < <(first_sync $flags)
    times+=("$ms") rss="$rss $mb"
  done
  echo "| \`${flags:-none}\` | $(IFS=,; echo "${times[*]}" | sed 's/,/, /g') ms | $(echo $rss | tr ' ' '\n' | sort -n | sed -n '1p;$p' | paste -sd ' ' | sed 's/ / to /') MB |"
done
