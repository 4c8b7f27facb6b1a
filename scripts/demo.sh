#!/usr/bin/env bash
# One command for a newcomer: set up, then build the seed prospectus into out/seed with its HTML view
# (out/seed/graph.html) and its Neo4j import files (out/seed/neo4j/).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
KG=.venv/bin/prospectus-kg
SEED=examples/capstone-turbine-424b3-2003-01-13.txt
$KG build "$SEED" --out out/seed
$KG viz out/seed --out out/seed/graph.html
$KG export neo4j out/seed --out out/seed/neo4j
$KG validate out/seed --no-owl
echo
echo "Done. Open out/seed/graph.html in a browser; query with:"
echo "  $KG query out/seed --name selling-stockholders"
