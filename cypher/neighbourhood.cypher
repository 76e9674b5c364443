// Reads of a neighbourhood that return the ends of relationships, not their contents: what
// export --around / --case and find need to walk and draw a part of the graph through a hub
// with thousands of links without its links' properties crossing the wire. The contents are
// read for the few relationships drawn or listed, by id.

// name: neighbour_keys
// doc: The distinct nodes at the other end of the model's relationships of each given node
//   ("type:value" keys in, type and value out; a node without relationships is left out).
// params: $keys
UNWIND $keys AS k
MATCH (n:Entity {key: k})
USING INDEX n:Entity(key)
MATCH (n)-[:{rels}]-(m)
RETURN n.type AS type, n.value AS value, collect(DISTINCT [m.type, m.value]) AS others

// name: incident_ends
// doc: Id, type, ends and time of the model's relationships touching the given nodes, either
//   direction, each once.
// params: $keys
UNWIND $keys AS k
MATCH (n:Entity {key: k})
USING INDEX n:Entity(key)
MATCH (n)-[e:{rels}]-()
WITH DISTINCT e
RETURN e.id AS id, type(e) AS type, startNode(e).type AS st, startNode(e).value AS sv,
       endNode(e).type AS dt, endNode(e).value AS dv, e.ts AS ts

// name: among_ends
// doc: Id, type, ends, time and amount (exact text) of the relationships whose two ends are both
//   among the given nodes.
// params: $keys
UNWIND $keys AS k
MATCH (a:Entity {key: k})
USING INDEX a:Entity(key)
MATCH (a)-[e:{rels}]->(b:Entity)
WHERE b.key IN $keys
RETURN e.id AS id, type(e) AS type, a.type AS st, a.value AS sv, b.type AS dt, b.value AS dv,
       e.ts AS ts, coalesce(e.amount_text, e.amount) AS amount

// name: outside_counts
// doc: For each given node, how many distinct nodes linked to it are not among the given ones.
// params: $keys
UNWIND $keys AS k
MATCH (n:Entity {key: k})
USING INDEX n:Entity(key)
MATCH (n)-[:{rels}]-(m)
WHERE NOT m.key IN $keys
RETURN n.type AS type, n.value AS value, count(DISTINCT m) AS n

// name: edges_by_id
// doc: Relationships of one type ({rel}) read in full, given by their fact id.
// params: $ids
UNWIND $ids AS id
MATCH (s)-[e:{rel} {id: id}]->(d)
USING INDEX e:{rel}(id)
RETURN e.id AS id, type(e) AS type, s.type AS st, s.value AS sv, d.type AS dt, d.value AS dv,
       e.ts AS ts, coalesce(e.amount_text, e.amount) AS amount, e.props AS props
