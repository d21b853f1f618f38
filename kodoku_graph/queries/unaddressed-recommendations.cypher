// name: unaddressed-recommendations
// description: Recommendations (R3–R7) that no measure addresses yet (no ADDRESSED_BY), with their status (responded = the government answered, open = no answer), the number of years their theme was raised and the pillars they concern. Give a year (2021–2025) to see one year.
// param: year int = 0 -- calendar year of the recommendation (2021–2025); 0 lists all
// example: year=0
// example: year=2024
// columns: id, year, theme, text, status, years_raised, pillars
MATCH (r:Recommendation)
WHERE ($year = 0 OR r.year = $year) AND NOT (r)-[:ADDRESSED_BY]->(:Measure)
// years_raised: the theme's distinct years R3–R6 (RecommendationTheme.years); 1 for an R7
// item, which has no theme
OPTIONAL MATCH (r)-[:ON_THEME]->(t:RecommendationTheme)
OPTIONAL MATCH (r)-[:CONCERNS]->(p:Pillar)
WITH r, t, p ORDER BY p.no SKIP 0
WITH r, t, collect(DISTINCT p.id) AS pillars
RETURN r.id AS id, r.year AS year, r.theme AS theme, r.text AS text, r.status AS status,
       coalesce(t.years, 1) AS years_raised, pillars
ORDER BY year, theme, id
