// name: recommendation-theme
// description: The theme (row of 参考２) of one recommendation, with the government's response to it.
// internal: true
// param: id str required -- the recommendation id
// example: id=R3-T14-1
// unordered: one row
// columns: id, row, response
MATCH (r:Recommendation {id: $id})-[:ON_THEME]->(t:RecommendationTheme)
RETURN t.id AS id, t.row AS row, t.response AS response
