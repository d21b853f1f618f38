// name: pillar-list
// description: The plan's four pillars (基本方針), every property.
// internal: true
// columns: pillar
MATCH (p:Pillar)
RETURN p AS pillar
ORDER BY p.no
