// name: measure-areas
// description: The policy areas of one measure: where it is defined (LISTED_IN) and where it is listed again (RELISTED_IN), with the pillar's title.
// internal: true
// param: no int required -- the measure number (1–143)
// example: no=127
// example: no=12
// columns: via, id, pillar, area, title, pillar_title
MATCH (m:Measure {no: $no})-[e:LISTED_IN|RELISTED_IN]->(a:PolicyArea)-[:IN_PILLAR]->(p:Pillar)
RETURN e.type AS via, a.id AS id, a.pillar AS pillar, a.area AS area, a.title AS title,
       p.title AS pillar_title
ORDER BY via, id
