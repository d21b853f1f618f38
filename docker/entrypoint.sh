#!/bin/sh
# Wait until Neo4j accepts our credentials over Bolt, load the graph, serve the API.
set -eu
: "${NEO4J_URI:=bolt://neo4j:7687}"
tries=0
until kodoku load --neo4j "$NEO4J_URI" --quiet; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "Neo4j at $NEO4J_URI did not come up; giving up" >&2
    exit 1
  fi
  echo "waiting for Neo4j at $NEO4J_URI ($tries)" >&2
  sleep 2
done
exec kodoku serve --backend neo4j --host 0.0.0.0 --port "${KODOKU_PORT:-8000}"
