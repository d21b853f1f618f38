// name: measure-node
// description: One measure by number with every property of the model.
// internal: true
// param: no int required -- the measure number (1–143)
// example: no=127
// unordered: one row
// columns: measure
MATCH (m:Measure {no: $no})
RETURN m AS measure
