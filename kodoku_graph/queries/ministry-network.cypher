// name: ministry-network
// description: The cross-ministry network's structure: each ministry's community (Louvain), degree, weighted degree (Newman-weighted shared measures, councils, recommendations) and betweenness (edge length 1/weight), computed at build time by graph/network.py; bridges first.
// param: community int = 0 -- only this community; 0 for all
// example: community=0
// example: community=2
// columns: ministry, community, betweenness, degree, weighted_degree, measures, councils
MATCH (m:Ministry)
WHERE $community = 0 OR m.community = $community
OPTIONAL MATCH (m)-[:RESPONSIBLE_FOR]->(x:Measure)
WITH m, count(DISTINCT x) AS measures
OPTIONAL MATCH (m)-[:MEMBER_OF]->(c:Council)
WITH m, measures, count(DISTINCT c) AS member_of
OPTIONAL MATCH (m)-[:ATTENDED]->(:Meeting)-[:MEETING_OF]->(c2:Council)
WITH m, measures, member_of, count(DISTINCT c2) AS attended
RETURN m.name AS ministry, m.community AS community, m.betweenness AS betweenness, m.degree AS degree,
       m.weighted_degree AS weighted_degree, measures, member_of + attended AS councils
ORDER BY betweenness DESC, weighted_degree DESC, ministry
