// name: recommendation-node
// description: One recommendation by id with every property of the model.
// internal: true
// param: id str required -- the recommendation id (R3-T14-1, R7-A3-3, …)
// example: id=R7-A3-3
// unordered: one row
// columns: recommendation
MATCH (r:Recommendation {id: $id})
RETURN r AS recommendation
