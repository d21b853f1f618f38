// name: recommendation-follow-ups
// description: The recommendations one recommendation follows up (direction "follows_up") and those that follow it up ("followed_by").
// internal: true
// param: id str required -- the recommendation id
// example: id=R4-T14-1
// example: id=R6-T14-1
// unordered: a UNION ALL (the two stores order its parts differently); the caller sorts
// columns: direction, id
MATCH (r:Recommendation {id: $id})-[:FOLLOWS_UP]->(o:Recommendation)
RETURN "follows_up" AS direction, o.id AS id
UNION ALL
MATCH (o:Recommendation)-[:FOLLOWS_UP]->(r:Recommendation {id: $id})
RETURN "followed_by" AS direction, o.id AS id
