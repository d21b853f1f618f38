// name: theme-persistence
// description: Themes of 参考２ raised in at least min_years of the years R3–R6, with the years, the number of items, how many are addressed by a measure, and whether the government responded.
// param: min_years int = 3 -- least number of years the theme was raised
// example: min_years=3
// example: min_years=4
// columns: theme, years, years_raised, items, addressed, responded, response
MATCH (r:Recommendation)-[:ON_THEME]->(t:RecommendationTheme)
WITH t, r ORDER BY r.year SKIP 0
WITH t, collect(DISTINCT r.year) AS years, count(r) AS items,
     sum(CASE WHEN r.status = "addressed" THEN 1 ELSE 0 END) AS addressed
WHERE size(years) >= $min_years
RETURN t.row AS theme, years, size(years) AS years_raised, items, addressed,
       t.response <> "" AS responded, t.response AS response
ORDER BY years_raised DESC, theme
