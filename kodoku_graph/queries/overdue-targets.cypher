// name: overdue-targets
// description: Targets whose deadline has passed (deadline_fy before the given fiscal year; annual targets and targets without a stated deadline are left out), with the measure, the target (value, unit, comparator, exact text, source line), the latest actual reported for it in 002 (the ReportedFigure FIGURE_OF it with the latest year: value, unit, fiscal year, text; actuals = how many figures measure it) and whether it was met — met is computed from the actual and the comparator (以下: at most, otherwise at least; null when there is no comparable actual), achieved is what the report itself says (目標達成 / 未達成), null when it says nothing.
// param: as_of int = 2025 -- the current fiscal year: deadlines before it have passed
// example: as_of=2025
// example: as_of=2031
// columns: id, measure, no, name, text, value, unit, comparator, deadline_fy, actual, actual_unit, actual_year, actual_text, actuals, met, achieved, src
MATCH (m:Measure)-[:HAS_TARGET]->(t:TargetMetric)
WHERE t.kind = "target" AND t.deadline_fy IS NOT NULL AND t.deadline_fy < $as_of
OPTIONAL MATCH (f:ReportedFigure)-[:FIGURE_OF]->(t)
WHERE f.kind = "actual"
WITH m, t, count(f) AS actuals
RETURN t.id AS id, m.id AS measure, m.no AS no, m.name AS name, t.text AS text,
       t.value AS value, t.unit AS unit, t.comparator AS comparator,
       t.deadline_fy AS deadline_fy, t.actual AS actual, t.actual_unit AS actual_unit,
       t.actual_year AS actual_year, t.actual_text AS actual_text, actuals,
       t.met AS met, t.achieved AS achieved, t.src AS src
ORDER BY deadline_fy, id
