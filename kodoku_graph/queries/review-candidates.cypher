// name: review-candidates
// description: The review queue: recommendation → measure candidate links (CANDIDATE edges: every pair the linker found some evidence for, and every pair a reviewer decided) with the linker's confidence, method and evidence, whether the linker alone would link it (automatic), whether the build links it now (linked) and the deciding review (decision accept | reject, or '' for undecided; reviewer, note, time). Highest confidence first. pending=true lists only the undecided candidates; filter by year, theme (参考２ row) and a ministry responsible for the measure.
// param: pending bool = false -- only candidates nobody has decided
// param: year int = 0 -- calendar year of the recommendation (2021–2025); 0 = all
// param: theme int = 0 -- 参考２ theme row (1–70); 0 = all
// param: ministry str = "" -- canonical name of a ministry responsible for the measure, e.g. 厚生労働省; "" = all
// example: pending=true
// example: year=2024 theme=0
// example: ministry=厚生労働省 pending=true
// columns: recommendation, year, theme, kind, text, status, measure, name, ministries, confidence, method, evidence, automatic, linked, decision, reviewer, note, decided_at
MATCH (r:Recommendation)-[c:CANDIDATE]->(m:Measure)
WHERE ($pending = false OR c.decision = '')
  AND ($year = 0 OR r.year = $year)
  AND ($theme = 0 OR r.theme = $theme)
  AND ($ministry = '' OR EXISTS { MATCH (:Ministry {name: $ministry})-[:RESPONSIBLE_FOR]->(m) })
OPTIONAL MATCH (r)-[a:ADDRESSED_BY]->(m)
WITH r, c, m, count(a) AS links
RETURN r.id AS recommendation, r.year AS year, r.theme AS theme, r.kind AS kind, r.text AS text,
       r.status AS status, m.no AS measure, m.name AS name, m.ministries AS ministries,
       c.confidence AS confidence, c.method AS method, c.evidence AS evidence,
       c.automatic AS automatic, links > 0 AS linked, c.decision AS decision,
       c.reviewer AS reviewer, c.note AS note, c.decided_at AS decided_at
ORDER BY confidence DESC, recommendation, measure
