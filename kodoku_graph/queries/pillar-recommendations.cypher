// name: pillar-recommendations
// description: The recommendations that concern one pillar (CONCERNS), with how (via).
// internal: true
// param: pillar int required -- the pillar number (1–4)
// example: pillar=1
// example: pillar=4
// columns: id, year, via
MATCH (r:Recommendation)-[e:CONCERNS]->(p:Pillar {no: $pillar})
RETURN r.id AS id, r.year AS year, e.via AS via
ORDER BY year, id
