"""Every string the HTML pages and reports show, in English and Vietnamese (the texts are kept in
``catalogues/pages.json``, see :mod:`graphfraud.output.catalogue`).

``t(key, lang, **fields)`` returns the text in ``lang`` (``"vi"`` or ``"en"``)
with ``{fields}`` filled in; a missing key is a programming error (KeyError),
so a test can check that both languages have every key.
"""

from __future__ import annotations

from datetime import datetime

from graphfraud.output.catalogue import load_catalogue
from graphfraud.textfmt import fmt_int, fmt_money  # noqa: F401  (numbers and money for people, vi/en)

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

# key: (English, Vietnamese), from catalogues/pages.json
STRINGS: dict[str, tuple[str, str]] = load_catalogue("pages")


def t(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """The text of ``key`` in ``lang`` with ``fields`` filled in."""
    en, vi = STRINGS[key]
    text = vi if lang == "vi" else en
    return text.format(**fields) if fields else text


def has(key: str) -> bool:
    return key in STRINGS


def check_lang(lang: str | None) -> str:
    from graphfraud.errors import UsageError

    lang = (lang or DEFAULT_LANG).lower()
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; choose vi or en")
    return lang


# ----------------------------------------------------------------------------- formatting
def _dt(value) -> datetime | None:
    from graphfraud.normalize.timestamp import LOCAL_TZ

    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from graphfraud.normalize.timestamp import epoch_datetime

        return epoch_datetime(int(value))
    try:
        d = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=LOCAL_TZ)


def fmt_date(value, lang: str = DEFAULT_LANG) -> str:
    """A date (epoch seconds or ISO text): ``15/03/2024`` (vi) / ``2024-03-15`` (en)."""
    d = _dt(value)
    if d is None:
        return "" if value in (None, "") else str(value)
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.strftime("%Y-%m-%d")


def fmt_time(value, lang: str = DEFAULT_LANG) -> str:
    """A date and time in Vietnam time unless the value says otherwise."""
    d = _dt(value)
    if d is None:
        return "" if value in (None, "") else str(value)
    return d.strftime("%d/%m/%Y %H:%M") if lang == "vi" else d.strftime("%Y-%m-%d %H:%M")
