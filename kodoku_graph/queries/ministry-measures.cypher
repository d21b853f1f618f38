// name: ministry-measures
// description: The measures of one ministry with its position in each measure's 【…】 list.
// internal: true
// param: name str required -- the canonical name
// example: name=法務省
// columns: no, id, name, position, ministries
MATCH (mi:Ministry {name: $name})-[r:RESPONSIBLE_FOR]->(m:Measure)
RETURN m.no AS no, m.id AS id, m.name AS name, r.`order` AS position, m.ministries AS ministries
ORDER BY no
