// name: targets-by-deadline
// description: Quantitative targets (TargetMetric of kind target; baselines and actuals are not counted) grouped by deadline (Gregorian fiscal year; 令和N年度 = 2018+N; targets with no deadline — recurring 毎年 targets and those whose year is illegible — come last with deadline 0), with the count, how many of them are annual (recurring from start_fy), and the targets of each year as "M073-K1 3,000件" strings.
// param: unit str = "" -- only targets in this unit (%, 件, 人, か所, 市町村, ratio …); "" for all
// example: unit=
// example: unit=%
// columns: deadline_fy, targets, metrics, annual
MATCH (m:Measure)-[:HAS_TARGET]->(t:TargetMetric)
WHERE t.kind = "target" AND ($unit = "" OR t.unit = $unit)
WITH coalesce(t.deadline_fy, 0) AS deadline_fy, t
ORDER BY t.id
SKIP 0
RETURN deadline_fy, count(t) AS targets,
       collect(t.id + " " + t.text) AS metrics,
       sum(CASE WHEN t.annual THEN 1 ELSE 0 END) AS annual
ORDER BY deadline_fy = 0, deadline_fy
