"""Social-network accounts → ``platform:handle`` or ``platform:numeric-id``.

Accepted: profile links (Facebook, Zalo, Telegram, TikTok, Instagram, X/Twitter,
YouTube, WhatsApp, Threads, LinkedIn), ``platform:handle`` text (the canonical
form, so normalising a value again gives it back), ``Zalo 0912 345 678`` /
``FB nguyen.van.a`` (a known platform name, a space, one handle), and a bare
handle or ``@handle`` when ``platform`` is given. A bare ``@handle`` with no
platform is a handle of unknown platform, ``unknown:handle``: the loader makes it
the account of the one platform its file has that handle on
(:func:`resolve_unknown`), and ``find @handle`` looks on every platform. Platform names are folded: ``Facebook``,
``FB``, ``fb`` → ``facebook``; ``tele``, ``tg`` → ``telegram``; ``X`` →
``twitter``; unknown platform names are kept folded (``Shopee`` → ``shopee``).
A link wins over the ``platform`` argument.

Handles are lower-cased (they are case-insensitive on these platforms); numeric
ids are kept; case-sensitive tokens (Telegram invite hashes, YouTube channel ids,
Zalo group codes) keep their case. Zalo, WhatsApp and Viber accounts are phone
numbers: they go through the phone normaliser (``zalo:+84912345678``).

>>> normalize("https://www.facebook.com/profile.php?id=1000123456789").value
'facebook:1000123456789'
>>> normalize("https://m.facebook.com/Nguyen.Van.A/").value
'facebook:nguyen.van.a'
>>> normalize("https://zalo.me/0912345678").value, normalize("zalo: 0912 345 678").value
('zalo:+84912345678', 'zalo:+84912345678')
>>> normalize("@ScamBot", platform="Tele").value
'telegram:scambot'
>>> normalize("@ScamBot")
Normalized(value='unknown:scambot', props={'platform': 'unknown'})
>>> resolve_unknown(["unknown:scambot", "telegram:scambot", "unknown:abc", "zalo:abc", "tiktok:abc"])
{'unknown:scambot': 'telegram:scambot'}
>>> normalize("Nguyễn Văn A", platform="facebook")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: looks like a display name, not a handle or a profile link
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, fold, folded_text, required_text, spelling_index

__all__ = ["normalize", "platform_name", "resolve_unknown", "PLATFORM_ALIASES", "PLATFORMS", "UNKNOWN_PLATFORM"]

# Platform names as files write them, by the platform's name in graphfraud.
PLATFORM_ALIASES: dict[str, str] = spelling_index({
    "facebook": ("facebook", "fb", "face", "face book", "facebook com", "messenger"), "zalo": ("zalo", "zl"),
    "telegram": ("telegram", "tele", "tg", "tlg"), "tiktok": ("tiktok", "tik tok"),
    "instagram": ("instagram", "ig", "insta"), "twitter": ("twitter", "x", "x com"),
    "youtube": ("youtube", "yt", "you tube"), "whatsapp": ("whatsapp", "whats app", "wa"),
    **{name: (name,) for name in ("viber", "line", "threads", "linkedin", "discord", "skype")},
    "wechat": ("wechat", "weixin"),
})
_PHONE_PLATFORMS = frozenset({"zalo", "whatsapp", "viber"})
PLATFORMS: tuple[str, ...] = tuple(sorted(set(PLATFORM_ALIASES.values())))
UNKNOWN_PLATFORM = "unknown"  # a bare @handle: the platform is not said

_HOSTS: dict[str, str] = {
    "facebook.com": "facebook", "fb.com": "facebook", "fb.me": "facebook", "m.me": "facebook",
    "messenger.com": "facebook",
    "zalo.me": "zalo", "chat.zalo.me": "zalo", "zaloapp.com": "zalo",
    "t.me": "telegram", "telegram.me": "telegram", "telegram.dog": "telegram",
    "tiktok.com": "tiktok",
    "instagram.com": "instagram", "instagr.am": "instagram",
    "twitter.com": "twitter", "x.com": "twitter",
    "youtube.com": "youtube", "youtu.be": "youtube",
    "wa.me": "whatsapp", "whatsapp.com": "whatsapp",
    "threads.net": "threads", "threads.com": "threads",
    "linkedin.com": "linkedin",
}

_SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*://")
_BARE_URL_RE = re.compile(r"(?:www\.|m\.|web\.|mobile\.|mbasic\.)?([a-z0-9.\-]+\.[a-z]{2,})(?:[/?#]|$)",
                          re.IGNORECASE)
_PREFIX_RE = re.compile(r"([^\W\d_][\w .\-]{0,19}?)\s*:\s*(.*)", re.DOTALL)
_WORD_PREFIX_RE = re.compile(r"([^\W\d_]{2,12})\s+(\S.*)", re.DOTALL)
_AMBIGUOUS_WORDS = frozenset({"x", "line", "face", "wa", "zl", "tlg", "ig", "yt"})  # too common as plain words
_HANDLE_RE = re.compile(r"[\w.\-]{1,100}")
_TG_HANDLE_RE = re.compile(r"[A-Za-z0-9_]{3,64}")
_PHONE_LIKE_RE = re.compile(r"[\d\s().+\-]+")
_DISPLAY_NAME = "looks like a display name, not a handle or a profile link"

_FB_NOT_PROFILE = frozenset({
    "share", "sharer.php", "sharer", "watch", "photo.php", "photo", "photos", "events", "login", "login.php",
    "marketplace", "reel", "reels", "stories", "hashtag", "help", "home.php", "messages", "friends",
    "video.php", "videos", "plugins", "dialog", "search", "notifications", "settings", "gaming",
})
_IG_NOT_PROFILE = frozenset({"p", "reel", "reels", "tv", "explore", "accounts", "direct"})
_X_NOT_PROFILE = frozenset({"i", "home", "search", "intent", "share", "hashtag", "explore", "settings",
                            "messages", "notifications", "login"})


def platform_name(raw: object) -> str | None:
    """The canonical platform name for a platform text (unknown ones folded), or None if empty.

    >>> platform_name("FB"), platform_name("Tele"), platform_name("Shopee Food")
    ('facebook', 'telegram', 'shopeefood')
    """
    key = folded_text(raw)
    if key is None:
        return None
    return PLATFORM_ALIASES.get(key) or PLATFORM_ALIASES.get(key.replace(" ", "")) or key.replace(" ", "")


def _phone_or_none(text: str, international_digits: bool = False) -> str | None:
    from graphfraud.normalize.phone import normalize as phone  # lazy: phonenumbers is heavy

    if international_digits and text.isdigit():
        text = "+" + text
    try:
        return phone(text).value
    except InvalidValue:
        return None


def _bare_handle(platform: str, text: str, raw: object) -> str:
    """A handle written without a link (``@abc``, ``abc``, ``0912 345 678``)."""
    text = text.strip()
    if platform in _PHONE_PLATFORMS and _PHONE_LIKE_RE.fullmatch(text):
        from graphfraud.normalize.phone import normalize as phone

        try:
            return phone(text).value
        except InvalidValue as exc:
            if sum(c.isdigit() for c in text) <= 13:  # a (mistyped) phone number, not a long account id
                raise InvalidValue(f"{platform} account: {exc.reason}", raw) from None
    if text.startswith("@"):
        text = text[1:].strip()
    if not text:
        raise InvalidValue("empty handle", raw)
    if any(c.isspace() for c in text):
        raise InvalidValue(_DISPLAY_NAME, raw)
    if platform == "youtube" and text.startswith(("channel/", "c/", "user/")):
        kind, _, rest = text.partition("/")
        return f"{kind}/{rest}" if kind == "channel" else f"{kind}/{rest.lower()}"
    if platform == "telegram" and text.startswith(("+", "joinchat/")):
        return text  # invite hashes are case-sensitive
    if platform == "zalo" and text.startswith("g/"):
        return text
    if platform == "facebook" and text.startswith("groups/"):
        return text.lower()
    if not _HANDLE_RE.fullmatch(text):
        raise InvalidValue("not a valid handle (unexpected characters)", raw)
    return text.lower()


def _segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/") if s]


class _Link:
    """A profile link taken apart: platform, host, path segments, query (raw and parsed)."""

    def __init__(self, platform: str, host: str, path: str, query: str, raw: object):
        self.platform, self.host, self.query, self.raw = platform, host, query, raw
        self.seg = _segments(path)
        self.q = parse_qs(query)
        self.first = self.seg[0].lower() if self.seg else ""

    def no_profile(self, what: str) -> InvalidValue:
        return InvalidValue(f"this {self.platform} link ({what}) does not name an account", self.raw)

    def handle(self, text: str) -> str:
        return _bare_handle(self.platform, text, self.raw)


def _from_url(platform: str, host: str, path: str, query: str, raw: object) -> str:
    link = _Link(platform, host, path, query, raw)
    account_of = _ACCOUNT_OF_LINK.get(platform)
    if account_of is None:
        raise link.no_profile(host)  # pragma: no cover - every host maps to a handled platform
    return account_of(link)


def _facebook_link(link: _Link) -> str:
    seg, q, first, raw = link.seg, link.q, link.first, link.raw
    if first in ("profile.php", "permalink.php", "story.php") and q.get("id"):
        return _check_digits(q["id"][0], raw)
    if first == "people" and len(seg) >= 2:
        ids = [s for s in seg[1:] if s.isdigit()]
        if ids:
            return ids[-1]
        raise link.no_profile("people link without an id")
    if first in ("pages", "pg") and len(seg) >= 2:
        ids = [s for s in seg[1:] if s.isdigit()]
        return ids[-1] if ids else link.handle(seg[1])
    if first in ("groups", "group") and len(seg) >= 2:
        return "groups/" + seg[1].lower()
    if not first or first in _FB_NOT_PROFILE or first.endswith(".php"):
        raise link.no_profile(first or "no profile")
    return link.handle(seg[0])


def _zalo_link(link: _Link) -> str:
    seg, first = link.seg, link.first
    if first == "g" and len(seg) >= 2:
        return "g/" + seg[1]
    if not seg:
        raise link.no_profile("no account")
    number = _phone_or_none(seg[0])
    if number is not None:
        return number
    return link.handle(seg[0])


def _telegram_link(link: _Link) -> str:
    seg, q, first = link.seg, link.q, link.first
    if link.query and "domain" in q:
        return link.handle(q["domain"][0])
    if first == "s" and len(seg) >= 2:
        seg, first = seg[1:], seg[1].lower()
    if first == "joinchat" and len(seg) >= 2:
        return "joinchat/" + seg[1]
    if seg and seg[0].startswith("+"):
        number = _phone_or_none(seg[0])
        return number if number is not None else seg[0]
    if not seg or not _TG_HANDLE_RE.fullmatch(seg[0]):
        raise link.no_profile(first or "no account")
    return seg[0].lower()


def _tiktok_link(link: _Link) -> str:
    seg = link.seg
    if seg and seg[0].startswith("@") and len(seg[0]) > 1:
        return link.handle(seg[0])
    raise link.no_profile("no @handle; short links must be opened to find the account")


def _instagram_link(link: _Link) -> str:
    seg, first = link.seg, link.first
    if first == "stories" and len(seg) >= 2:
        return link.handle(seg[1])
    if not first or first in _IG_NOT_PROFILE:
        raise link.no_profile(first or "no account")
    return link.handle(seg[0])


def _twitter_link(link: _Link) -> str:
    if not link.first or link.first in _X_NOT_PROFILE:
        raise link.no_profile(link.first or "no account")
    return link.handle(link.seg[0])


def _youtube_link(link: _Link) -> str:
    seg, first = link.seg, link.first
    if link.host == "youtu.be" or first in ("watch", "shorts", "embed", "playlist", "results"):
        raise link.no_profile("a video")
    if first.startswith("@"):
        return link.handle(seg[0])
    if first in ("channel", "c", "user") and len(seg) >= 2:
        return link.handle(f"{first}/{seg[1]}")
    raise link.no_profile(first or "no channel")


def _whatsapp_link(link: _Link) -> str:
    seg, first = link.seg, link.first
    number = link.q.get("phone", [""])[0] if first == "send" or not seg else seg[0]
    found = _phone_or_none(number.lstrip("+"), international_digits=True)
    if found is None:
        raise link.no_profile("no valid phone number")
    return found


def _threads_link(link: _Link) -> str:
    seg = link.seg
    if seg and seg[0].startswith("@"):
        return link.handle(seg[0])
    raise link.no_profile(link.first or "no account")


def _linkedin_link(link: _Link) -> str:
    seg, first = link.seg, link.first
    if first in ("in", "company", "school") and len(seg) >= 2:
        handle = link.handle(seg[1])
        return handle if first == "in" else f"{first}/{handle}"
    raise link.no_profile(first or "no account")


_ACCOUNT_OF_LINK = {
    "facebook": _facebook_link, "zalo": _zalo_link, "telegram": _telegram_link, "tiktok": _tiktok_link,
    "instagram": _instagram_link, "twitter": _twitter_link, "youtube": _youtube_link,
    "whatsapp": _whatsapp_link, "threads": _threads_link, "linkedin": _linkedin_link,
}


def _check_digits(value: str, raw: object) -> str:
    value = value.strip()
    if not value.isdigit():
        raise InvalidValue("the profile id in this link is not a number", raw)
    return value


def _platform_of_host(host: str) -> str | None:
    host = host.lower().rstrip(".")
    while host:
        found = _HOSTS.get(host)
        if found:
            return found
        if "." not in host:
            return None
        host = host.split(".", 1)[1]
    return None


def _as_url(text: str) -> tuple[str, str, str, str] | None:
    """(platform, host, path, query) when text is a link to a known network; None if not a link."""
    if _SCHEME_RE.match(text):
        url = text
    elif text.startswith("tg://"):
        url = text
    else:
        m = _BARE_URL_RE.match(text)
        if m is None or _platform_of_host(m.group(1)) is None:
            return None
        url = "https://" + text
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme.lower() == "tg":
        return "telegram", "t.me", "", parts.query
    platform = _platform_of_host(host)
    if platform is None:
        return "", host, parts.path, parts.query
    return platform, host, parts.path, parts.query


def normalize(raw: object, platform: object = None) -> Normalized:
    """Normalise a social-network account to ``platform:handle``.

    ``platform`` is the platform column's value for this row, if any.
    """
    text = required_text(raw, "social-network account")
    given = platform_name(platform)
    link = _as_url(text)
    if link is not None:
        name, host, path, query = link
        if not name:
            raise InvalidValue(f"not a link to a known social network ({host})", raw)
        handle = _from_url(name, host, path, query, raw)
        return Normalized(f"{name}:{handle}", {"platform": name})
    m = _PREFIX_RE.fullmatch(text)
    if m:
        prefix = fold(m.group(1))
        known = PLATFORM_ALIASES.get(prefix) or PLATFORM_ALIASES.get(prefix.replace(" ", ""))
        if known or (given is None and " " not in prefix) or prefix.replace(" ", "") == given:
            name = known or prefix.replace(" ", "")
            return Normalized(f"{name}:{_bare_handle(name, m.group(2), raw)}", {"platform": name})
    m = _WORD_PREFIX_RE.fullmatch(text)  # "Zalo 0912 345 678", "FB nguyen.van.a"
    if m:
        word = fold(m.group(1))
        known = PLATFORM_ALIASES.get(word) if word not in _AMBIGUOUS_WORDS else None
        rest = m.group(2)
        if known and (not any(c.isspace() for c in rest)
                      or (known in _PHONE_PLATFORMS and _PHONE_LIKE_RE.fullmatch(rest))):
            return Normalized(f"{known}:{_bare_handle(known, rest, raw)}", {"platform": known})
    if given is None:
        if text.startswith("@") and len(text) > 1:  # a handle whose platform is not said: kept as such
            return Normalized(f"{UNKNOWN_PLATFORM}:{_bare_handle(UNKNOWN_PLATFORM, text, raw)}",
                              {"platform": UNKNOWN_PLATFORM})
        raise InvalidValue("cannot tell which social network this is; give a platform column or a link", raw)
    return Normalized(f"{given}:{_bare_handle(given, text, raw)}", {"platform": given})


def resolve_unknown(values) -> dict[str, str]:
    """``unknown:handle`` -> ``platform:handle`` for each unknown-platform handle that exactly one
    platform among ``values`` (canonical social values, None allowed) has; others are left out."""
    prefix = UNKNOWN_PLATFORM + ":"
    platforms: dict[str, set[str]] = {}
    unknown = set()
    for v in set(values):
        if not v:
            continue
        name, _, handle = v.partition(":")
        if name == UNKNOWN_PLATFORM:
            unknown.add(handle)
        else:
            platforms.setdefault(handle, set()).add(name)
    return {prefix + h: f"{next(iter(platforms[h]))}:{h}"
            for h in sorted(unknown) if len(platforms.get(h, ())) == 1}
