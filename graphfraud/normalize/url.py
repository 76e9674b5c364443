"""URLs and bare domains → the registrable domain (``hotro-vietcombank.com.vn``).

The registrable domain is found with the Public Suffix List snapshot bundled
in the ``publicsuffixlist`` package (never downloaded at run time), private
suffixes included, so ``a.b.com.vn`` → ``b.com.vn`` and ``scam.github.io`` →
``scam.github.io``. Defanged forms from reports (``hxxps://abc[.]com``) are
restored. Hosts are lower-cased and internationalised names turned into
punycode (``xn--...``). A URL whose host is an IP address keeps the address.

``props``: ``host`` (the full host), ``url`` (scheme and host lower-cased,
``http`` added when missing, default port dropped, the rest as written).

>>> normalize("https://Hotro-Vietcombank.com.vn/login?x=1")
Normalized(value='hotro-vietcombank.com.vn', props={'host': 'hotro-vietcombank.com.vn', 'url': 'https://hotro-vietcombank.com.vn/login?x=1'})
>>> normalize("a.b.com.vn").value, normalize("abc.xyz").props["url"]
('b.com.vn', 'http://abc.xyz')
>>> normalize("hxxp://login-vcb[.]top:80/x").props["url"]
'http://login-vcb.top/x'
>>> normalize("localhost")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: not a web address: the host has no dot
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, required_text

__all__ = ["normalize", "registrable_domain"]

_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*)://")
_DEFANG = (("[.]", "."), ("(.)", "."), ("[dot]", "."), ("(dot)", "."), ("[:]", ":"), ("[://]", "://"))
_HXXP_RE = re.compile(r"^h[x*]{2}p(s?)(?=\[?:)", re.IGNORECASE)
_LABEL_RE = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}

_psl = None


def _suffix_list():
    global _psl
    if _psl is None:
        from publicsuffixlist import PublicSuffixList  # bundled snapshot; no network

        _psl = PublicSuffixList(accept_unknown=False)
    return _psl


def registrable_domain(host: str) -> str | None:
    """The registrable domain of a lower-case ASCII host, or None if it has no known suffix.

    >>> registrable_domain("a.b.com.vn"), registrable_domain("com.vn")
    ('b.com.vn', None)
    """
    return _suffix_list().privatesuffix(host)


def _ip_host(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def normalize(raw: object) -> Normalized:
    """Normalise a URL or a bare domain to its registrable domain."""
    text = required_text(raw, "web address")
    if any(c.isspace() for c in text):
        raise InvalidValue("not a web address: it contains spaces", raw)
    if "[" in text or "(" in text:
        for old, new in _DEFANG:
            text = text.replace(old, new)
    text = _HXXP_RE.sub(r"http\1", text)
    m = _SCHEME_RE.match(text)
    if m is None and ":" in text and _ip_host(text) is not None:  # a bare IPv6 address
        text = f"[{text}]"
    if m is None:
        if text.startswith("//"):
            text = "http:" + text
        else:
            text = "http://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
        port = parts.port
    except ValueError:
        raise InvalidValue("not a web address: the host or port is not valid", raw) from None
    scheme = parts.scheme.lower()
    if not host:
        raise InvalidValue("not a web address: no host", raw)
    host = host.rstrip(".")
    ip = _ip_host(host)
    if ip is not None:
        domain = host = ip
    else:
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                raise InvalidValue("not a web address: the host is not a valid name", raw) from None
        host = host.lower()
        if "." not in host:
            raise InvalidValue("not a web address: the host has no dot", raw)
        if not all(_LABEL_RE.fullmatch(label) for label in host.split(".")):
            raise InvalidValue("not a web address: the host is not a valid name", raw)
        domain = registrable_domain(host)
        if domain is None:
            if _suffix_list().publicsuffix(host) == host:
                raise InvalidValue(f"not a web address: {host} is a domain ending, not a site", raw)
            ending = host.rsplit(".", 1)[-1]
            raise InvalidValue(f"not a web address: {ending!r} is not a known domain ending", raw)
    netloc_host = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc_host = f"{netloc_host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{netloc_host}" if userinfo else netloc_host
    url = urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))
    return Normalized(domain, {"host": host, "url": url})
