// name: unaddressed-recommendations
// description: Recommendations (R3–R6 items and R7 asks) that no measure surely addresses: status responded (the government answered, naming no measure) or open, and — with min_confidence above 0 — likely_addressed ones whose best text link is less sure than that. Each row shows the best candidate measure with its confidence and evidence, why it is a gap (no candidate, below threshold, no measure in the lineup, or an ask of a kind no measure carries: organisation, legislation, international, tax, other), the number of years its theme was raised and the pillars it concerns. R7 proposals split into asks and R7 background are not listed. Give a year (2021–2025) to see one year.
// param: year int = 0 -- calendar year of the recommendation (2021–2025); 0 lists all
// param: min_confidence float = 0 -- a likely_addressed recommendation whose best link's confidence is below this is listed as a gap too (0: never)
// example: year=0
// example: year=2024
// example: min_confidence=0.6
// columns: id, year, theme, text, status, years_raised, pillars, best_measure, confidence, evidence, why
MATCH (r:Recommendation)
WHERE ($year = 0 OR r.year = $year) AND r.kind IN ['item', 'ask']
  AND (r.status IN ['responded', 'open']
       OR (r.status = 'likely_addressed' AND r.confidence < $min_confidence))
// years_raised: the theme's distinct years R3–R6 (RecommendationTheme.years); 1 for an R7
// item, which has no theme
OPTIONAL MATCH (r)-[:ON_THEME]->(t:RecommendationTheme)
OPTIONAL MATCH (r)-[:CONCERNS]->(p:Pillar)
WITH r, t, p ORDER BY p.no SKIP 0
WITH r, t, collect(DISTINCT p.id) AS pillars
RETURN r.id AS id, r.year AS year, r.theme AS theme, r.text AS text, r.status AS status,
       coalesce(t.years, 1) AS years_raised, pillars, r.best_measure AS best_measure,
       r.confidence AS confidence, r.best_evidence AS evidence,
       CASE WHEN r.status = 'likely_addressed' THEN 'below min_confidence' ELSE r.gap_reason END AS why
ORDER BY year, theme, id
