// Loading: what Neo4jStore.write_file and `graphfraud push` run, in managed write
// transactions of at most config.batch_size rows each (UNWIND $rows). Every statement
// converges when it is run again: nodes are MERGEd on their value, relationships on
// their fact key `id` (a hash of type, start, end, time and disc), provenance entries
// are replaced by tag, rejects MERGEd on their id. `{label}` / `{rel}` come from the model's allow-list only.
//
// Provenance lives in list properties `prov` of nodes and relationships. Each entry is
// "<load_id>#<part>\t<JSON>": the JSON is a list of [row, column(s)] pairs stated by that
// part of that load (one part = one batch of facts of the file). A batch written again
// replaces its own entries; entries of loads that never finished are ignored on reading.

// name: remove_stale_loads
// doc: Forget unfinished loads of the same file and sheet (an earlier load that crashed):
//   their Load node and rejects go. The facts they wrote stay and converge when the file is
//   loaded again; their provenance entries are ignored from now on (their load is gone).
// params: $sha256, $sheet, $load_id
MATCH (l:Load {sha256: $sha256, sheet: $sheet})
WHERE l.finished IS NULL AND l.load_id <> $load_id
CALL {
  WITH l
  MATCH (x:Reject {load_id: l.load_id})
  DELETE x
}
DELETE l
RETURN count(*) AS removed

// name: forget_load
// doc: Remove one unfinished load (Load node and rejects) after its writing failed.
// params: $load_id
MATCH (l:Load {load_id: $load_id})
WHERE l.finished IS NULL
CALL {
  WITH l
  MATCH (x:Reject {load_id: l.load_id})
  DELETE x
}
DELETE l
RETURN count(*) AS removed

// name: create_load
// doc: Record the start of a load: a Load node without `finished`, so that is_loaded,
//   stats and provenance ignore it until every batch of the file is written.
// params: $load_id, $sha256, $path, $file, $size, $kind, $sheet, $mapping, $case_id, $started
MERGE (l:Load {load_id: $load_id})
SET l.sha256 = $sha256, l.path = $path, l.file = $file, l.size = $size, l.kind = $kind,
    l.sheet = $sheet, l.mapping = $mapping, l.case_id = $case_id, l.started = $started,
    l.finished = null

// name: upsert_load
// doc: Create or update a Load node copied from an embedded store (`graphfraud push`);
//   `finished` is left as it is and set by finish_loads once everything is copied.
// params: $load_id, $sha256, $path, $file, $size, $kind, $sheet, $mapping, $case_id, $started
MERGE (l:Load {load_id: $load_id})
SET l.sha256 = $sha256, l.path = $path, l.file = $file, l.size = $size, l.kind = $kind,
    l.sheet = $sheet, l.mapping = $mapping, l.case_id = $case_id, l.started = $started

// name: finish_loads
// doc: Mark loads finished with their counts: only now is the file "loaded" (one
//   transaction for all sheets of one file).
// params: $rows
UNWIND $rows AS r
MATCH (l:Load {load_id: r.load_id})
SET l.finished = r.finished, l.rows = r.rows, l.nodes_added = r.nodes_added,
    l.edges_added = r.edges_added, l.edges_seen = r.edges_seen, l.rejects = r.rejects

// name: node_props
// doc: Props (JSON text) of the nodes that already exist among the given keys; the store
//   merges new props into them (the first statement of a property wins).
// params: $keys
UNWIND $keys AS k
MATCH (n:Entity {key: k})
USING INDEX n:Entity(key)
RETURN n.key AS key, n.props AS props

// name: upsert_nodes
// doc: Create or update identifier nodes of one label ({label}). A node is MERGEd on its
//   canonical value; a new one also gets the label Entity, key "type:value" and type.
//   r.set holds the merged props (JSON text) and a few scalar copies for browsing (bank,
//   name, ...), only when they changed; r.prov replaces the entries tagged r.tags.
// params: $rows, $type
UNWIND $rows AS r
MERGE (n:{label} {value: r.value})
  ON CREATE SET n:Entity, n.key = r.key, n.type = $type
SET n += r.set,
    n.prov = [x IN coalesce(n.prov, []) WHERE NONE(t IN r.tags WHERE x STARTS WITH t)] + r.prov

// name: merge_edges
// doc: Create or find relationships of one type ({rel}). A relationship is one fact: its
//   `id` is the fact's stable 64-bit key, a hash of (type, start node, end node, time,
//   disc) computed by graphfraud.facts.edge_key -- the same id as on the embedded store --
//   and a relationship is MERGEd on it (unique per type). A new one gets its time (ts in
//   epoch seconds, and `time` as a datetime for browsing), disc (what tells apart two
//   facts of the same time: amount and transaction id, duration, role, ...), amount (a
//   number, the float of the exact value), amount_text (the exact decimal text) and props
//   (JSON text). r.prov replaces the provenance entries tagged r.tags.
// params: $rows
UNWIND $rows AS r
MATCH (a:Entity {key: r.src})
USING INDEX a:Entity(key)
MATCH (b:Entity {key: r.dst})
USING INDEX b:Entity(key)
MERGE (a)-[e:{rel} {id: r.id}]->(b)
  ON CREATE SET e.ts = r.ts, e.disc = r.disc, e.amount = toFloat(r.amount),
                e.amount_text = r.amount, e.props = r.props,
                e.time = CASE WHEN r.ts IS NULL THEN null ELSE datetime({epochSeconds: r.ts}) END
