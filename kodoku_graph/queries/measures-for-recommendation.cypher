// name: measures-for-recommendation
// description: The measures linked to one recommendation, with the method (response, text, curated), score and evidence of each link.
// param: id str required -- recommendation id, e.g. R4-T12-1 or R7-A1
// example: id=R5-T56-1
// example: id=R6-T11-1
// columns: recommendation, no, measure, name, method, score, evidence
MATCH (r:Recommendation {id: $id})-[a:ADDRESSED_BY]->(m:Measure)
RETURN r.id AS recommendation, m.no AS no, m.id AS measure, m.name AS name, a.method AS method,
       a.score AS score, a.evidence AS evidence
ORDER BY no, method
