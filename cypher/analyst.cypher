// Queries for investigators: run them with `graphfraud query NAME --param key=value`
// (read-only), or paste them into Neo4j Browser and set the parameters there with
// `:param key => 'value'`. Keys are "type:value" with canonical values, as graphfraud
// prints them: "phone:+84912345678", "account:0123456789", "ip:203.0.113.5".
// A relationship's `amount` is a number (compare and add it: `t.amount > 1e8`) and
// `amount_text` its exact decimal text; the queries below return the exact text as `amount`
// (`coalesce(...)`: a store written before amounts were numbers has the text in `amount`).

// name: neighbours
// doc: Everything linked to one identifier, with relationship type, direction, time and amount.
// params: $key, $limit=100
MATCH (n:Entity {key: $key})-[e]-(m:Entity)
RETURN type(e) AS rel,
       CASE WHEN startNode(e) = n THEN 'out' ELSE 'in' END AS direction,
       m.key AS neighbour, e.time AS time, coalesce(e.amount_text, e.amount) AS amount
ORDER BY rel, neighbour, time
LIMIT $limit

// name: top_connected
// doc: The identifiers of one type ($type: phone, account, ip, device, social, email, url,
//   person, case) with the most links.
// params: $type, $limit=20
MATCH (n:Entity {type: $type})
RETURN n.key AS key, COUNT { (n)--() } AS links
ORDER BY links DESC, key
LIMIT $limit

// name: transfers_from
// doc: Money sent from one account (canonical digits), oldest first.
// params: $account, $limit=100
MATCH (a:Account {value: $account})-[t:TRANSFER]->(b:Account)
RETURN b.value AS to_account, b.bank AS to_bank, t.time AS time, coalesce(t.amount_text, t.amount) AS amount
ORDER BY t.ts
LIMIT $limit

// name: transfers_to
// doc: Money received by one account (canonical digits), oldest first.
// params: $account, $limit=100
MATCH (b:Account {value: $account})<-[t:TRANSFER]-(a:Account)
RETURN a.value AS from_account, a.bank AS from_bank, t.time AS time, coalesce(t.amount_text, t.amount) AS amount
ORDER BY t.ts
LIMIT $limit

// name: shared_devices
// doc: Devices used by at least $min_accounts accounts (a mule herder's phone).
// params: $min_accounts=2, $limit=50
MATCH (d:Device)<-[:LOGIN]-(a:Account)
WITH d, collect(DISTINCT a.value) AS accounts
WHERE size(accounts) >= $min_accounts
RETURN d.value AS device, size(accounts) AS n_accounts, accounts[..20] AS accounts
ORDER BY n_accounts DESC, device
LIMIT $limit

// name: shared_ips
// doc: IP addresses used by at least $min_accounts accounts.
// params: $min_accounts=2, $limit=50
MATCH (i:IP)<-[:LOGIN]-(a:Account)
WITH i, collect(DISTINCT a.value) AS accounts
WHERE size(accounts) >= $min_accounts
RETURN i.value AS ip, size(accounts) AS n_accounts, accounts[..20] AS accounts
ORDER BY n_accounts DESC, ip
LIMIT $limit

// name: case_identifiers
// doc: What one case mentions: identifiers with their role (victim, suspect, related).
// params: $case
MATCH (c:Case {value: $case})-[m:MENTION]->(x:Entity)
RETURN m.disc AS role, x.type AS type, x.value AS value
ORDER BY role, type, value

// name: linked_cases
// doc: Pairs of cases that mention the same identifiers, most shared first.
// params: $limit=50
MATCH (c1:Case)-[:MENTION]->(x:Entity)<-[:MENTION]-(c2:Case)
WHERE c1.value < c2.value
RETURN c1.value AS case_a, c2.value AS case_b, count(DISTINCT x) AS shared,
       collect(DISTINCT x.key)[..10] AS identifiers
ORDER BY shared DESC, case_a, case_b
LIMIT $limit

// name: load_history
// doc: The files loaded, oldest first, with their counts.
// params: none
MATCH (l:Load)
WHERE l.finished IS NOT NULL
RETURN l.file AS file, l.sheet AS sheet, l.kind AS kind, l.rows AS rows,
       l.nodes_added AS nodes_added, l.edges_added AS edges_added, l.rejects AS rejects,
       l.started AS started, l.finished AS finished
ORDER BY started, file, sheet
