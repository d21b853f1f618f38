// name: node
// description: One node by id, whatever its label: every model property of its label, with `label` (the label, stored as a property).
// internal: true
// param: id str required -- the node id (M127, 内閣府, P3-4, R3-T14-1, T14, …)
// example: id=M127
// example: id=内閣府
// example: id=T14
// unordered: one row
// columns: node
MATCH (n {id: $id})
RETURN n AS node
