// Administration: emptying a database and looking at its schema.

// name: delete_rels_batch
// doc: Delete up to $limit relationships; run it again until it returns 0, then delete_batch.
//   Together they empty a database in bounded transactions (the tests do so between cases).
// params: $limit
MATCH ()-[r]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted

// name: delete_batch
// doc: Delete up to $limit nodes with their relationships; run it again until it returns 0.
//   After delete_rels_batch no node has relationships left, so each batch stays small.
// params: $limit
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted

// name: constraints
// doc: The database's constraints: name, kind, labels or types and properties.
// params: none
SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties
RETURN name, type, entityType, labelsOrTypes, properties
ORDER BY name

// name: indexes
// doc: The database's indexes and whether they are online.
// params: none
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state
RETURN name, type, entityType, labelsOrTypes, properties, state
ORDER BY name
