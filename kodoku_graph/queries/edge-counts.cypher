// name: edge-counts
// description: The number of relationships of each type, as the store holds them.
// internal: true
// columns: type, edges
MATCH ()-[e]->()
WHERE e.type IS NOT NULL
RETURN e.type AS type, count(*) AS edges
ORDER BY type
