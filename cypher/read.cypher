// Reading: what Neo4jStore answers stats, find, path and the whole-graph analyses with.
// Orderings follow the embedded store's (graphfraud/store/sqlite.py) so that both
// stores give the same answers: edges by type, end points, time (none first) and
// fact id (the same 64-bit key on both stores). A relationship's `amount` is a number and
// `amount_text` the exact decimal text; a store written before amounts were numbers has the
// text in `amount` and no `amount_text`: `coalesce(e.amount_text, e.amount)` is the exact
// text in both layouts. `{label}` / `{rel}` / `{rels}` / `{max_hops}` are filled by
// graphfraud/queries.py from the model's allow-list only.

// name: is_loaded
// doc: Whether this file (SHA-256) and sheet has a finished load.
// params: $sha256, $sheet
MATCH (l:Load {sha256: $sha256, sheet: $sheet})
WHERE l.finished IS NOT NULL
RETURN count(l) > 0 AS loaded

// name: count_label
// doc: How many nodes have one label ({label}); answered from Neo4j's count store.
// params: none
MATCH (n:{label})
RETURN count(n) AS n

// name: count_rel
// doc: How many relationships have one type ({rel}); answered from Neo4j's count store.
// params: none
MATCH ()-[r:{rel}]->()
RETURN count(r) AS n

// name: load_totals
// doc: Files (distinct SHA-256) and rejects of the finished loads.
// params: none
MATCH (l:Load)
WHERE l.finished IS NOT NULL
RETURN count(DISTINCT l.sha256) AS files, coalesce(sum(l.rejects), 0) AS rejects

// name: nodes_by_key
// doc: The nodes that exist among the given keys ("type:value"), with their props (JSON text).
// params: $keys
UNWIND $keys AS k
MATCH (n:Entity {key: k})
USING INDEX n:Entity(key)
RETURN n.key AS key, n.type AS type, n.value AS value, n.props AS props

// name: degrees
// doc: Number of relationships of the model touching each node (a self-loop counts twice).
// params: $keys
UNWIND $keys AS k
MATCH (n:Entity {key: k})
USING INDEX n:Entity(key)
RETURN n.key AS key,
       COUNT { (n)-[:{rels}]->() } + COUNT { (n)<-[:{rels}]-() } AS degree

// name: incident
// doc: Relationships of the types $types touching the given nodes, either direction, at
//   most $limit per node and direction, chosen in the embedded store's order.
// params: $keys, $types, $limit
UNWIND $keys AS k
MATCH (n:Entity {key: k})
USING INDEX n:Entity(key)
CALL {
  WITH n
  MATCH (n)-[e:{rels}]->(m)
  WHERE type(e) IN $types
  RETURN e, n AS s, m AS d
    ORDER BY type(e), m.type, m.value, e.ts IS NOT NULL, e.ts, e.id
    LIMIT $limit
  UNION ALL
  WITH n
  MATCH (n)<-[e:{rels}]-(m)
  WHERE type(e) IN $types
  RETURN e, m AS s, n AS d
    ORDER BY type(e), m.type, m.value, e.ts IS NOT NULL, e.ts, e.id
    LIMIT $limit
}
RETURN e.id AS id, type(e) AS type, s.type AS st, s.value AS sv, d.type AS dt,
       d.value AS dv, e.ts AS ts, coalesce(e.amount_text, e.amount) AS amount, e.props AS props

// name: edges_prov
// doc: The provenance entries of relationships of any model type given by their fact ids, in one
//   statement: the planner seeks each type's unique `id` index in turn (a union of index seeks),
//   where one statement per type cost a round trip each.
// params: $ids
UNWIND $ids AS id
MATCH ()-[e:{rels} {id: id}]->()
RETURN e.id AS id, e.prov AS prov

// name: node_prov
// doc: Where one node was stated: its own provenance entries (rows that name it on its own)
//   and those of every relationship it is an end of (a self-loop, such as a withdrawal, once),
//   as the embedded store lists them.
// params: $key
MATCH (n:Entity {key: $key})
RETURN n.prov AS prov,
       [(n)-[e:{rels}]->() | e.prov] AS out_prov,
       [(n)<-[e:{rels}]-(m) WHERE m <> n | e.prov] AS in_prov

// name: node_mentions
// doc: Of many nodes at once, the provenance entries of their own stand-alone mentions (rows
//   that name a node on its own, not through a relationship); nodes without any are left out.
// params: $keys
UNWIND $keys AS key
MATCH (n:Entity {key: key})
WHERE n.prov IS NOT NULL AND size(n.prov) > 0
RETURN key, n.prov AS prov

