"""The graph model: node types, edge types and how they appear in Neo4j.

This is the fixed allow-list: Cypher labels and relationship types are only
ever taken from here, never from input data.

Nodes are identified by ``(type, value)`` where ``value`` is canonical
(E.164 phone, account digits, IP text, ``platform:handle``, registrable
domain, ...). ``key(type, value)`` = ``"type:value"`` is the stable id used in
every output; it never depends on load order.

A person is keyed by a national id when the file gives one. Without it a name
is not an identifier (thousands share "Nguyễn Văn An"), so the person is scoped
to what the row says about them: the holder of one account (``acct:DIGITS``)
or the victim of one case (``case:ID``). Two such nodes with the same folded name and a shared
phone or account are tied by a ``same_person`` edge (graphfraud/person_links.py).
"""

from __future__ import annotations

from dataclasses import dataclass

NODE_TYPES: tuple[str, ...] = (
    "phone", "account", "ip", "device", "social", "email", "url", "person", "case",
)

# edge type -> (description, directed)
EDGE_TYPES: dict[str, str] = {
    "transfer": "money sent from one account to another (amount, time)",
    "withdrawal": ("money taken out of an account with no receiving account named (cash at an ATM or a "
                   "counter); drawn from the account to itself (amount, time, channel)"),
    "deposit": ("money paid into an account with no sending account named (cash at a counter or an ATM); "
                "drawn from the account to itself (amount, time, channel)"),
    "call": "a call or message from one phone to another (time, duration, type)",
    "login": "an account used from an IP address or a device (time)",
    "owns": "a person holds an account (KYC registry, victim report)",
    "registered": "a phone or email registered to a person or an account",
    "social_link": "a social account tied to a phone or an email",
    "mention": "a case mentions an identifier (role victim, suspect or related)",
    "same_person": "two person nodes are one person: same folded name and a shared phone or account",
}

# edges from an account to itself: money out of the graph (cash, no receiver) or into it (no sender)
OWN_EDGE_TYPES: tuple[str, ...] = ("withdrawal", "deposit")

NEO4J_LABELS: dict[str, str] = {
    "phone": "Phone", "account": "Account", "ip": "IP", "device": "Device", "social": "Social",
    "email": "Email", "url": "URL", "person": "Person", "case": "Case",
}
NEO4J_RELS: dict[str, str] = {t: t.upper() for t in EDGE_TYPES}


@dataclass(frozen=True, slots=True, order=True)
class Entity:
    """One identifier: its type and canonical value."""

    type: str
    value: str

    @property
    def key(self) -> str:
        return key(self.type, self.value)

    def as_json(self, props: dict | None = None) -> dict:
        out = {"type": self.type, "value": self.value}
        if self.type == "account":
            out["bank"] = (props or {}).get("bank")
        return out


def key(type_: str, value: str) -> str:
    """The stable id of a node: ``"phone:+84912345678"``."""
    return f"{type_}:{value}"

