// name: recommendation-candidates
// description: The candidate links (CANDIDATE) of one recommendation, highest confidence first: each measure with the linker's confidence, method and evidence, whether the build links it and the deciding review, if any (the recommendation page's review buttons).
// internal: true
// param: id str required -- the recommendation id
// example: id=R5-T30-1
// columns: measure, name, confidence, method, evidence, automatic, linked, decision, reviewer, note, decided_at
MATCH (r:Recommendation {id: $id})-[c:CANDIDATE]->(m:Measure)
OPTIONAL MATCH (r)-[a:ADDRESSED_BY]->(m)
WITH c, m, count(a) AS links
RETURN m.no AS measure, m.name AS name, c.confidence AS confidence, c.method AS method,
       c.evidence AS evidence, c.automatic AS automatic, links > 0 AS linked,
       c.decision AS decision, c.reviewer AS reviewer, c.note AS note, c.decided_at AS decided_at
ORDER BY confidence DESC, measure
