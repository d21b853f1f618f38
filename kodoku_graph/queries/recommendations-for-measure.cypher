// name: recommendations-for-measure
// description: The recommendations a measure addresses, with year, theme, method, score and evidence of each link.
// param: no int required -- the measure number (1–143)
// example: no=12
// example: no=134
// columns: id, year, theme, text, method, score, evidence
MATCH (r:Recommendation)-[a:ADDRESSED_BY]->(m:Measure {no: $no})
RETURN r.id AS id, r.year AS year, r.theme AS theme, r.text AS text, a.method AS method,
       a.score AS score, a.evidence AS evidence
ORDER BY year, theme, id
