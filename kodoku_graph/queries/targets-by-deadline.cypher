// name: targets-by-deadline
// description: Quantitative targets grouped by deadline (Gregorian fiscal year; 令和N年度 = 2018+N; targets with no deadline come last with deadline 0), with the count and the targets of each year as "M073-K1 3000件" strings.
// param: unit str = "" -- only targets in this unit (%, 件, 人, か所, 市町村 …); "" for all
// example: unit=
// example: unit=%
// columns: deadline_fy, targets, metrics
MATCH (m:Measure)-[:HAS_TARGET]->(t:TargetMetric)
WHERE $unit = "" OR t.unit = $unit
WITH coalesce(t.deadline_fy, 0) AS deadline_fy, t
ORDER BY t.id
SKIP 0
RETURN deadline_fy, count(t) AS targets,
       collect(t.id + " " + t.text) AS metrics
ORDER BY deadline_fy = 0, deadline_fy
