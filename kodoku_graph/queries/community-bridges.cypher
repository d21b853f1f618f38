// name: community-bridges
// description: The measures that connect two communities of the ministry network: one row per community pair and measure shared by ministries of both, with the measure's ministries.
// param: community int = 0 -- only pairs that include this community; 0 for all
// example: community=0
// columns: community_a, community_b, measure, name, ministries
MATCH (a:Ministry)-[l:MINISTRY_LINK]->(b:Ministry)
WHERE a.community <> b.community AND ($community = 0 OR a.community = $community OR b.community = $community)
UNWIND l.measures AS no
MATCH (m:Measure)
WHERE m.no = no
WITH CASE WHEN a.community < b.community THEN a.community ELSE b.community END AS community_a,
     CASE WHEN a.community < b.community THEN b.community ELSE a.community END AS community_b, m
RETURN DISTINCT community_a, community_b, m.id AS measure, m.name AS name, m.ministries AS ministries
ORDER BY community_a, community_b, measure
