#!/usr/bin/env bash
# Moves Alloy Fleet to a new Alloy release in one step: the component catalog the checks follow,
# and the agent image rendered by default (schema default and the example fleet), together.
# The catalog (see alloy/README.md) gets the type of every export from the reference pages of an
# Alloy checkout (a bare clone will do) at the catalog's alloy_commit (alloy-export-types.py).
# Usage: src/main/scripts/update-alloy-catalog.sh CATALOG.json vX.Y.Z ALLOY_GIT_DIR
set -euo pipefail
catalog=${1:?usage: $0 CATALOG.json vX.Y.Z ALLOY_GIT_DIR}
version=${2:?usage: $0 CATALOG.json vX.Y.Z ALLOY_GIT_DIR}
alloy=${3:?usage: $0 CATALOG.json vX.Y.Z ALLOY_GIT_DIR}
catalog=$(realpath "$catalog")
alloy=$(realpath "$alloy")
[[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "version must look like v1.18.0" >&2; exit 2; }
cd "$(dirname "$0")/../../.."
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); assert c["components"] and c["config_blocks"]' "$catalog"
python3 src/main/scripts/alloy-export-types.py "$catalog" "$alloy" > src/main/resources/alloy/catalog.json.new
mv src/main/resources/alloy/catalog.json.new src/main/resources/alloy/catalog.json
sed -i -E "s#(docker.io/grafana/alloy:)v[0-9]+\.[0-9]+\.[0-9]+#\1$version#g" \
  src/main/resources/schema/cluster-values.schema.json gitops-example/fleet.yaml docs/values.md \
  src/main/java/io/alloyfleet/bench/FleetGenerator.java src/main/java/io/alloyfleet/fleet/values/Formats.java
sed -i -E "s#(ALLOY_VERSION = \")v[0-9]+\.[0-9]+\.[0-9]+#\1$version#" \
  src/main/java/io/alloyfleet/alloy/ComponentCatalog.java
cp src/main/resources/schema/cluster-values.schema.json gitops-example/schema/cluster-values.schema.json
echo "Catalog and default image now follow Alloy $version. Next: ./mvnw test -Dtest=GoldenRenderTest -Dgolden.update=true, bump RendererVersion, ./mvnw verify."
