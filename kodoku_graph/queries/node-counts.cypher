// name: node-counts
// description: The number of nodes of each label, as the store holds them.
// internal: true
// columns: label, nodes
MATCH (n)
WHERE n.label IS NOT NULL
RETURN n.label AS label, count(*) AS nodes
ORDER BY label
