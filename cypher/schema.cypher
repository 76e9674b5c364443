// The schema of the graphfraud graph in Neo4j: uniqueness constraints and indexes.
// Every statement is idempotent (IF NOT EXISTS); the store runs them all before it
// writes anything. `{label}` / `{rel}` are filled by graphfraud/queries.py from the
// model's allow-list (graphfraud/model.py NEO4J_LABELS / NEO4J_RELS), never from data.

// name: constraint_entity_key
// doc: Every identifier node carries the label Entity and a unique key "type:value"
//   (e.g. "phone:+84912345678"), the stable id graphfraud prints everywhere.
// params: none
CREATE CONSTRAINT entity_key IF NOT EXISTS
FOR (n:Entity) REQUIRE n.key IS UNIQUE

// name: constraint_label_value
// doc: Per node label ({label}: Phone, Account, IP, ...): the canonical value is unique.
//   Loads MERGE nodes on it.
// params: none
CREATE CONSTRAINT {label}_value IF NOT EXISTS
FOR (n:{label}) REQUIRE n.value IS UNIQUE

// name: constraint_load_id
// doc: One Load node per load of one file (and sheet), keyed by its load id.
// params: none
CREATE CONSTRAINT load_id IF NOT EXISTS
FOR (l:Load) REQUIRE l.load_id IS UNIQUE

// name: index_load_file
// doc: Finds the loads of one file by SHA-256 and sheet ("is this file loaded already?").
// params: none
CREATE INDEX load_file IF NOT EXISTS
FOR (l:Load) ON (l.sha256, l.sheet)

// name: constraint_reject_id
// doc: One Reject node per value that could not be normalised, keyed by load id and position.
// params: none
CREATE CONSTRAINT reject_id IF NOT EXISTS
FOR (x:Reject) REQUIRE x.rid IS UNIQUE

// name: index_reject_load
// doc: Finds the rejects of one load.
// params: none
CREATE INDEX reject_load IF NOT EXISTS
FOR (x:Reject) ON (x.load_id)

// name: constraint_rel_id
// doc: Per relationship type ({rel}: TRANSFER, CALL, ...): the fact key `id` is unique (a
//   64-bit hash of type, both ends, time and disc; the same id as on the embedded store).
//   Loads MERGE relationships on it; provenance looks relationships up by it.
// params: none
CREATE CONSTRAINT {rel}_id IF NOT EXISTS
FOR ()-[e:{rel}]-() REQUIRE e.id IS UNIQUE

// name: await_indexes
// doc: Wait (at most $seconds) until every index, including the constraints' own, is online.
// params: $seconds
CALL db.awaitIndexes($seconds)
