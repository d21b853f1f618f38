// name: recommendation-list
// description: Every recommendation (R3–R7) with every property and the numbers of the measures that address it, by year and id (the API's /recommendations; filters run in Python).
// internal: true
// columns: recommendation, measures
MATCH (r:Recommendation)
OPTIONAL MATCH (r)-[:ADDRESSED_BY]->(m:Measure)
WITH r, m
ORDER BY m.no
SKIP 0
WITH r, collect(m.no) AS measures
RETURN r AS recommendation, measures
ORDER BY r.year, r.id
