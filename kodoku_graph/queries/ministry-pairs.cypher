// name: ministry-pairs
// description: The co-responsible pairs of ministries (CO_RESPONSIBLE: one edge per pair), with the number and list of the measures they share.
// internal: true
// param: name str = "" -- only pairs with this canonical ministry name; "" for all
// example: name=
// example: name=内閣府
// columns: a, b, shared, measures
MATCH (x:Ministry)-[c:CO_RESPONSIBLE]->(y:Ministry)
WHERE $name = "" OR x.name = $name OR y.name = $name
RETURN x.name AS a, y.name AS b, c.weight AS shared, c.measures AS measures
ORDER BY a, b
