"""URLs and domains: registrable domain from the bundled Public Suffix List."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.url import normalize, registrable_domain


@pytest.mark.parametrize("raw, domain, host, url", [
    ("https://Hotro-Vietcombank.com.vn/login?x=1", "hotro-vietcombank.com.vn", "hotro-vietcombank.com.vn",
     "https://hotro-vietcombank.com.vn/login?x=1"),
    ("a.b.com.vn", "b.com.vn", "a.b.com.vn", "http://a.b.com.vn"),
    ("abc.xyz", "abc.xyz", "abc.xyz", "http://abc.xyz"),
    ("www.facebook.com", "facebook.com", "www.facebook.com", "http://www.facebook.com"),
    ("HTTPS://WWW.Example.COM:443/A?B=C#frag", "example.com", "www.example.com",
     "https://www.example.com/A?B=C#frag"),
    ("http://example.com:8080/x", "example.com", "example.com", "http://example.com:8080/x"),
    ("hxxps://login-vcb[.]top/verify", "login-vcb.top", "login-vcb.top", "https://login-vcb.top/verify"),
    ("hxxp://login-vcb[.]top:80/x", "login-vcb.top", "login-vcb.top", "http://login-vcb.top/x"),
    ("scam.github.io", "scam.github.io", "scam.github.io", "http://scam.github.io"),
    ("x.y.blogspot.com", "y.blogspot.com", "x.y.blogspot.com", "http://x.y.blogspot.com"),
    ("shop.co.uk", "shop.co.uk", "shop.co.uk", "http://shop.co.uk"),
    ("m.shop.gov.vn", "shop.gov.vn", "m.shop.gov.vn", "http://m.shop.gov.vn"),
    ("bit.ly/abc123", "bit.ly", "bit.ly", "http://bit.ly/abc123"),
    ("//cdn.x.com/a", "x.com", "cdn.x.com", "http://cdn.x.com/a"),
    ("shopee.vn.", "shopee.vn", "shopee.vn", "http://shopee.vn"),
    ("http://việtnam.vn/a", "xn--vitnam-jk8b.vn", "xn--vitnam-jk8b.vn", "http://xn--vitnam-jk8b.vn/a"),
    ("http://1.2.3.4:8080/x", "1.2.3.4", "1.2.3.4", "http://1.2.3.4:8080/x"),
    ("http://[2001:db8::1]/", "2001:db8::1", "2001:db8::1", "http://[2001:db8::1]/"),
    ("http://vietcombank.com.vn@evil.com/x", "evil.com", "evil.com", "http://vietcombank.com.vn@evil.com/x"),
    ("ftp://files.example.org/x", "example.org", "files.example.org", "ftp://files.example.org/x"),
])
def test_accepted(raw, domain, host, url):
    result = normalize(raw)
    assert (result.value, result.props["host"], result.props["url"]) == (domain, host, url)
    assert normalize(result.props["url"]) == result
    assert normalize(result.value).value == result.value


def test_registrable_domain():
    assert registrable_domain("a.b.com.vn") == "b.com.vn"
    assert registrable_domain("com.vn") is None


@pytest.mark.parametrize("raw, reason", [
    ("localhost", "no dot"),
    ("abc", "no dot"),
    ("http://", "no host"),
    ("report.pdf", "not a known domain ending"),
    ("com.vn", "domain ending, not a site"),
    ("hello world.com", "spaces"),
    ("http://a..b.com", "not a valid name"),
    ("http://-a.com", "not a valid name"),
    ("http://x.com:99999", "port is not valid"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(LABEL, min_size=0, max_size=3), LABEL, st.sampled_from(["com", "vn", "com.vn", "net", "xyz",
                                                                         "top", "org.vn", "io"]),
       st.sampled_from(["{}", "http://{}", "https://{}/", "HTTPS://{}/path?q=1", "{}/a/b"]), st.booleans())
def test_generated_urls(subs, name, suffix, style, upper):
    from hypothesis import assume

    from graphfraud.normalize.url import _suffix_list

    # "jp.net", "gov.io" ... are public suffixes themselves: there the registrable domain is one label longer
    assume(_suffix_list().publicsuffix(f"{name}.{suffix}") == suffix)
    host = ".".join([*subs, name, suffix])
    text = style.format(host.upper() if upper else host)
    result = normalize(text)
    assert result.value == f"{name}.{suffix}"
    assert result.props["host"] == host
    assert normalize(result.props["url"]) == result


def test_host_under_a_multi_label_public_suffix():
    # jp.net is itself a public suffix, so the registrable domain keeps one more label
    assert normalize("https://shop.x.jp.net/a").value == "x.jp.net"
    assert normalize("x.jp.net").props["host"] == "x.jp.net"
