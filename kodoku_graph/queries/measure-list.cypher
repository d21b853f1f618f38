// name: measure-list
// description: Every measure in lineup order with its ministries, pillar, the area where it is defined, the areas where it is listed again, its number of targets, summary and page (the API's /measures; filters run in Python with NFKC matching).
// internal: true
// columns: id, no, name, ministries, pillar, defined_in, relisted_in, targets, summary, page, src
MATCH (m:Measure)-[:LISTED_IN]->(home:PolicyArea)
OPTIONAL MATCH (m)-[:HAS_TARGET]->(t:TargetMetric)
WITH m, home, count(t) AS targets
OPTIONAL MATCH (m)-[:RELISTED_IN]->(a:PolicyArea)
WITH m, home, targets, a
ORDER BY a.id
SKIP 0
WITH m, home, targets, collect(a.id) AS relisted_in
RETURN m.id AS id, m.no AS no, m.name AS name, m.ministries AS ministries,
       home.pillar AS pillar, home.id AS defined_in, relisted_in, targets,
       m.summary AS summary, m.page AS page, m.src AS src
ORDER BY no
