#!/usr/bin/env bash
# Start to ready of the image on the demo fleet, with and without its AOT cache (BENCHMARKS.md).
# Run from the project root after ./mvnw -Pimage package -DskipTests:
#   src/main/scripts/measure-image-startup.sh [runs]
# Each run: podman run (read-only root, an empty /data) until /q/health/ready answers 200, then
# the time of the first pushed render from the log, and the container's RSS at that moment.
set -euo pipefail
runs=${1:-3}
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
image=alloy-fleet:$version
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/src/main/docker/containers.conf}
podman load --quiet --input target/alloy-fleet-image.tar > /dev/null
port=18080
name=alloy-fleet-measure-$$
trap 'podman rm --force --volumes "$name" > /dev/null 2>&1 || true' EXIT

ready() { # extra java options… → "<ready ms> <rss MB>"
  local start end pid
  start=$(date +%s%N)
  podman run --detach --name "$name" --network host --read-only -e QUARKUS_HTTP_PORT=$port \
    --entrypoint java "$image" @/deployments/jvm.options "$@" -jar /deployments/quarkus-run.jar > /dev/null
  until curl -sf -o /dev/null "http://localhost:$port/q/health/ready"; do sleep 0.02; done
  end=$(date +%s%N)
  pid=$(podman inspect --format '{{.State.Pid}}' "$name")
  echo "$(( (end - start) / 1000000 )) $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")"
  podman rm --force --volumes "$name" > /dev/null
}

echo "| image | ready ($runs runs) | RSS |"
echo "|---|---|---|"
for flags in "" "-XX:AOTMode=off"; do
  times=() rss=""
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086 # flags are words
    out=$(ready $flags)
    read -r ms mb <<< "$out"
    times+=("$ms") rss="$rss $mb"
  done
  echo "| ${flags:-as built (AOT cache)} | $(IFS=,; echo "${times[*]}" | sed 's/,/, /g') ms | $(echo $rss | tr ' ' '\n' | sort -n | sed -n '1p;$p' | paste -sd ' ' | sed 's/ / to /') MB |"
done
echo "image: $(du -m target/alloy-fleet-image.tar | cut -f1) MB tarball, $(podman image inspect --format '{{.Size}}' "$image" | awk '{print int($1 / 1000000)}') MB in podman"
