// name: node-neighbours
// description: The neighbours of one node (any label), by edge type and direction: the neighbour's id, label and name (or title, text), and the edge's provenance src (file:line). One UNION ALL branch per edge type and direction of graph/model.py (tests/test_mcp.py checks they are all here), in the model's order, each ordered by id.
// param: id str required -- a node id: M127 (measure), 内閣府 (ministry), P3 (pillar), P3-4 (policy area), R4-T1-1 (recommendation)…
// example: id=M127
// example: id=R3-T2-1
// example: id=内閣府
// columns: type, direction, label, id, name, src
MATCH (n:Measure {id: $id})-[r:LISTED_IN]->(m:PolicyArea)
RETURN 'LISTED_IN' AS type, 'out' AS direction, 'PolicyArea' AS label, m.id AS id, m.title AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:PolicyArea {id: $id})<-[r:LISTED_IN]-(m:Measure)
RETURN 'LISTED_IN' AS type, 'in' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Measure {id: $id})-[r:RELISTED_IN]->(m:PolicyArea)
RETURN 'RELISTED_IN' AS type, 'out' AS direction, 'PolicyArea' AS label, m.id AS id, m.title AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:PolicyArea {id: $id})<-[r:RELISTED_IN]-(m:Measure)
RETURN 'RELISTED_IN' AS type, 'in' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:PolicyArea {id: $id})-[r:IN_PILLAR]->(m:Pillar)
RETURN 'IN_PILLAR' AS type, 'out' AS direction, 'Pillar' AS label, m.id AS id, m.title AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Pillar {id: $id})<-[r:IN_PILLAR]-(m:PolicyArea)
RETURN 'IN_PILLAR' AS type, 'in' AS direction, 'PolicyArea' AS label, m.id AS id, m.title AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})-[r:RESPONSIBLE_FOR]->(m:Measure)
RETURN 'RESPONSIBLE_FOR' AS type, 'out' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Measure {id: $id})<-[r:RESPONSIBLE_FOR]-(m:Ministry)
RETURN 'RESPONSIBLE_FOR' AS type, 'in' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})-[r:CO_RESPONSIBLE]->(m:Ministry)
RETURN 'CO_RESPONSIBLE' AS type, 'out' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})<-[r:CO_RESPONSIBLE]-(m:Ministry)
RETURN 'CO_RESPONSIBLE' AS type, 'in' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Measure {id: $id})-[r:HAS_TARGET]->(m:TargetMetric)
RETURN 'HAS_TARGET' AS type, 'out' AS direction, 'TargetMetric' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:TargetMetric {id: $id})<-[r:HAS_TARGET]-(m:Measure)
RETURN 'HAS_TARGET' AS type, 'in' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:StatusRow {id: $id})-[r:STATUS_OF]->(m:Measure)
RETURN 'STATUS_OF' AS type, 'out' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Measure {id: $id})<-[r:STATUS_OF]-(m:StatusRow)
RETURN 'STATUS_OF' AS type, 'in' AS direction, 'StatusRow' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Recommendation {id: $id})-[r:ON_THEME]->(m:RecommendationTheme)
RETURN 'ON_THEME' AS type, 'out' AS direction, 'RecommendationTheme' AS label, m.id AS id, m.response AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:RecommendationTheme {id: $id})<-[r:ON_THEME]-(m:Recommendation)
RETURN 'ON_THEME' AS type, 'in' AS direction, 'Recommendation' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Recommendation {id: $id})-[r:FOLLOWS_UP]->(m:Recommendation)
RETURN 'FOLLOWS_UP' AS type, 'out' AS direction, 'Recommendation' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Recommendation {id: $id})<-[r:FOLLOWS_UP]-(m:Recommendation)
RETURN 'FOLLOWS_UP' AS type, 'in' AS direction, 'Recommendation' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Recommendation {id: $id})-[r:ANSWERED_BY]->(m:Response)
RETURN 'ANSWERED_BY' AS type, 'out' AS direction, 'Response' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Response {id: $id})<-[r:ANSWERED_BY]-(m:Recommendation)
RETURN 'ANSWERED_BY' AS type, 'in' AS direction, 'Recommendation' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Response {id: $id})-[r:CITES]->(m:Measure)
RETURN 'CITES' AS type, 'out' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Measure {id: $id})<-[r:CITES]-(m:Response)
RETURN 'CITES' AS type, 'in' AS direction, 'Response' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Recommendation {id: $id})-[r:ADDRESSED_BY]->(m:Measure)
RETURN 'ADDRESSED_BY' AS type, 'out' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Measure {id: $id})<-[r:ADDRESSED_BY]-(m:Recommendation)
RETURN 'ADDRESSED_BY' AS type, 'in' AS direction, 'Recommendation' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Recommendation {id: $id})-[r:CONCERNS]->(m:Pillar)
RETURN 'CONCERNS' AS type, 'out' AS direction, 'Pillar' AS label, m.id AS id, m.title AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Pillar {id: $id})<-[r:CONCERNS]-(m:Recommendation)
RETURN 'CONCERNS' AS type, 'in' AS direction, 'Recommendation' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:PolicyEdition {id: $id})-[r:EDITION_OF]->(m:Pillar)
RETURN 'EDITION_OF' AS type, 'out' AS direction, 'Pillar' AS label, m.id AS id, m.title AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Pillar {id: $id})<-[r:EDITION_OF]-(m:PolicyEdition)
RETURN 'EDITION_OF' AS type, 'in' AS direction, 'PolicyEdition' AS label, m.id AS id, m.title AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})-[r:MEMBER_OF]->(m:Council)
RETURN 'MEMBER_OF' AS type, 'out' AS direction, 'Council' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Council {id: $id})<-[r:MEMBER_OF]-(m:Ministry)
RETURN 'MEMBER_OF' AS type, 'in' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Meeting {id: $id})-[r:MEETING_OF]->(m:Council)
RETURN 'MEETING_OF' AS type, 'out' AS direction, 'Council' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Council {id: $id})<-[r:MEETING_OF]-(m:Meeting)
RETURN 'MEETING_OF' AS type, 'in' AS direction, 'Meeting' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})-[r:ATTENDED]->(m:Meeting)
RETURN 'ATTENDED' AS type, 'out' AS direction, 'Meeting' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Meeting {id: $id})<-[r:ATTENDED]-(m:Ministry)
RETURN 'ATTENDED' AS type, 'in' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})-[r:STATED]->(m:Meeting)
RETURN 'STATED' AS type, 'out' AS direction, 'Meeting' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Meeting {id: $id})<-[r:STATED]-(m:Ministry)
RETURN 'STATED' AS type, 'in' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Statement {id: $id})-[r:SPOKEN_AT]->(m:Meeting)
RETURN 'SPOKEN_AT' AS type, 'out' AS direction, 'Meeting' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Meeting {id: $id})<-[r:SPOKEN_AT]-(m:Statement)
RETURN 'SPOKEN_AT' AS type, 'in' AS direction, 'Statement' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Statement {id: $id})-[r:MENTIONS]->(m:Measure)
RETURN 'MENTIONS' AS type, 'out' AS direction, 'Measure' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Measure {id: $id})<-[r:MENTIONS]-(m:Statement)
RETURN 'MENTIONS' AS type, 'in' AS direction, 'Statement' AS label, m.id AS id, m.text AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})-[r:MINISTRY_LINK]->(m:Ministry)
RETURN 'MINISTRY_LINK' AS type, 'out' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
UNION ALL
MATCH (n:Ministry {id: $id})<-[r:MINISTRY_LINK]-(m:Ministry)
RETURN 'MINISTRY_LINK' AS type, 'in' AS direction, 'Ministry' AS label, m.id AS id, m.name AS name, r.src AS src
ORDER BY id
