// name: relisted-measures
// description: Measures filed in more than one policy area: the area where each is defined and the areas where it is listed again (再掲).
// columns: no, id, name, defined_in, relisted_in, areas
MATCH (m:Measure)-[:LISTED_IN]->(home:PolicyArea)
MATCH (m)-[:RELISTED_IN]->(a:PolicyArea)
WITH m, home, a
ORDER BY m.no, a.id
SKIP 0
WITH m, home, collect(a.id) AS relisted_in
RETURN m.no AS no, m.id AS id, m.name AS name, home.id AS defined_in, relisted_in,
       size(relisted_in) + 1 AS areas
ORDER BY no
