// name: measure-status
// description: One lineup measure's FY2024 status (the matched 2024 row number, how it was matched and with what confidence, summary, goal, achievement, review, URL, and the quality flag of each text: clean / fragment / garbled / empty) the ids and exact source texts of its quantitative targets (TargetMetric of kind target: value, unit, comparator, deadline_fy or annual + start_fy, latest actual, achieved/met, column goal/review) and of its reported figures (ReportedFigure: baselines Mnnn-Bk and actuals Mnnn-Ak, each with value, unit and the fiscal year it is of).
// param: no int required -- the measure number of the 2026 lineup (1–143)
// example: no=73
// example: no=15
// columns: id, no, name, fy2024_no, method, confidence, summary, goal, achievement, review, url, url_broken, target_ids, target_texts, figure_ids, figure_texts, summary_quality, goal_quality, achievement_quality, review_quality, url_raw
MATCH (m:Measure {no: $no})
OPTIONAL MATCH (m)-[:HAS_TARGET]->(t:TargetMetric)
WHERE t.kind = "target"
WITH m, t
ORDER BY t.id
SKIP 0
WITH m, collect(t.id) AS target_ids, collect(t.text) AS target_texts
OPTIONAL MATCH (m)-[:HAS_FIGURE]->(f:ReportedFigure)
WITH m, target_ids, target_texts, f
ORDER BY f.id
SKIP 0
WITH m, target_ids, target_texts, collect(f.id) AS figure_ids, collect(f.text) AS figure_texts
RETURN m.id AS id, m.no AS no, m.name AS name, m.fy2024_no AS fy2024_no,
       m.fy2024_method AS method, m.fy2024_confidence AS confidence, m.summary AS summary,
       m.goal AS goal, m.achievement AS achievement, m.review AS review, m.url AS url,
       m.url_broken AS url_broken, target_ids, target_texts, figure_ids, figure_texts,
       m.summary_quality AS summary_quality, m.goal_quality AS goal_quality,
       m.achievement_quality AS achievement_quality, m.review_quality AS review_quality,
       m.url_raw AS url_raw