SET e.prov = [x IN coalesce(e.prov, []) WHERE NONE(t IN r.tags WHERE x STARTS WITH t)] + r.prov

// The fast path of a load. In one transaction the store asks which nodes (node_props) and
// which facts (edge_ids) of a slice exist already, creates the others with create_nodes and
// create_edges (no MERGE: nothing to look for), and updates the existing ones with
// upsert_nodes and update_edge_prov. The result is what upsert_nodes and merge_edges give.
// If another writer creates one of the same nodes or facts in between, a uniqueness
// constraint (`<Label>_value`, `entity_key`, `<REL>_id`) refuses the CREATE, the transaction
// rolls back, and the store writes that slice again with upsert_nodes / merge_edges.
// Look-ups say USING INDEX SEEK: with USING INDEX alone, while an index is nearly empty (the
// first slices of a type) the planner may scan the whole index for every row instead.

// name: create_nodes
// doc: Create identifier nodes of one label ({label}) that node_props found missing in this
//   transaction: labels {label} and Entity, key "type:value", type, value, r.set (props JSON
//   text and the scalar copies for browsing) and r.prov, as upsert_nodes gives a new node.
// params: $rows, $type
UNWIND $rows AS r
CREATE (n:{label}:Entity {value: r.value, key: r.key, type: $type})
SET n += r.set, n.prov = r.prov

// name: edge_ids
// doc: Which of the fact keys $ids already have a relationship of type {rel} (one index
//   seek each on `<REL>_id`).
// params: $ids
UNWIND $ids AS i
MATCH ()-[e:{rel} {id: i}]->()
USING INDEX SEEK e:{rel}(id)
RETURN collect(e.id) AS ids

// name: create_edges
// doc: Create relationships of one type ({rel}) whose ids edge_ids found missing in this
//   transaction, with what merge_edges gives a new one. Each end node is looked up once:
//   $keys holds the distinct "type:value" keys of the slice's end nodes, and every row is a
//   list [start position in $keys, end position in $keys, id, ts, disc, amount, props, prov]
//   (lists, not maps: less to send and to read). A row whose end node is missing is skipped,
//   as merge_edges' MATCH skips it.
// params: $keys, $rows
UNWIND range(0, size($keys) - 1) AS i
OPTIONAL MATCH (n:Entity {key: $keys[i]})
USING INDEX SEEK n:Entity(key)
WITH i, n ORDER BY i
WITH collect([n]) AS ends
UNWIND $rows AS r
WITH ends[r[0]][0] AS a, ends[r[1]][0] AS b, r
WHERE a IS NOT NULL AND b IS NOT NULL
CREATE (a)-[e:{rel} {id: r[2], ts: r[3], disc: r[4], amount: toFloat(r[5]), amount_text: r[5], props: r[6],
                     time: CASE WHEN r[3] IS NULL THEN null ELSE datetime({epochSeconds: r[3]}) END,
                     prov: r[7]}]->(b)

// name: update_edge_prov
// doc: Replace the provenance entries of existing relationships of one type ({rel}) that a
//   batch states again: every row is a list [id, tags, prov]; the entries starting with one
//   of the tags go, prov is appended (what merge_edges does to an existing one).
// params: $rows
UNWIND $rows AS r
MATCH ()-[e:{rel} {id: r[0]}]->()
USING INDEX SEEK e:{rel}(id)
SET e.prov = [x IN coalesce(e.prov, []) WHERE NONE(t IN r[1] WHERE x STARTS WITH t)] + r[2]

// name: insert_rejects
// doc: Record values that could not be normalised: file row, column, value and reason.
// params: $rows, $load_id
UNWIND $rows AS r
MERGE (x:Reject {rid: r.rid})
SET x.load_id = $load_id, x.row = r.row, x.col = r.col, x.value = r.value,
    x.reason = r.reason, x.n = r.n

// name: count_load_rejects
// doc: How many rejects one load has recorded so far.
// params: $load_id
MATCH (x:Reject {load_id: $load_id})
RETURN count(x) AS n

// name: set_audit_head
// doc: Record the chain head of the audit log: the sequence number and hash of its last entry
//   (one AuditHead node, connected to nothing).
// params: $seq, $hash
MERGE (h:AuditHead {id: 'audit'})
SET h.seq = $seq, h.hash = $hash
