// name: measure-targets
// description: The target metrics (KPIs) of one measure, every property.
// internal: true
// param: no int required -- the measure number (1–143)
// example: no=8
// example: no=30
// columns: target
MATCH (m:Measure {no: $no})-[:HAS_TARGET]->(t:TargetMetric)
RETURN t AS target
ORDER BY t.id
