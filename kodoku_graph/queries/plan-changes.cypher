// name: plan-changes
// description: What changed between the 2024 plan (its FY2024 status report) and the 2026 lineup: lineup measures with no 2024 counterpart (change new_in_2026, id M…) and status-report rows with no lineup counterpart (change dropped_after_2024, id S2024-…).
// param: change str = "" -- new_in_2026 or dropped_after_2024; "" for both
// example: change=
// example: change=new_in_2026
// columns: change, id, no, name, ministries, src
MATCH (x)
WHERE x.plan_change <> "" AND ($change = "" OR x.plan_change = $change)
RETURN x.plan_change AS change, x.id AS id, x.no AS no, x.name AS name,
       x.ministries AS ministries, x.src AS src
ORDER BY change, id
