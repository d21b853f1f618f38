// name: measure
// description: One measure with its ministries (in 【…】 order), the area where it is defined, the areas where it is listed again (再掲) and its provenance.
// param: no int required -- the measure number of the 2026 lineup (1–143)
// example: no=127
// example: no=142
// columns: id, no, name, ministries, page, pillar, defined_in, relisted_in, components, src
MATCH (m:Measure {no: $no})-[:LISTED_IN]->(home:PolicyArea)
OPTIONAL MATCH (m)-[:RELISTED_IN]->(a:PolicyArea)
WITH m, home, a
ORDER BY a.id
SKIP 0
WITH m, home, collect(a.id) AS relisted_in
RETURN m.id AS id, m.no AS no, m.name AS name, m.ministries AS ministries, m.page AS page,
       home.pillar AS pillar, home.id AS defined_in, relisted_in, m.components AS components,
       m.src AS src
