// name: ministry-list
// description: Every ministry with its kind, aliases and number of measures, most measures first.
// internal: true
// columns: name, kind, aliases, measures, src
MATCH (mi:Ministry)
OPTIONAL MATCH (mi)-[:RESPONSIBLE_FOR]->(m:Measure)
WITH mi, count(m) AS measures
RETURN mi.name AS name, mi.kind AS kind, mi.aliases AS aliases, measures, mi.src AS src
ORDER BY measures DESC, name
