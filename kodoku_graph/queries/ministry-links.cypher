// name: ministry-links
// description: The edges of the ministry network: each pair of ministries with their Newman weight and the measures, councils and recommendations they share, strongest first.
// param: ministry str = "" -- only pairs that include this canonical ministry name; "" for all
// example: ministry=
// example: ministry=こども家庭庁
// columns: ministry_a, ministry_b, weight, measures, councils, recommendations, community_a, community_b
MATCH (a:Ministry)-[l:MINISTRY_LINK]->(b:Ministry)
WHERE $ministry = "" OR a.name = $ministry OR b.name = $ministry
RETURN a.name AS ministry_a, b.name AS ministry_b, l.weight AS weight, l.measures AS measures,
       l.councils AS councils, l.recommendations AS recommendations, a.community AS community_a,
       b.community AS community_b
ORDER BY weight DESC, ministry_a, ministry_b
