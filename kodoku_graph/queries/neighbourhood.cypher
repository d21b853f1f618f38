// name: neighbourhood
// description: The edges around one node, with both ends: every edge of the node (depth 1), and with depth=2 also every edge of its direct neighbours. Each row is one edge, in its own direction; an edge between two neighbours comes twice (once per end), and the explorer keeps one.
// internal: true
// param: id str required -- the centre's node id
// param: depth int = 1 -- 1 or 2 hops
// example: id=M127 depth=1
// example: id=P3-4 depth=2
// example: id=T14 depth=2
// unordered: a UNION ALL (the two stores order its parts differently); the caller sorts
// columns: source, target, edge, source_node, target_node
MATCH (s {id: $id})-[e]->(t)
RETURN s.id AS source, t.id AS target, e AS edge, s AS source_node, t AS target_node
UNION ALL
MATCH (s)-[e]->(t {id: $id})
RETURN s.id AS source, t.id AS target, e AS edge, s AS source_node, t AS target_node
UNION ALL
MATCH (c {id: $id})--(a)
WHERE $depth = 2
WITH DISTINCT a
MATCH (a)-[e]->(t)
RETURN a.id AS source, t.id AS target, e AS edge, a AS source_node, t AS target_node
UNION ALL
MATCH (c {id: $id})--(a)
WHERE $depth = 2
WITH DISTINCT a
MATCH (s)-[e]->(a)
RETURN s.id AS source, a.id AS target, e AS edge, s AS source_node, a AS target_node
