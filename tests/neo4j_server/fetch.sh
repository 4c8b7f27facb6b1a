#!/usr/bin/env bash
# Test tooling: fetch the jars of the test Neo4j (embedded Neo4j 5 + Bolt + the import tool) from Maven
# Central into .cache/neo4j-server/lib (ignored by git). Cached: skipped when the jars of this pom.xml
# are already there, so a second run costs nothing. Called by scripts/setup.sh --test.
set -euo pipefail
cd "$(dirname "$0")/../.."
lib=.cache/neo4j-server/lib
stamp=.cache/neo4j-server/pom.sha256
want=$(sha256sum tests/neo4j_server/pom.xml | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -n "$(ls -A "$lib" 2>/dev/null)" ]; then
    exit 0
fi
rm -rf "$lib" "$stamp"
mkdir -p "$lib"
log=$(mktemp)
if ! mvn -B -q -f tests/neo4j_server/pom.xml dependency:copy-dependencies \
        -DoutputDirectory="$PWD/$lib" -DincludeScope=runtime >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
echo "$want" > "$stamp"
