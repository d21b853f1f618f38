// name: measure-status
// description: One lineup measure's FY2024 status (the matched 2024 row number, how it was matched and with what confidence, summary, goal, achievement, review, URL) and the ids and exact source texts of its quantitative targets (TargetMetric nodes carry value, unit, deadline_fy, actual, achieved and origin goal/review).
// param: no int required -- the measure number of the 2026 lineup (1–143)
// example: no=73
// example: no=15
// columns: id, no, name, fy2024_no, method, confidence, summary, goal, achievement, review, url, url_broken, target_ids, target_texts
MATCH (m:Measure {no: $no})
OPTIONAL MATCH (m)-[:HAS_TARGET]->(t:TargetMetric)
WITH m, t
ORDER BY t.id
SKIP 0
WITH m, collect(t.id) AS target_ids, collect(t.text) AS target_texts
RETURN m.id AS id, m.no AS no, m.name AS name, m.fy2024_no AS fy2024_no,
       m.fy2024_method AS method, m.fy2024_confidence AS confidence, m.summary AS summary,
       m.goal AS goal, m.achievement AS achievement, m.review AS review, m.url AS url,
       m.url_broken AS url_broken, target_ids, target_texts
