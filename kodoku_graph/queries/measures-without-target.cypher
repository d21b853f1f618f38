// name: measures-without-target
// description: Lineup measures with no quantitative target (no TargetMetric of kind target from the FY2024 status report's goal or review column; a baseline or an actual is not a target), with their ministries, pillar and policy area, whether a 2024 status row was found at all (a measure without a row has no goal text to read), and how many actuals the row reports anyway.
// param: pillar int = 0 -- only this pillar (1–4); 0 for all
// example: pillar=0
// example: pillar=2
// columns: id, no, name, ministries, pillar, pillar_title, area, fy2024_no, has_status, actuals
MATCH (m:Measure)-[:LISTED_IN]->(a:PolicyArea)-[:IN_PILLAR]->(p:Pillar)
WHERE ($pillar = 0 OR p.no = $pillar)
  AND NOT EXISTS { MATCH (m)-[:HAS_TARGET]->(t:TargetMetric) WHERE t.kind = "target" }
OPTIONAL MATCH (m)-[:HAS_FIGURE]->(f:ReportedFigure)
WHERE f.kind = "actual"
WITH m, a, p, count(f) AS actuals
RETURN m.id AS id, m.no AS no, m.name AS name, m.ministries AS ministries, p.no AS pillar,
       p.title AS pillar_title, a.id AS area, m.fy2024_no AS fy2024_no,
       m.fy2024_no IS NOT NULL AS has_status, actuals
ORDER BY no
