// Organisation clusters inside Neo4j, with the Graph Data Science library (GDS).
// What graphfraud/analysis/communities.py computes on the client, computed by the server:
// the same weighted identifier graph (one undirected link per linked pair, weights from
// $weights = LINK_WEIGHTS), the same hub rule and resolution, then GDS Leiden, Louvain or
// WCC on an in-memory projection. Only results leave the server: the degree histogram, the
// hubs, the members of the clusters kept and their sums. graphfraud/store/neo4j/gds.py runs
// them in this order: gds_version, community_currency, community_degrees, community_hubs,
// community_project, one of community_leiden / _louvain / _wcc, community_members,
// community_strength, community_money, community_suspect_cases, community_drop.
// A link's degree is its node's number of distinct linked neighbours (itself not counted),
// over every relationship type of the model, as the client counts it.

// name: gds_version
// doc: The version of the Graph Data Science library; fails where it is not installed.
// params: none
RETURN gds.version() AS version

// name: community_currency
// doc: The currency most transfers use (then the first A-Z), read from the `currency` of
//   their props (JSON text): the client's GraphView.one_currency. Transfers in another
//   currency weigh as if they had no amount. No row when no transfer names a currency.
// params: none
MATCH ()-[t:TRANSFER]->()
WITH CASE WHEN t.props CONTAINS '"currency": "' THEN split(split(t.props, '"currency": "')[1], '"')[0]
          WHEN t.props CONTAINS '"currency":"' THEN split(split(t.props, '"currency":"')[1], '"')[0]
     END AS currency
WHERE currency IS NOT NULL AND currency <> ''
RETURN currency, count(*) AS n
ORDER BY n DESC, currency
LIMIT 1

// name: community_degrees
// doc: How many nodes have each link degree (number of distinct linked neighbours): the
//   distribution the hub cut-off is read from.
// params: none
MATCH (n:Entity)
WITH COUNT { MATCH (n)-[:{rels}]-(m:Entity) WHERE m <> n RETURN DISTINCT m } AS degree
RETURN degree, count(*) AS nodes
ORDER BY degree

// name: community_hubs
// doc: The nodes whose link degree is above $cut (the hubs), with their degree.
// params: $cut
MATCH (n:Entity)
WITH n, COUNT { MATCH (n)-[:{rels}]-(m:Entity) WHERE m <> n RETURN DISTINCT m } AS degree
WHERE degree > $cut
RETURN n.key AS key, degree
ORDER BY key

