"""igraph's random numbers drawn from a generator given per call, as networkx's ``seed=``.

igraph (community detection, layouts) draws from one generator for the whole process, and
python-igraph can only set it (``igraph.set_random_number_generator``), never tell which one is
set, so a call cannot put back "the one that was there". Swapping a seeded generator in and
``random`` back out would change igraph for everyone else in the process, and two threads
seeding it at once would draw from each other's.

Instead :func:`seeded` gives igraph one generator of graphfraud's, :data:`ROUTER`, which draws
from the generator of the seeded call running in this thread or task (a context variable) and,
outside one, from Python's ``random`` module: what python-igraph uses until told otherwise. So a
call with the same seed gives the same numbers whatever ran before it, and igraph draws for
other code as it did without graphfraud. A generator set by other code before a seeded call is
replaced by the router (igraph does not say it was there); set it again after the call if you
need it.

>>> import random
>>> with seeded(7) as rng:
...     a = [ROUTER.random() for _ in range(3)]
>>> b = random.Random(7)
>>> a == [b.random() for _ in range(3)]
True
"""

from __future__ import annotations

import contextlib
import contextvars
import random

_ACTIVE: contextvars.ContextVar[random.Random | None] = contextvars.ContextVar("graphfraud_igraph_rng",
                                                                              default=None)


class _Router:
    """igraph's generator: each draw from the seeded call's generator, else from ``random``."""

    def getrandbits(self, k: int) -> int:
        return (_ACTIVE.get() or random).getrandbits(k)

    def randint(self, a: int, b: int) -> int:
        return (_ACTIVE.get() or random).randint(a, b)

    def random(self) -> float:
        return (_ACTIVE.get() or random).random()

    def gauss(self, mu: float, sigma: float) -> float:
        return (_ACTIVE.get() or random).gauss(mu, sigma)


ROUTER = _Router()


@contextlib.contextmanager
def seeded(seed: int):
    """Inside the block, igraph draws from ``random.Random(seed)`` (in this thread or task only)."""
    import igraph as ig

    ig.set_random_number_generator(ROUTER)  # every time: other code may have set another since
    token = _ACTIVE.set(random.Random(int(seed)))
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)
