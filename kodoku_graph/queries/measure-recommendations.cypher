// name: measure-recommendations
// description: The recommendations one measure addresses, with the link's method and score, by year.
// internal: true
// param: no int required -- the measure number (1–143)
// example: no=12
// columns: id, year, text, method, score
MATCH (r:Recommendation)-[e:ADDRESSED_BY]->(m:Measure {no: $no})
RETURN r.id AS id, r.year AS year, r.text AS text, e.method AS method, e.score AS score
ORDER BY year, id
