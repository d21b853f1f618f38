// name: measures-for-recommendation
// description: The measures linked to one recommendation, with the method (response, theme, curated, text), score, evidence and calibrated confidence (0–1) of each link.
// param: id str required -- recommendation id, e.g. R4-T12-1 or R7-A1
// example: id=R5-T56-1
// example: id=R6-T11-1
// columns: recommendation, no, measure, name, method, score, evidence, confidence
MATCH (r:Recommendation {id: $id})-[a:ADDRESSED_BY]->(m:Measure)
RETURN r.id AS recommendation, m.no AS no, m.id AS measure, m.name AS name, a.method AS method,
       a.score AS score, a.evidence AS evidence, a.confidence AS confidence
ORDER BY no, method
