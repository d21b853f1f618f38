// name: review-disagreements
// description: Links whose automatic verdict disagrees with a reviewer's: accepted pairs the linker alone would not link, and rejected pairs it would (from the linker's candidates or a curated entry). The material for improving the linker; each row has the linker's confidence, method and evidence and the reviewer's decision, name, note and time.
// param: decision str = "" -- accept or reject; "" = both
// example: decision=
// example: decision=reject
// empty: the shipped data/curated has no reviews.yaml (no decisions); tests/test_reviews.py runs it on a build with decisions
// columns: recommendation, year, text, measure, name, decision, automatic, confidence, method, evidence, reviewer, note, decided_at
MATCH (r:Recommendation)-[c:CANDIDATE]->(m:Measure)
WHERE c.decision <> '' AND ($decision = '' OR c.decision = $decision)
  AND ((c.decision = 'accept' AND c.automatic = false) OR (c.decision = 'reject' AND c.automatic = true))
RETURN r.id AS recommendation, r.year AS year, r.text AS text, m.no AS measure, m.name AS name,
       c.decision AS decision, c.automatic AS automatic, c.confidence AS confidence,
       c.method AS method, c.evidence AS evidence, c.reviewer AS reviewer, c.note AS note,
       c.decided_at AS decided_at
ORDER BY decided_at DESC, recommendation, measure
