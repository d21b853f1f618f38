// name: recommendation-measures
// description: The measures that address one recommendation, with the link's method, score and evidence.
// internal: true
// param: id str required -- the recommendation id
// example: id=R7-A1
// columns: no, name, method, score, evidence
MATCH (r:Recommendation {id: $id})-[e:ADDRESSED_BY]->(m:Measure)
RETURN m.no AS no, m.name AS name, e.method AS method, e.score AS score, e.evidence AS evidence
ORDER BY no
