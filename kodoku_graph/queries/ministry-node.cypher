// name: ministry-node
// description: One ministry by canonical name with every property of the model (network metrics included).
// internal: true
// param: name str required -- the canonical name
// example: name=内閣府
// unordered: one row
// columns: ministry
MATCH (mi:Ministry {name: $name})
RETURN mi AS ministry