// name: community_project
// doc: Project the weighted identifier graph into the GDS catalog as $graph (undirected,
//   property `weight`) and return its size and total link weight. Per linked pair (loops
//   dropped) and relationship type: TRANSFER weighs $weights.transfer * (1 + log10(1 + total
//   amount / $unit)) (amounts in another currency than $currency count 0); LOGIN
//   $weights.login_device when one end is a device and none an IP, else $weights.login_ip;
//   MENTION $weights.mention_suspect when one of the pair's mentions has the role suspect,
//   else $weights.mention; SOCIAL_LINK $weights.social_link per relationship, shared among the
//   `same_handle` links of one bare handle; any other type $weights[type]. A pair's types add
//   up. $damp maps each hub's key to its factor sqrt(cut / degree): a link is multiplied by
//   the factors of its ends, or, with $drop, links touching a hub and the hubs themselves
//   are left out. Every other node is projected, linked or not. Rows reach the projection in
//   one fixed order, that of reversed keys (a pair's ends ordered by key): the same clusters
//   whatever order the files were loaded in, and close to the random visiting order Louvain's
//   moves assume (the last characters of numbers and ids vary most). Key order visits every
//   account before every case, device, ...: on the test case folder its Louvain partition had
//   modularity 0.361 where igraph's, on seeds 1-8, had 0.388-0.394; reversed keys gave 0.388.
// params: $graph, $weights, $unit, $currency, $damp, $drop
CALL {
  MATCH (a:Entity)-[e:{rels}]->(b:Entity)
  WHERE a <> b
  WITH CASE WHEN a.key < b.key THEN a ELSE b END AS x,
       CASE WHEN a.key < b.key THEN b ELSE a END AS y, e, type(e) AS rel,
       CASE WHEN type(e) <> 'TRANSFER' OR $currency IS NULL THEN null
            WHEN e.props CONTAINS '"currency": "' THEN split(split(e.props, '"currency": "')[1], '"')[0]
            WHEN e.props CONTAINS '"currency":"' THEN split(split(e.props, '"currency":"')[1], '"')[0]
       END AS cur,
       CASE WHEN type(e) <> 'SOCIAL_LINK' THEN 0.0
            WHEN e.disc = 'same_handle'
            THEN $weights.social_link / COUNT { (a)-[s:SOCIAL_LINK]->() WHERE s.disc = 'same_handle' }
            ELSE $weights.social_link END AS social
  WITH x, y, rel,
       sum(CASE WHEN rel = 'TRANSFER' AND ($currency IS NULL OR cur IS NULL OR cur = '' OR cur = $currency)
                THEN coalesce(toFloat(e.amount), 0.0) ELSE 0.0 END) AS money,
       max(CASE WHEN rel = 'MENTION' AND e.disc = 'suspect' THEN 1 ELSE 0 END) AS suspect,
       sum(social) AS social
  WHERE NOT ($drop AND ($damp[x.key] IS NOT NULL OR $damp[y.key] IS NOT NULL))
  WITH x, y, CASE rel
         WHEN 'TRANSFER' THEN $weights.transfer
                              * (1.0 + log10(1.0 + CASE WHEN money > 0.0 THEN money ELSE 0.0 END / $unit))
         WHEN 'LOGIN' THEN CASE WHEN (x.type = 'device' OR y.type = 'device')
                                     AND NOT (x.type = 'ip' OR y.type = 'ip')
                                THEN $weights.login_device ELSE $weights.login_ip END
         WHEN 'MENTION' THEN CASE WHEN suspect > 0 THEN $weights.mention_suspect ELSE $weights.mention END
         WHEN 'SOCIAL_LINK' THEN social
         ELSE coalesce($weights[toLower(rel)], 1.0) END AS w
  WITH x, y, sum(w) AS w
  RETURN x AS source, y AS target,
         CASE WHEN $drop THEN w ELSE w * coalesce($damp[x.key], 1.0) * coalesce($damp[y.key], 1.0) END AS weight
  UNION ALL
  MATCH (n:Entity)
  WHERE NOT ($drop AND $damp[n.key] IS NOT NULL)
  RETURN n AS source, null AS target, null AS weight
}
WITH source, target, weight
ORDER BY reverse(source.key), reverse(target.key)
RETURN gds.graph.project($graph, source, target,
                         {relationshipProperties: {weight: coalesce(weight, 0.0)}},
                         {undirectedRelationshipTypes: ['*']}) AS g,
       sum(weight) AS total

// name: community_leiden
// doc: GDS Leiden on the projection $graph (weighted modularity, resolution gamma, seeded):
//   writes each node's community into the projection's property `community` (not the
//   database). $config: gamma, randomSeed, concurrency, ...
// params: $graph, $config
CALL gds.leiden.mutate($graph, $config)
YIELD communityCount, modularity
RETURN communityCount, modularity

// name: community_louvain
// doc: GDS Louvain on the projection $graph (weighted modularity; GDS Louvain has no
//   resolution and no seed): community into the projection's property `community`.
// params: $graph, $config
CALL gds.louvain.mutate($graph, $config)
YIELD communityCount, modularity
RETURN communityCount, modularity

// name: community_wcc
// doc: GDS weakly connected components of the projection $graph (hubs left out): the
//   component into the projection's property `community`.
// params: $graph, $config
CALL gds.wcc.mutate($graph, $config)
YIELD componentCount
RETURN componentCount AS communityCount, null AS modularity

