// name: pillar-areas
// description: The policy areas of every pillar with their numbers of measures defined there and listed again.
// internal: true
// columns: pillar, id, area, title, listed, relisted, src
MATCH (a:PolicyArea)-[:IN_PILLAR]->(p:Pillar)
OPTIONAL MATCH (m:Measure)-[:LISTED_IN]->(a)
WITH p, a, count(m) AS listed
OPTIONAL MATCH (r:Measure)-[:RELISTED_IN]->(a)
WITH p, a, listed, count(r) AS relisted
RETURN p.no AS pillar, a.id AS id, a.area AS area, a.title AS title, listed, relisted,
       a.src AS src
ORDER BY pillar, area
