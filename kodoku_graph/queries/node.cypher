// name: node
// description: One node of any label by its id, with all its properties and its provenance src (file:line). No row if the id is unknown. Ids: M127 (measure), 内閣府 (ministry), P3 (pillar), P3-4 (policy area), R4-T1-1 (recommendation), T12 (theme)…
// param: id str required -- the node id
// example: id=M127
// example: id=内閣府
// example: id=R3-T2-1
// columns: node
MATCH (n)
WHERE n.id = $id
RETURN n AS node
ORDER BY n.id
