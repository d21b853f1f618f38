# The kodoku-graph API on Neo4j (see docker-compose.yml): waits for Neo4j, loads the graph
# built from data/raw into it (idempotent), then serves the API with the Neo4j backend.
FROM python:3.12-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kodoku_graph ./kodoku_graph
COPY data ./data
COPY docker/entrypoint.sh /usr/local/bin/kodoku-entrypoint
RUN pip install --no-cache-dir . && chmod +x /usr/local/bin/kodoku-entrypoint

ENV KODOKU_DATA_DIR=/app/data/raw \
    KODOKU_CURATED_DIR=/app/data/curated \
    KODOKU_HOME=/app/.kodoku \
    KODOKU_BACKEND=neo4j \
    KODOKU_HOST=0.0.0.0 \
    KODOKU_PORT=8000
EXPOSE 8000
CMD ["kodoku-entrypoint"]
