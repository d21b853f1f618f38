// name: measures-by-ministry
// description: The measures each ministry is responsible for, with its position in the measure's 【…】 list and all the measure's ministries. Give a canonical ministry name to see one ministry.
// param: ministry str = "" -- canonical ministry name, e.g. 法務省; "" lists every ministry
// example: ministry=法務省
// example: ministry=
// columns: ministry, no, id, name, position, ministries
MATCH (mi:Ministry)-[r:RESPONSIBLE_FOR]->(m:Measure)
WHERE $ministry = "" OR mi.name = $ministry
RETURN mi.name AS ministry, m.no AS no, m.id AS id, m.name AS name, r.`order` AS position,
       m.ministries AS ministries
ORDER BY ministry, no
