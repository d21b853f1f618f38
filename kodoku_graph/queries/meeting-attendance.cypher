// name: meeting-attendance
// description: Who attended a meeting for which ministry, with title and whether as a proxy (代理出席), in the order of the minutes.
// param: meeting str = "MTG-suishin-2" -- the meeting id
// param: proxy_only bool = false -- only proxies
// example: meeting=MTG-suishin-2
// example: proxy_only=true
// columns: meeting, date, no, ministry, person, title, proxy, src
MATCH (m:Ministry)-[a:ATTENDED]->(mt:Meeting)
WHERE mt.id = $meeting AND (NOT $proxy_only OR a.proxy)
RETURN mt.id AS meeting, mt.date AS date, a.`order` AS no, m.name AS ministry, a.person AS person,
       a.title AS title, a.proxy AS proxy, a.src AS src
ORDER BY no
