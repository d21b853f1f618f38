// name: recommendation-responses
// description: The government's responses (対応状況) to one recommendation.
// internal: true
// param: id str required -- the recommendation id
// example: id=R6-T14-1
// columns: id, text, src
MATCH (r:Recommendation {id: $id})-[:ANSWERED_BY]->(s:Response)
RETURN s.id AS id, s.text AS text, s.src AS src
ORDER BY id
