// name: recommendation-pillars
// description: The pillars one recommendation concerns, and through what (via).
// internal: true
// param: id str required -- the recommendation id
// example: id=R7-A1
// columns: no, title, via
MATCH (r:Recommendation {id: $id})-[e:CONCERNS]->(pl:Pillar)
RETURN pl.no AS no, pl.title AS title, e.via AS via
ORDER BY no