// name: loads_by_id
// doc: The finished loads among the given load ids (provenance names finished loads only).
// params: $ids
MATCH (l:Load)
WHERE l.load_id IN $ids AND l.finished IS NOT NULL
RETURN l.load_id AS load_id, l.path AS path, l.sha256 AS sha256, l.sheet AS sheet

// name: all_nodes
// doc: Every identifier node, for whole-graph analyses.
// params: none
MATCH (n:Entity)
RETURN n.type AS type, n.value AS value, n.props AS props

// name: all_edges
// doc: Every relationship of the types $types between identifier nodes, for whole-graph
//   analyses.
// params: $types
MATCH (a:Entity)-[e:{rels}]->(b:Entity)
WHERE type(e) IN $types
RETURN e.id AS id, type(e) AS type, a.key AS src, b.key AS dst, e.ts AS ts,
       coalesce(e.amount_text, e.amount) AS amount, e.props AS props

// name: all_nodes_columns
// doc: Every identifier node, for whole-graph analyses, as columns: one row per $chunk nodes,
//   each field a list (one list per row costs the driver far less than one row per node). No
//   field is null (collect() would drop it and shift the lists): props '' where there are none.
// params: $chunk
MATCH (n:Entity)
WITH collect(n) AS nodes
UNWIND range(0, size(nodes) - 1, $chunk) AS i
CALL {
  WITH nodes, i
  UNWIND nodes[i..i + $chunk] AS n
  RETURN count(n) AS n, collect(n.type) AS type, collect(n.value) AS value,
         collect(coalesce(n.props, '')) AS props
}
RETURN n, type, value, props

// name: all_edges_columns
// doc: Every relationship of the types $types between identifier nodes, for whole-graph
//   analyses, as columns: one row for the relationships leaving each $chunk nodes, each field a
//   list. No field is null (collect() would drop it and shift the lists): ts NaN, amount '' and
//   props '' where there are none; `n` counts the relationships, so a shifted list is caught.
// params: $types, $chunk
MATCH (a:Entity)
WITH collect(a) AS nodes
UNWIND range(0, size(nodes) - 1, $chunk) AS i
CALL {
  WITH nodes, i
  UNWIND nodes[i..i + $chunk] AS a
  MATCH (a)-[e:{rels}]->(b:Entity)
  WHERE type(e) IN $types
  RETURN count(e) AS n, collect(e.id) AS id, collect(type(e)) AS type, collect(a.key) AS src,
         collect(b.key) AS dst, collect(coalesce(e.ts, 0.0 / 0.0)) AS ts,
         collect(coalesce(e.amount_text, e.amount, '')) AS amount, collect(coalesce(e.props, '')) AS props
}
RETURN n, id, type, src, dst, ts, amount, props

// name: finished_loads
// doc: The finished loads, oldest first.
// params: none
MATCH (l:Load)
WHERE l.finished IS NOT NULL
RETURN l.load_id AS load_id, l.sha256 AS sha256, l.path AS path, l.sheet AS sheet,
       l.kind AS kind, l.rows AS rows, l.nodes_added AS nodes_added,
       l.edges_added AS edges_added, l.edges_seen AS edges_seen, l.rejects AS rejects,
       l.started AS started, l.finished AS finished
ORDER BY started, path, sheet

// name: rejects
// doc: The rejected values of finished loads (of one load if $load_id is not null).
// params: $load_id
MATCH (l:Load)
WHERE l.finished IS NOT NULL AND ($load_id IS NULL OR l.load_id = $load_id)
MATCH (x:Reject {load_id: l.load_id})
RETURN l.path AS file, l.sheet AS sheet, x.row AS row, x.col AS column, x.value AS value,
       x.reason AS reason, x.load_id AS load_id
ORDER BY file, sheet, row, column, x.n

// name: shortest_path
// doc: One shortest path between two nodes, following relationships of the model in either
//   direction, at most {max_hops} long (a number filled by graphfraud/queries.py).
// params: $a, $b
MATCH (a:Entity {key: $a})
MATCH (b:Entity {key: $b})
MATCH p = shortestPath((a)-[:{rels}*..{max_hops}]-(b))
RETURN [e IN relationships(p) | {id: e.id, type: type(e), src: startNode(e).key,
        dst: endNode(e).key, ts: e.ts, amount: coalesce(e.amount_text, e.amount), props: e.props}] AS edges

// name: audit_head
// doc: The chain head of the audit log that the store keeps (graphfraud/audit_head.py): the
//   sequence number and hash of the log's last entry, compared by `graphfraud audit verify`.
// params: none
MATCH (h:AuditHead {id: 'audit'})
RETURN h.seq AS seq, h.hash AS hash

// name: database_size
// doc: How many nodes and relationships the database holds, from Neo4j's count store
//   (`push --bulk` fills an empty database only).
// params: none
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
