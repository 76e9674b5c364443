"""The Neo4j store: the same graph in a Neo4j 5 server, through the official driver.

Every statement it runs is a named query of ``cypher/*.cypher`` (see
:mod:`graphfraud.queries`); values always travel as parameters, labels and
relationship types only come from the model's allow-list. The data model (see
docs/neo4j.md):

* one node per identifier, with its type label (``Phone``, ``Account``, ...) and
  ``Entity``; properties ``key`` ("type:value", unique), ``type``, ``value``
  (unique per label), ``props`` (the props as JSON text), a few scalar copies for
  browsing (``bank``, ``name``, ...) and ``prov`` (which file rows mention it);
* one relationship per fact (``TRANSFER``, ``CALL``, ``LOGIN``, ...), MERGEd on
  its ``id``: the fact's stable 64-bit key (:func:`graphfraud.facts.edge_key`, a
  hash of type, both ends, time and disc), the same id as on the embedded store;
  properties ``ts`` (epoch seconds), ``time`` (datetime), ``disc``, ``amount`` (a
  number: the float of the exact value), ``amount_text`` (the exact decimal text),
  ``props`` (JSON text) and ``prov``. Stores written before amounts were numbers hold
  the text in ``amount`` (and a float ``amount_num``); the readers take
  ``coalesce(amount_text, amount)``, so both layouts read the same and the
  :class:`~graphfraud.store.base.Edge` objects keep ``amount`` as exact text;
* bookkeeping nodes ``Load`` (one per file and sheet: sha256, path, kind, mapping,
  counts, ``finished`` once every batch is written) and ``Reject``, connected to
  nothing.

Loads are written in managed write transactions of at most ``batch_size`` rows.
Unlike the embedded store a file is not one transaction; instead every batch
converges when written again, and a file counts as loaded only once its ``Load``
node is marked finished, so a crashed load is simply run again.

The package holds: :mod:`.connection` (the driver, sessions and transactions, named queries),
:mod:`.driver_errors` (driver and server errors as one line), :mod:`.schema` (constraints and
indexes), :mod:`.writer` (the write path) with :mod:`.slices` (facts prepared for it),
:mod:`.reader` (the read path), :mod:`.analyst_query` (the ``query`` command), :mod:`.gds`
(communities with the Graph Data Science library) and :mod:`.store` (:class:`Neo4jStore`).
"""

from graphfraud.store.neo4j.driver_errors import shown_uri
from graphfraud.store.neo4j.slices import EdgeFact, NewFactTypes, NodeFact
from graphfraud.store.neo4j.store import Neo4jStore
from graphfraud.store.neo4j.writer import merge_patch

__all__ = ["EdgeFact", "Neo4jStore", "NewFactTypes", "NodeFact", "merge_patch", "shown_uri"]