// name: community_members
// doc: The members of the communities of at least $min_size nodes of the projection $graph
//   (its property `community`): node key and community.
// params: $graph, $min_size
CALL gds.graph.nodeProperty.stream($graph, 'community')
YIELD nodeId, propertyValue
WITH propertyValue AS community, collect(nodeId) AS ids
WHERE size(ids) >= $min_size
UNWIND ids AS id
RETURN gds.util.asNode(id).key AS key, community

// name: community_strength
// doc: Per node of the projection $graph with links inside its community: their summed
//   weight (its strength there; every link counts at both ends). One pass over the links.
// params: $graph
CALL gds.graph.relationshipProperty.stream($graph, 'weight')
YIELD sourceNodeId, targetNodeId, propertyValue
WITH sourceNodeId, propertyValue
WHERE gds.util.nodeProperty($graph, sourceNodeId, 'community')
      = gds.util.nodeProperty($graph, targetNodeId, 'community')
WITH sourceNodeId, sum(propertyValue) AS strength
RETURN gds.util.asNode(sourceNodeId).key AS key, strength

// name: community_money
// doc: Money of the clusters $labels (node key -> cluster id): per cluster, the transfers
//   into it from outside (in), out of it (out) and inside it (internal), as (cluster, kind,
//   whole: the exact sum of the whole-number amounts, as an integer; fractions: the exact texts
//   of the others). Transfers in another currency than $currency and those without an amount
//   are left out, as the client leaves them.
// params: $labels, $currency
UNWIND keys($labels) AS k
MATCH (a:Entity {key: k})
USING INDEX a:Entity(key)
CALL {
  WITH a, k
  MATCH (a)-[t:TRANSFER]->(b:Entity)
  WITH t, $labels[k] AS mine, coalesce($labels[b.key], 0) AS theirs
  RETURN t, mine AS cluster, CASE WHEN theirs = mine THEN 'internal' ELSE 'out' END AS kind
  UNION ALL
  WITH a, k
  MATCH (a)<-[t:TRANSFER]-(b:Entity)
  WITH t, $labels[k] AS mine, coalesce($labels[b.key], 0) AS theirs
  WHERE theirs <> mine
  RETURN t, mine AS cluster, 'in' AS kind
}
WITH cluster, kind, toString(coalesce(t.amount_text, t.amount)) AS text,
     CASE WHEN $currency IS NULL THEN null
          WHEN t.props CONTAINS '"currency": "' THEN split(split(t.props, '"currency": "')[1], '"')[0]
          WHEN t.props CONTAINS '"currency":"' THEN split(split(t.props, '"currency":"')[1], '"')[0]
     END AS cur
WHERE text IS NOT NULL AND ($currency IS NULL OR cur IS NULL OR cur = '' OR cur = $currency)
WITH cluster, kind, text, toFloat(text) AS x
WITH cluster, kind, text, x IS NOT NULL AND x = round(x) AND abs(x) < 4503599627370496.0 AS whole, x
RETURN cluster, kind, sum(CASE WHEN whole THEN toInteger(x) ELSE 0 END) AS whole,
       collect(CASE WHEN whole THEN null ELSE text END) AS fractions

// name: community_suspect_cases
// doc: The cases that name a member of the clusters $labels (node key -> cluster id) as
//   their suspect's: (cluster, case value).
// params: $labels
UNWIND keys($labels) AS k
MATCH (c:Entity)-[m:MENTION]->(a:Entity {key: k})
WHERE m.disc = 'suspect'
RETURN DISTINCT $labels[k] AS cluster, c.value AS case

// name: community_drop
// doc: Remove the projection $graph from the GDS catalog (no error if it is gone).
// params: $graph
CALL gds.graph.drop($graph, false)
YIELD graphName
RETURN graphName
