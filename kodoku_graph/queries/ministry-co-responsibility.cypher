// name: ministry-co-responsibility
// description: Pairs of ministries that share responsibility for measures, with the number of shared measures and their numbers, most shared first.
// param: ministry str = "" -- only pairs that include this canonical ministry name; "" for all pairs
// example: ministry=
// example: ministry=内閣府
// columns: ministry_a, ministry_b, shared, measures
MATCH (a:Ministry)-[c:CO_RESPONSIBLE]->(b:Ministry)
WHERE $ministry = "" OR a.name = $ministry OR b.name = $ministry
RETURN a.name AS ministry_a, b.name AS ministry_b, c.weight AS shared, c.measures AS measures
ORDER BY shared DESC, ministry_a, ministry_b
