// name: unaddressed-recommendations
// description: Recommendations (R3–R7) that no measure addresses yet (no ADDRESSED_BY), with their status (responded = the government answered, open = no answer), the number of years their theme was raised and the pillars they concern. Give a year (2021–2025) to see one year.
// param: year int = 0 -- calendar year of the recommendation (2021–2025); 0 lists all
// example: year=0
// example: year=2024
// columns: id, year, theme, text, status, years_raised, pillars
MATCH (r:Recommendation)
WHERE ($year = 0 OR r.year = $year) AND NOT (r)-[:ADDRESSED_BY]->(:Measure)
// Two clauses, not one pattern: within one pattern Neo4j never reuses a relationship, so
// `(r)-[:ON_THEME]->(t)<-[:ON_THEME]-(o)` would leave r itself out of o on Neo4j only.
OPTIONAL MATCH (r)-[:ON_THEME]->(t:RecommendationTheme)
OPTIONAL MATCH (t)<-[:ON_THEME]-(o:Recommendation)
WITH r, count(DISTINCT o.year) AS years_raised
OPTIONAL MATCH (r)-[:CONCERNS]->(p:Pillar)
WITH r, years_raised, p ORDER BY p.no SKIP 0
WITH r, years_raised, collect(DISTINCT p.id) AS pillars
RETURN r.id AS id, r.year AS year, r.theme AS theme, r.text AS text, r.status AS status,
       CASE WHEN years_raised = 0 THEN 1 ELSE years_raised END AS years_raised, pillars
ORDER BY year, theme, id
