"""Phone numbers → E.164 (``+84912345678``), using ``phonenumbers``.

Vietnamese numbers may be written with ``0``, ``84``, ``+84``, ``0084``, with
spaces, dots, dashes or parentheses, or without their leading zero (a
spreadsheet dropped it). Pre-2018 eleven-digit mobile numbers (``0166 234 5678``)
are mapped to today's ten-digit numbers. Old landline area codes (before 2017)
are *not* remapped. Foreign numbers are kept in E.164 with ``foreign: True``;
a foreign number of a possible length for its country code that is not in that
country's numbering plan as libphonenumber knows it (``+63 198 359 7882``) is
kept too, with ``plan: "not_in_plan"`` (plans change faster than the metadata).
A Vietnamese number outside the plan is rejected with the reason (graphfraud
knows that plan: a digit too many or too few, a pre-2017 landline code).
Numbers a spreadsheet turned into floats (``912345678.0``, ``9.12345678E8``) and
cells holding several numbers are rejected, never guessed.

>>> normalize("0912 345 678")
Normalized(value='+84912345678', props={'country': 'VN', 'foreign': False, 'line_type': 'mobile'})
>>> normalize("0166 234 5678").value, normalize("0166 234 5678").props["old_number"]
('+84362345678', '+841662345678')
>>> normalize("+855 12 345 678").props["country"], normalize("+855 12 345 678").props["foreign"]
('KH', True)
>>> normalize("9.12345678E8")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: looks like a number a spreadsheet converted (9.12345678E8); fix the source column as text
>>> normalize("0912345678/0987654321")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: several phone numbers in one cell; split them into separate rows or columns
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType, ValidationResult

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, refuse_spreadsheet_number, required_text

__all__ = ["normalize", "OLD_MOBILE_PREFIXES"]

# Pre-2018 11-digit mobile prefixes (national significant number, without the 0)
# → today's 2-digit prefixes (Ministry of Information and Communications plan, 2018).
OLD_MOBILE_PREFIXES: dict[str, str] = {
    # Viettel 0162–0169 → 032–039
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38", "169": "39",
    # MobiFone 0120/0121/0122/0126/0128 → 070/079/077/076/078
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
    # VinaPhone 0123/0124/0125/0127/0129 → 083/084/085/081/082
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
    # Vietnamobile 0186/0188 → 056/058
    "186": "56", "188": "58",
    # Gmobile 0199 → 059
    "199": "59",
}

_LINE_TYPES: dict[int, str] = {
    getattr(PhoneNumberType, name): name.lower()
    for name in ("FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE", "PREMIUM_RATE",
                 "SHARED_COST", "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL", "UNKNOWN")
}

_ALLOWED_RE = re.compile(r"[\d\s().\-/+]*")
_FIRST_SIGN_RE = re.compile(r"[^\d+]*(\+?)")
# An extension at the end: "ext 12", "ext. 12", "x12", "máy lẻ 12", "ml 12", "#12".
_EXT_RE = re.compile(r"\s*(?:ext\.?|extension|x|m[áa]y\s*l[ẻe]|ml|#)\s*(\d{1,7})\s*$", re.IGNORECASE)
_TEL_RE = re.compile(r"^(?:tel|phone|sđt|sdt|đt|dt)(?![^\W\d_])\s*[:.]?\s*", re.IGNORECASE)  # not "Telegram"
# the app or use a number is written with: "Zalo: 0912…", "0912… (Zalo)", "0912… - Telegram"
_APPS = r"zalo|viber|telegram|tele|whatsapp|wechat|signal|line|skype|imo|hotline|mobile|di động|di dong|nhà|cơ quan"
_APP_BEFORE_RE = re.compile(rf"^\(?(?P<label>{_APPS})\)?\s*[:.\-]?\s*", re.IGNORECASE)
_APP_AFTER_RE = re.compile(rf"\s*(?:\((?P<label>{_APPS})\)|[-–]\s*(?P<label2>{_APPS}))\s*$", re.IGNORECASE)
# Separators between several numbers written in one cell.
_SEVERAL_RE = re.compile(r"[/,;|\\&\n\t]+|\s+[-–—~]\s+|\s+(?:or|hoặc|hoac|và|va)\s+", re.IGNORECASE)
_NON_DIGIT_RE = re.compile(r"\D+")
_SEVERAL = "several phone numbers in one cell; split them into separate rows or columns"


def _digit_count(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _looks_like_several(text: str) -> bool:
    parts = _SEVERAL_RE.split(text)
    if sum(_digit_count(p) >= 8 for p in parts) >= 2:
        return True
    tokens = text.split()
    if sum(_digit_count(t) >= 9 for t in tokens) >= 2:
        return True
    if _digit_count(text) > 17:
        dash_parts = re.split(r"[-–—]", text)
        return sum(_digit_count(p) >= 8 for p in dash_parts) >= 2
    return False


def _vn_national(digits: str, international: bool) -> str | None:
    """The Vietnamese national significant number in ``digits``, or None if not VN."""
    if international:
        if not digits.startswith("84"):
            return None
        nsn = digits[2:]
        if nsn.startswith("0"):  # "+84 (0) 912 ...": a trunk zero written after the country code
            nsn = nsn[1:]
        return nsn
    if digits.startswith("0"):
        return digits[1:]
    if digits.startswith("84") and len(digits) in (11, 12):
        return digits[2:]
    return digits  # the leading zero was lost (e.g. a spreadsheet dropped it)


def normalize(raw: object, default_region: str | None = "VN") -> Normalized:
    """Normalise one phone number to E.164.

    ``default_region`` is the country assumed for numbers written without a
    country code (``None``: such numbers are rejected). ``props``: ``country``
    (ISO region, ``"001"`` for non-geographic), ``foreign`` (country is not VN),
    ``line_type`` (``mobile``, ``fixed_line``, ``voip``, ``toll_free``, ...),
    and when relevant ``old_number`` (the pre-2018 form that was remapped),
    ``extension`` and ``plan`` (``"not_in_plan"``: a possible foreign number its
    country's plan does not have).
    """
    text, extension, label = _text_and_extension(raw)
    digits, international = _digits(text, raw)
    to_parse, region, old_number = _to_parse(digits, international, default_region, raw)
    number = _parse(to_parse, region, raw)
    plan = _plan(number, raw)
    props = _props(number, plan)
    if old_number is not None:
        props["old_number"] = old_number
    if extension is not None:
        props["extension"] = extension
    if label is not None:
        props["app"] = label
    return Normalized(phonenumbers.format_number(number, PhoneNumberFormat.E164), props)


def _text_and_extension(raw: object) -> tuple[str, str | None, str | None]:
    """The cell's text without a "tel:" label, an app's name (``Zalo: …``, ``… (Zalo)``) or an
    extension, the extension and the app's name; refuses empty cells, spreadsheet floats and cells
    holding several numbers."""
    text = required_text(raw, "phone number")
    refuse_spreadsheet_number(text, raw)
    text = _TEL_RE.sub("", text, count=1)
    label = None
    for pattern in (_APP_BEFORE_RE, _APP_AFTER_RE):
        m = pattern.search(text)
        if m is not None and _digit_count(text) >= 6:
            label = (m.group("label") or m.groupdict().get("label2") or "").strip().capitalize()
            text = text[:m.start()] + text[m.end():]
            break
    extension = None
    m = _EXT_RE.search(text)
    if m and _digit_count(text[:m.start()]) >= 6:
        extension = m.group(1)
        text = text[:m.start()]
    if _looks_like_several(text):
        raise InvalidValue(_SEVERAL, raw)
    return text, extension, label


def _digits(text: str, raw: object) -> tuple[str, bool]:
    """The digits of ``text`` (an international ``00`` prefix dropped) and whether they begin with a
    country code."""
    if not _ALLOWED_RE.fullmatch(text):
        if any(c.isalpha() for c in text):
            raise InvalidValue("not a phone number: it contains letters", raw)
        raise InvalidValue("not a phone number: unexpected characters", raw)
    digits = _NON_DIGIT_RE.sub("", text)
    if not digits:
        raise InvalidValue("not a phone number: no digits", raw)
    international = _FIRST_SIGN_RE.match(text).group(1) == "+"
    if not international and digits.startswith("00"):
        digits, international = digits[2:], True
    if len(digits) <= 5:
        raise InvalidValue(
            f"too short for a phone number ({digits}); "
            "short service codes such as 113 are not subscriber numbers",
            raw)
    return digits, international


def _to_parse(digits: str, international: bool, default_region: str | None,
              raw: object) -> tuple[str, str | None, str | None]:
    """What to give ``phonenumbers.parse`` (text, region) and the pre-2018 number remapped, if any."""
    old_number = None
    if international or default_region == "VN":
        nsn = _vn_national(digits, international)
    else:
        nsn = None
    if nsn is not None:
        new_prefix = OLD_MOBILE_PREFIXES.get(nsn[:3]) if len(nsn) == 10 else None
        if new_prefix is not None:
            old_number = "+84" + nsn
            nsn = new_prefix + nsn[3:]
        return "+84" + nsn, None, old_number
    if international:
        return "+" + digits, None, old_number
    if default_region is None:
        raise InvalidValue("no country code (write it as +CC...) and no default country given", raw)
    return digits, default_region, old_number


def _parse(to_parse: str, region: str | None, raw: object) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(to_parse, region)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise InvalidValue("not a phone number: unknown country code", raw) from None
        if exc.error_type in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
            raise InvalidValue("too short for a phone number", raw) from None
        raise InvalidValue("not a phone number", raw) from None


def _plan(number: phonenumbers.PhoneNumber, raw: object) -> str | None:
    """None for a valid number, ``"not_in_plan"`` for a possible foreign number the metadata does not
    know; other numbers are refused with the reason."""
    if phonenumbers.is_valid_number(number):
        return None
    if number.country_code == 84 or not phonenumbers.is_possible_number(number):
        raise InvalidValue(_invalid_reason(number), raw)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    nsn = e164[1 + len(str(number.country_code)):]
    if len(set(nsn)) == 1 or phonenumbers.format_number(
            phonenumbers.parse(e164, None), PhoneNumberFormat.E164) != e164:
        raise InvalidValue(_invalid_reason(number), raw)  # 000 000 0000, or not a stable spelling
    return "not_in_plan"  # a possible foreign number the metadata does not know: kept, flagged


def _props(number: phonenumbers.PhoneNumber, plan: str | None) -> dict:
    """``country``, ``foreign``, ``line_type`` and ``plan`` (when not in plan) of a parsed number."""
    if plan is None:
        country = phonenumbers.region_code_for_number(number) or "001"
    else:
        country = phonenumbers.region_code_for_country_code(number.country_code) or "001"
    props: dict = {
        "country": country,
        "foreign": country != "VN",
        "line_type": "unknown" if plan else _LINE_TYPES.get(phonenumbers.number_type(number), "unknown"),
    }
    if plan is not None:
        props["plan"] = plan
    return props


def _invalid_reason(number: phonenumbers.PhoneNumber) -> str:
    reason = phonenumbers.is_possible_number_with_reason(number)
    where = phonenumbers.region_code_for_country_code(number.country_code)
    where_text = "Vietnam" if where == "VN" else f"+{number.country_code}"
    if reason == ValidationResult.TOO_SHORT:
        return f"too short for a phone number in {where_text}"
    if reason == ValidationResult.TOO_LONG:
        return f"too long for a phone number in {where_text}"
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return "not a phone number: unknown country code"
    if where == "VN":
        return ("not a valid Vietnamese number (no such prefix or wrong length; landlines with a "
                "pre-2017 area code are not remapped)")
    return f"not a valid phone number in {where_text} (no such prefix or wrong length)"
