"""Currencies → ISO 4217 codes (``VND``, ``USD``), crypto assets by their ticker (``BTC``, ``USDT``).

A currency cell may hold a code (``usd``), a symbol (``$``, ``₫``, ``đ``), or a
name in Vietnamese or English (``đồng``, ``VNĐ``, ``Việt Nam đồng``, ``US
Dollar``, ``Bitcoin``, ``Yuan``, ``UK Pound``). Names are folded (accents, case,
spacing). A three-to-five letter code not in the table is kept as written, upper
case (a currency graphfraud does not know is still a currency); anything else is
rejected.

>>> [currency_code(x) for x in ("VNĐ", "đồng", "US Dollar", "Bitcoin", "Yuan", "₫", "usdt", "UK Pound")]
['VND', 'VND', 'USD', 'BTC', 'CNY', 'VND', 'USDT', 'GBP']
>>> [currency_code(x) for x in ("UK pounds", "Turkish lira", "Moroccan dirham", "Albanian lek", "Naira")]
['GBP', 'TRY', 'MAD', 'ALL', 'NGN']
>>> currency_code("XAU"), is_crypto("BTC"), is_crypto("USD")
('XAU', True, False)
"""

from __future__ import annotations

import re

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import fold, required_text

__all__ = ["CRYPTO", "CURRENCY_WORDS", "DEFAULT_CURRENCY", "SYMBOLS", "currency_code", "is_crypto"]

DEFAULT_CURRENCY = "VND"  # a Vietnamese file names no currency when it is the dong

# Currency symbols (checked before folding, since folding drops symbols).
SYMBOLS: dict[str, str] = {
    "₫": "VND", "đ": "VND", "Đ": "VND", "$": "USD", "us$": "USD", "US$": "USD", "€": "EUR", "£": "GBP",
    "฿": "THB", "₩": "KRW", "៛": "KHR", "₭": "LAK", "₱": "PHP", "元": "CNY", "₽": "RUB", "₹": "INR",
    "s$": "SGD", "S$": "SGD", "₮": "USDT", "₿": "BTC", "¥": "JPY", "₪": "ILS", "R$": "BRL",
}
# Codes and names, folded (accents, case and punctuation gone: "VNĐ" -> "vnd", "Đồng" -> "dong").
CURRENCY_WORDS: dict[str, str] = {
    "vnd": "VND", "d": "VND", "dong": "VND", "vn dong": "VND", "viet nam dong": "VND", "vietnam dong": "VND",
    "vietnamese dong": "VND", "dong viet nam": "VND",
    "usd": "USD", "do": "USD", "do la": "USD", "do la my": "USD", "dollar": "USD", "dollars": "USD",
    "us dollar": "USD", "us dollars": "USD", "u s dollar": "USD",
    "eur": "EUR", "euro": "EUR", "euros": "EUR", "gbp": "GBP", "uk pound": "GBP", "pound": "GBP",
    "pound sterling": "GBP", "british pound": "GBP", "bang anh": "GBP",
    "cny": "CNY", "rmb": "CNY", "nhan dan te": "CNY", "te": "CNY", "yuan": "CNY", "renminbi": "CNY",
    "yuan renminbi": "CNY", "chinese yuan": "CNY",
    "khr": "KHR", "riel": "KHR", "lak": "LAK", "kip": "LAK", "thb": "THB", "baht": "THB", "bat": "THB",
    "php": "PHP", "peso": "PHP", "philippine peso": "PHP", "mmk": "MMK", "kyat": "MMK",
    "jpy": "JPY", "yen": "JPY", "krw": "KRW", "won": "KRW", "sgd": "SGD", "myr": "MYR", "ringgit": "MYR",
    "hkd": "HKD", "twd": "TWD", "aud": "AUD", "australian dollar": "AUD", "cad": "CAD",
    "canadian dollar": "CAD", "chf": "CHF", "swiss franc": "CHF", "idr": "IDR", "rupiah": "IDR",
    "inr": "INR", "rupee": "INR", "indian rupee": "INR", "aed": "AED", "dirham": "AED",
    "rub": "RUB", "ruble": "RUB", "rouble": "RUB", "mxn": "MXN", "mexican peso": "MXN",
    "brl": "BRL", "brazil real": "BRL", "brazilian real": "BRL", "real": "BRL",
    "sar": "SAR", "saudi riyal": "SAR", "riyal": "SAR", "ils": "ILS", "shekel": "ILS", "new shekel": "ILS",
    "usdt": "USDT", "tether": "USDT", "usdc": "USDC", "btc": "BTC", "bitcoin": "BTC", "xbt": "BTC",
    "eth": "ETH", "ether": "ETH", "ethereum": "ETH", "bnb": "BNB", "trx": "TRX", "tron": "TRX",
    # names as English-language exports write them (SAML-D: "UK pounds", "Turkish lira", ...)
    "japanese yen": "JPY", "korean won": "KRW", "south korean won": "KRW", "thai baht": "THB",
    "singapore dollar": "SGD", "hong kong dollar": "HKD", "taiwan dollar": "TWD", "new taiwan dollar": "TWD",
    "new zealand dollar": "NZD", "nzd": "NZD", "malaysian ringgit": "MYR", "indonesian rupiah": "IDR",
    "cambodian riel": "KHR", "lao kip": "LAK", "myanmar kyat": "MMK", "uae dirham": "AED",
    "emirati dirham": "AED", "moroccan dirham": "MAD", "mad": "MAD", "turkish lira": "TRY", "lira": "TRY",
    "try": "TRY", "albanian lek": "ALL", "lek": "ALL", "naira": "NGN", "nigerian naira": "NGN", "ngn": "NGN",
    "pakistani rupee": "PKR", "pkr": "PKR", "sri lankan rupee": "LKR", "nepalese rupee": "NPR",
    "bangladeshi taka": "BDT", "taka": "BDT", "russian ruble": "RUB", "russian rouble": "RUB",
    "ukrainian hryvnia": "UAH", "hryvnia": "UAH", "polish zloty": "PLN", "zloty": "PLN",
    "czech koruna": "CZK", "hungarian forint": "HUF", "forint": "HUF", "swedish krona": "SEK",
    "norwegian krone": "NOK", "danish krone": "DKK", "south african rand": "ZAR", "rand": "ZAR",
    "egyptian pound": "EGP", "kenyan shilling": "KES", "kazakhstani tenge": "KZT", "tenge": "KZT",
}
# Crypto assets: amounts with many decimals, often written in scientific notation (8e-05).
CRYPTO = frozenset({"BTC", "ETH", "USDT", "USDC", "BNB", "TRX"})
_CODE_RE = re.compile(r"[A-Za-z]{3,5}")


def lookup(token: str) -> str | None:
    """The code a currency token names, or None (no error)."""
    token = token.strip()
    if not token:
        return None
    folded = fold(token)
    code = SYMBOLS.get(token) or SYMBOLS.get(token.lower()) or CURRENCY_WORDS.get(folded)
    if code is None and folded.endswith("s") and " " in folded:   # "UK pounds", "Swiss francs"
        code = CURRENCY_WORDS.get(folded[:-1])
    return code


def currency_code(raw: object) -> str:
    """The code of a currency cell; an unknown 3–5 letter code is kept upper case; else rejected."""
    text = required_text(raw, "currency")
    code = lookup(text)
    if code is not None:
        return code
    if _CODE_RE.fullmatch(text):
        return text.upper()
    raise InvalidValue(f"not a currency: {text!r}", raw)


def is_crypto(code: str | None) -> bool:
    return code in CRYPTO
