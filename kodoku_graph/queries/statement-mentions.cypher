// name: statement-mentions
// description: What each ministry reported at a meeting: statement → measure links (MENTIONS) with score, evidence sentence and its line; a ministry's own measures and others' marked.
// param: ministry str = "" -- only statements of this canonical ministry; "" for all
// example: ministry=
// example: ministry=警察庁
// columns: statement, ministry, measure, name, own, score, terms, evidence, src
MATCH (s:Statement)-[r:MENTIONS]->(x:Measure)
WHERE $ministry = "" OR s.ministry = $ministry
RETURN s.id AS statement, s.ministry AS ministry, x.id AS measure, x.name AS name,
       s.ministry IN x.ministries AS own, r.score AS score, r.terms AS terms, r.evidence AS evidence, r.src AS src
ORDER BY statement, measure
