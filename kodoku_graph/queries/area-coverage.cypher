// name: area-coverage
// description: Measures per pillar and policy area: defined there (listed), listed again there (relisted, 再掲), and the total counting re-listings separately.
// columns: pillar, pillar_title, area_id, area, area_title, listed, relisted, total
MATCH (a:PolicyArea)-[:IN_PILLAR]->(p:Pillar)
OPTIONAL MATCH (m:Measure)-[:LISTED_IN]->(a)
WITH p, a, count(m) AS listed
OPTIONAL MATCH (r:Measure)-[:RELISTED_IN]->(a)
WITH p, a, listed, count(r) AS relisted
RETURN p.no AS pillar, p.title AS pillar_title, a.id AS area_id, a.area AS area,
       a.title AS area_title, listed, relisted, listed + relisted AS total
ORDER BY pillar, area
