// name: measure-texts
// description: Every measure's texts as the recommendation linker compares them (name, components, FY2024 summary), with its ministries in 【…】 order: what the MCP gaps tool ranks to suggest a best candidate measure for a recommendation no measure addresses.
// internal: true
// example:
// columns: id, no, name, ministries, components, summary
MATCH (m:Measure)
RETURN m.id AS id, m.no AS no, m.name AS name, m.ministries AS ministries,
       m.components AS components, m.summary AS summary
ORDER BY no
