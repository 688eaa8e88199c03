#!/usr/bin/env bash
# Builds target/alloy-fleet-image.tar (docker-archive, tagged alloy-fleet:VERSION) from
# target/quarkus-app: ./mvnw -Pimage package -DskipTests runs it after packaging. Needs podman,
# runc, mmdebstrap and a JDK >= 24 (JAVA_HOME). Run from the project root:
#
#   src/main/docker/build-image.sh VERSION
#
# 1. base.sh: the base image from Debian packages and a jlinked runtime.
# 2. The `app` stage of the Containerfile: the base with the application.
# 3. Training: the controller runs in that image, as the image runs it, on the demo fleet until
#    its first sync is pushed, then stops; the JVM writes the AOT cache on exit. The cache is
#    made by the image's own JVM with the image's class path and jar files.
# 4. The CLI's training: the hidden aot-training command runs render, validate, diff, explain and
#    check-alloy on the demo fleet in that image, with cli.options; its own AOT cache.
# 5. The image: the app stage plus both caches, saved as a docker-archive.
set -euo pipefail
version=${1:?version}
cd "$(dirname "$0")/../../.."
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/src/main/docker/containers.conf}
work=target/image
image=docker.io/library/alloy-fleet:$version # what docker and podman call alloy-fleet:VERSION
test -f target/quarkus-app/quarkus-run.jar || { echo "no target/quarkus-app: run ./mvnw package first" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work/aot" "$work/train-data"

start=$(date +%s)
src/main/docker/base.sh "$work/base" "$version"
rm -rf "$work/base" # the rootfs is in podman's storage now

build() { # podman build arguments…
  podman build --quiet --layers=false --network none --file src/main/docker/Containerfile \
    --ignorefile src/main/docker/containerignore \
    --build-arg "BASE=localhost/alloy-fleet-base:$version" "$@" . > /dev/null
}
build --target app --tag "localhost/alloy-fleet-app:$version"

# The training run: read-only root, the user of the image, /data and /tmp empty as in a pod.
# (/data is a directory, not a tmpfs: the demo cannot be seeded on podman's tmpfs.)
chmod 0777 "$work/aot" "$work/train-data"
name=alloy-fleet-train-$$
podman run --detach --name "$name" --network host --read-only \
  -v "$PWD/$work/train-data:/data:rw" --tmpfs /tmp:rw,mode=1777 -v "$PWD/$work/aot:/aot:rw" \
  -e QUARKUS_HTTP_PORT=0 --entrypoint java "localhost/alloy-fleet-app:$version" \
  $(grep -v '^#\|AOTCache=' src/main/docker/jvm.options) -XX:AOTCacheOutput=/aot/app.aot \
  -jar /deployments/quarkus-run.jar > /dev/null
trap 'podman rm --force --time 0 "$name" > /dev/null 2>&1 || true' EXIT
synced() { podman logs "$name" 2>&1 | grep "Rendered .* onto" > /dev/null; }
for _ in $(seq 1200); do
  synced && break
  [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || break
  sleep 0.1
done
synced || { podman logs "$name" >&2; echo "training run did not sync" >&2; exit 1; }
podman stop --time 120 "$name" > /dev/null
podman logs "$name" > "$work/training.log" 2>&1
test -s "$work/aot/app.aot" || { cat "$work/training.log" >&2; echo "no AOT cache written" >&2; exit 1; }
mv "$work/aot/app.aot" "$work/app.aot"
rm -rf "$work/train-data"

# The CLI's training run: one process, read-only root, /tmp for the render output.
podman run --rm --network none --read-only --tmpfs /tmp:rw,mode=1777 -v "$PWD/$work/aot:/aot:rw" \
  --entrypoint java "localhost/alloy-fleet-app:$version" \
  $(grep -v '^#\|AOTCache=' src/main/docker/cli.options) -XX:AOTCacheOutput=/aot/alloy-fleet-cli.aot \
  -jar /deployments/quarkus-run.jar aot-training --fleet /deployments/gitops-example \
  --work /tmp/aot-training --rounds 5 > "$work/cli-training.log" 2>&1 \
  || { cat "$work/cli-training.log" >&2; echo "CLI training run failed" >&2; exit 1; }
test -s "$work/aot/alloy-fleet-cli.aot" || { cat "$work/cli-training.log" >&2; echo "no CLI AOT cache written" >&2; exit 1; }
mv "$work/aot/alloy-fleet-cli.aot" "$work/alloy-fleet-cli.aot"

podman image rm --ignore "$image" > /dev/null 2>&1 || true # the previous build, unless in use
build --tag "$image"
rm -f target/alloy-fleet-image.tar
podman save --quiet --format docker-archive --output target/alloy-fleet-image.tar "$image"
podman rmi --force "localhost/alloy-fleet-app:$version" "localhost/alloy-fleet-base:$version" > /dev/null 2>&1 || true
echo "target/alloy-fleet-image.tar: alloy-fleet:$version, $(du -m target/alloy-fleet-image.tar | cut -f1) MB, built in $(( $(date +%s) - start )) s"
