"""igraph's random numbers drawn from a generator given per call, as networkx's ``seed=``.

igraph (community detection, layouts) draws from one generator for the whole process, and
python-igraph can only set it (``igraph.set_random_number_generator``), never tell which one is
set. :func:`seeded` hands igraph a ``random.Random(seed)`` for the block and, when the block
ends, the generator of the block around it or, outside any, Python's ``random`` module: what
python-igraph uses until told otherwise. So a call with the same seed gives the same numbers
whatever ran before it, and igraph draws for other code as it did without graphfraud.

igraph calls the generator's own methods (``random`` and ``getrandbits``, written in C), with no
Python function between: at 10^6 transfers Leiden draws about two million numbers, and a Python
call per draw cost a tenth of its time. Seeded blocks of different threads take turns (a lock),
so two of them never draw from each other's generator. While a block runs, igraph called by
other code in another thread draws from the block's generator too; graphfraud itself calls
igraph from one thread. A generator set by other code before a seeded call is replaced by
``random`` after it (igraph does not say it was there); set it again after the call if you
need it.

>>> import igraph as ig
>>> g = ig.Graph.Ring(30)
>>> with seeded(7):
...     a = g.community_leiden(objective_function="modularity").membership
>>> with seeded(7):
...     b = g.community_leiden(objective_function="modularity").membership
>>> a == b
True
>>> with seeded(7) as rng:
...     x = rng.random()
>>> x == random.Random(7).random()
True
"""

from __future__ import annotations

import contextlib
import random
import threading

_LOCK = threading.RLock()       # one seeded block at a time across threads (reentrant: blocks nest)
_OPEN: list[random.Random] = []  # the generators of the open blocks, innermost last (under _LOCK)


@contextlib.contextmanager
def seeded(seed: int):
    """Inside the block, igraph draws from ``random.Random(seed)``, which the block yields."""
    import igraph as ig

    rng = random.Random(int(seed))
    with _LOCK:
        _OPEN.append(rng)
        ig.set_random_number_generator(rng)
        try:
            yield rng
        finally:
            _OPEN.pop()
            ig.set_random_number_generator(_OPEN[-1] if _OPEN else random)
