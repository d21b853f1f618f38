// name: measure-responsible
// description: The ministries responsible for one measure, in the order of its 【…】 list.
// internal: true
// param: no int required -- the measure number (1–143)
// example: no=127
// columns: name, position
MATCH (mi:Ministry)-[r:RESPONSIBLE_FOR]->(m:Measure {no: $no})
RETURN mi.name AS name, r.`order` AS position
ORDER BY position, name
