"""E-mail addresses."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.email import normalize


@pytest.mark.parametrize("raw, value", [
    ("nguyen.van.a@gmail.com", "nguyen.van.a@gmail.com"),
    (" Nguyen.Van.A@GMAIL.com ", "nguyen.van.a@gmail.com"),
    ("NGUYENVANA@GMAIL.COM", "nguyenvana@gmail.com"),
    ("mailto:HoTro@Vietcombank.com.vn", "hotro@vietcombank.com.vn"),
    ("Hỗ trợ <HoTro@Vietcombank.com.vn>", "hotro@vietcombank.com.vn"),
    ("<abc@yahoo.com.vn>", "abc@yahoo.com.vn"),
    ("scam[@]mail[.]ru", "scam@mail.ru"),
    ("scam(at)mail(dot)ru", "scam@mail.ru"),
    ("a+tag@gmail.com", "a+tag@gmail.com"),
    ("a_b-c@sub.domain.vn", "a_b-c@sub.domain.vn"),
    ("x@y.vn.", "x@y.vn"),
    ('"abc@gmail.com"', "abc@gmail.com"),
])
def test_accepted(raw, value):
    result = normalize(raw)
    assert result.value == value
    assert result.props["domain"] == value.split("@")[1]
    assert normalize(value) == result


@pytest.mark.parametrize("raw, reason", [
    ("abc", "no @"),
    ("abc.gmail.com", "no @"),
    ("a@b@c.com", "more than one @"),
    ("a@b.com; c@d.com", "several e-mail addresses"),
    ("a@b.com, c@d.com", "several e-mail addresses"),
    ("abc@localhost", "no dot"),
    ("@gmail.com", "before @"),
    ("a b@gmail.com", "before @"),
    ("a..b@gmail.com", "before @"),
    (".a@gmail.com", "before @"),
    ("a@-b.com", "domain is not valid"),
    ("a@b..com", "domain is not valid"),
    ("a@b_c.com", "domain is not valid"),
    ("a@1.2.3.4", "domain is not valid"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


SIMPLE_LOCAL = st.from_regex(r"[a-z0-9](?:[a-z0-9_%+\-]|\.(?!\.)){0,20}[a-z0-9]", fullmatch=True)
LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9\-]{0,10}[a-z0-9])?", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(SIMPLE_LOCAL, st.lists(LABEL, min_size=1, max_size=3), st.sampled_from(["com", "vn", "com.vn", "ru", "io"]),
       st.sampled_from(["{}", " {} ", "<{}>", "mailto:{}", "Tên <{}>"]), st.booleans())
def test_generated_addresses(local, labels, tld, style, upper):
    address = f"{local}@{'.'.join(labels)}.{tld}"
    result = normalize(style.format(address.upper() if upper else address))
    assert result.value == address
    assert result.props["domain"] == address.split("@")[1]
    assert normalize(result.value) == result


@settings(max_examples=100, deadline=None)
@given(st.emails())
def test_any_accepted_address_is_a_fixed_point(address):
    try:
        result = normalize(address)
    except InvalidValue:
        return
    assert result.value == result.value.lower() and result.value.count("@") == 1
    assert normalize(result.value) == result
