"""E-mail addresses → lower-cased address; ``props["domain"]``.

Trimmed, ``mailto:`` and angle brackets (``Name <a@b.vn>``) removed, defanged
forms from reports (``a[@]b[.]com``, ``a(at)b(dot)com``) restored, lower-cased,
then checked simply: one ``@``, a local part, a domain with a dot made of
letters, digits and hyphens. Provider rules (Gmail dots, ``+tags``) are not
applied: the address is kept as written.

>>> normalize(" Nguyen.Van.A@GMAIL.com ")
Normalized(value='nguyen.van.a@gmail.com', props={'domain': 'gmail.com'})
>>> normalize("Hỗ trợ <HoTro@Vietcombank.com.vn>").value
'hotro@vietcombank.com.vn'
>>> normalize("scam[@]mail[.]ru").value
'scam@mail.ru'
>>> normalize("abc@localhost")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: not an e-mail address: the domain has no dot
"""

from __future__ import annotations

import re

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, required_text

__all__ = ["normalize"]

_ANGLE_RE = re.compile(r"[^<>]*<([^<>]+)>")
_DEFANG = (("[@]", "@"), ("(@)", "@"), ("[at]", "@"), ("(at)", "@"), ("[.]", "."), ("(.)", "."),
           ("[dot]", "."), ("(dot)", "."))
_LOCAL_RE = re.compile(r"[^\s@<>()\[\],;:\"\\]+")
_LABEL_RE = re.compile(r"(?!-)[\w-]{1,63}(?<!-)")


def normalize(raw: object) -> Normalized:
    """Normalise one e-mail address."""
    text = required_text(raw, "e-mail address")
    m = _ANGLE_RE.fullmatch(text)
    if m:
        text = m.group(1).strip().lstrip("'")  # as clean_text does: a spreadsheet text marker
    text = text.lower()
    if text.startswith("mailto:"):
        text = text[7:].split("?", 1)[0].strip()
    if "[" in text or "(" in text:
        for old, new in _DEFANG:
            text = text.replace(old, new)
    at = text.count("@")
    if at == 0:
        raise InvalidValue("not an e-mail address: no @", raw)
    if at > 1:
        if any(sep in text for sep in (",", ";", " ")):
            raise InvalidValue("several e-mail addresses in one cell; split them", raw)
        raise InvalidValue("not an e-mail address: more than one @", raw)
    local, domain = text.split("@")
    domain = domain.rstrip(".")
    if not local or not _LOCAL_RE.fullmatch(local) or local.startswith(".") or local.endswith(".") \
            or ".." in local:
        raise InvalidValue("not an e-mail address: the part before @ is not valid", raw)
    if "." not in domain:
        raise InvalidValue("not an e-mail address: the domain has no dot", raw)
    labels = domain.split(".")
    if not all(_LABEL_RE.fullmatch(label) and "_" not in label for label in labels) or labels[-1].isdigit():
        raise InvalidValue("not an e-mail address: the domain is not valid", raw)
    return Normalized(f"{local}@{domain}", {"domain": domain})
