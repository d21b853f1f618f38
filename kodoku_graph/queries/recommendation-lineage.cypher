// name: recommendation-lineage
// description: One theme of 参考２ across the years: each recommendation with its year, status, the earlier item it follows up, the measures linked to it (with method), and the government's response.
// param: theme int required -- the row of 参考２ (1–70)
// example: theme=11
// example: theme=67
// columns: id, year, text, status, follows_up, measures, response
MATCH (r:Recommendation)-[:ON_THEME]->(t:RecommendationTheme {row: $theme})
OPTIONAL MATCH (r)-[:FOLLOWS_UP]->(e:Recommendation)
WITH r, t, collect(DISTINCT e.id) AS follows_up
OPTIONAL MATCH (r)-[a:ADDRESSED_BY]->(m:Measure)
WITH r, t, follows_up, m, a ORDER BY m.no SKIP 0
// CASE: LadybugDB concatenates null as "", Neo4j yields null (which collect() skips)
WITH r, t, follows_up,
     collect(CASE WHEN m IS NULL THEN NULL ELSE m.id + " (" + a.method + ")" END) AS measures
RETURN r.id AS id, r.year AS year, r.text AS text, r.status AS status, follows_up, measures,
       t.response AS response
ORDER BY year, id
