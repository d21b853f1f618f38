// name: council-members
// description: The members of a council: each position (議長 chair or 構成員 member) and the ministry it stands for.
// param: council str = "CNL-renraku" -- the council id
// example: council=CNL-renraku
// columns: council, established, ministry, role, position, src
MATCH (m:Ministry)-[r:MEMBER_OF]->(c:Council)
WHERE c.id = $council
RETURN c.name AS council, c.established AS established, m.name AS ministry, r.role AS role,
       r.position AS position, r.src AS src
ORDER BY src
