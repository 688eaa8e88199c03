#!/usr/bin/env bash
# The image's base, from Debian packages and a jlinked Java runtime, imported into podman as
# localhost/alloy-fleet-base:TAG. Called by build-image.sh; needs root (or podman's user
# namespaces), mmdebstrap, podman, and a JDK >= 24 whose runtime image can be linked (JEP 493:
# Temurin 25 ships no jmods/).
#
#   src/main/docker/base.sh WORK_DIR TAG
#
# The root filesystem holds glibc and libgcc (what the JVM links against), base-files
# (/etc/os-release), a Java runtime with only the modules the application uses (below), and
# passwd/group entries for the user the image runs as. No shell, no package manager, no
# compiler.
set -euo pipefail
work=${1:?work dir}
tag=${2:?tag}
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
suite=bookworm
uid=185 # kubernetes/base/deployment.yaml's runAsUser and runAsGroup

# What the application's jars use, by `jdeps -s --multi-release 25 --ignore-missing-deps` on
# each jar of target/quarkus-app (java.desktop: java.beans for Jackson and SnakeYAML;
# java.security.jgss: SSH and HTTP Negotiate auth; jdk.httpserver: the bench command; jdk.management:
# Micrometer's process metrics), less jdk.compiler (only vertx-codegen, an annotation processor
# never run), plus what is looked up by name at run time: jdk.charsets (commit encodings),
# jdk.naming.dns (Netty's name servers), jdk.zipfs.
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,java.xml,jdk.charsets,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

rootfs=$work/rootfs
rm -rf "$rootfs"
mkdir -p "$work"

# --variant=extract unpacks the packages and their dependencies without running any maintainer
# script (there is no shell to run them with), and runs no hooks. base-files pre-depends on an
# awk: mawk comes along and is removed below, with apt's and dpkg's leftovers; the build host's
# resolv.conf and hostname are emptied (the container runtime provides both). The packages
# unpacked are listed in the image, /usr/share/doc/debian-packages.txt.
mmdebstrap --quiet --variant=extract --include=libc6,libgcc-s1,gcc-12-base,base-files \
  --skip=cleanup/apt/cache "$suite" "$rootfs"
ls "$rootfs/var/cache/apt/archives/" | sed -n '/^mawk_/d; s/\.deb$//p' > "$rootfs/usr/share/doc/debian-packages.txt"
rm -rf "$rootfs"/var/cache/apt "$rootfs"/var/lib/apt "$rootfs"/var/lib/dpkg "$rootfs"/etc/apt \
  "$rootfs"/etc/dpkg "$rootfs"/usr/bin/mawk
: > "$rootfs/etc/resolv.conf"
: > "$rootfs/etc/hostname"
chmod 0644 "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"

"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs/opt/java"
# Only the launcher: keytool, rmiregistry, serialver and jwebserver are not needed to run.
find "$rootfs/opt/java/bin" -type f ! -name java -delete

cat > "$rootfs/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/usr/sbin/nologin
alloy-fleet:x:$uid:$uid:Alloy Fleet:/data:/usr/sbin/nologin
PASSWD
cat > "$rootfs/etc/group" <<GROUP
root:x:0:
alloy-fleet:x:$uid:
GROUP
# The data volume and the scratch directory, owned by the user; the rest stays root's.
mkdir -p "$rootfs/data" "$rootfs/tmp"
chown "$uid:$uid" "$rootfs/data"
chmod 1777 "$rootfs/tmp"

tar --numeric-owner -C "$rootfs" -c . | podman import --quiet \
  --change "ENV PATH=/opt/java/bin:/usr/bin:/bin" \
  --change "ENV JAVA_HOME=/opt/java" \
  --change "ENV LANG=C.UTF-8" \
  - "localhost/alloy-fleet-base:$tag" > /dev/null
echo "base image localhost/alloy-fleet-base:$tag: $(du -sh "$rootfs" | cut -f1) ($(du -sh "$rootfs/opt/java" | cut -f1) of it Java)"
