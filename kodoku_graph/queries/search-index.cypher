// name: search-index
// description: The texts the search matches: every measure (name and FY2024 summary), recommendation (its text) and ministry (name, and once per alias), with id and provenance src; each part ordered by id. The matching itself (NFKC, all words, case and spaces ignored) runs in Python, as in the explorer.
// internal: true
// example:
// columns: label, id, name, text, src
MATCH (m:Measure)
RETURN 'Measure' AS label, m.id AS id, m.name AS name, coalesce(m.summary, '') AS text, m.src AS src
ORDER BY id
UNION ALL
MATCH (r:Recommendation)
RETURN 'Recommendation' AS label, r.id AS id, r.text AS name, '' AS text, r.src AS src
ORDER BY id
UNION ALL
MATCH (mi:Ministry)
RETURN 'Ministry' AS label, mi.id AS id, mi.name AS name, '' AS text, mi.src AS src
ORDER BY id
UNION ALL
MATCH (mi:Ministry)
UNWIND mi.aliases AS alias
RETURN 'Ministry' AS label, mi.id AS id, mi.name AS name, alias AS text, mi.src AS src
ORDER BY id, text
