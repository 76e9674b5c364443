"""Social-network accounts → platform:handle."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized
from graphfraud.normalize.social import normalize, platform_name


@pytest.mark.parametrize("raw, platform, value", [
    # Facebook
    ("https://www.facebook.com/profile.php?id=1000123456789", None, "facebook:1000123456789"),
    ("https://www.facebook.com/profile.php?id=1000123456789&sk=about", None, "facebook:1000123456789"),
    ("https://m.facebook.com/nguyen.van.a/", None, "facebook:nguyen.van.a"),
    ("https://m.facebook.com/Nguyen.Van.A", None, "facebook:nguyen.van.a"),
    ("fb.com/x", None, "facebook:x"),
    ("fb.com/nguyenvana", None, "facebook:nguyenvana"),
    ("https://web.facebook.com/nguyen.van.a?mibextid=ZbWKwL", None, "facebook:nguyen.van.a"),
    ("mbasic.facebook.com/nguyen.van.a", None, "facebook:nguyen.van.a"),
    ("facebook.com/people/Nguyen-Van-A/100012345/", None, "facebook:100012345"),
    ("https://www.facebook.com/people/Nguyễn-Văn-A/100012345678901/", None, "facebook:100012345678901"),
    ("https://www.facebook.com/100012345678901", None, "facebook:100012345678901"),
    ("https://www.facebook.com/groups/123456789/", None, "facebook:groups/123456789"),
    ("https://www.facebook.com/permalink.php?story_fbid=1&id=100012345", None, "facebook:100012345"),
    ("m.me/nguyen.van.a", None, "facebook:nguyen.van.a"),
    ("100012345678901", "Facebook", "facebook:100012345678901"),
    ("nguyen.van.a", "FB", "facebook:nguyen.van.a"),
    ("@Nguyen.Van.A", "fb", "facebook:nguyen.van.a"),
    ("facebook:nguyen.van.a", None, "facebook:nguyen.van.a"),
    ("Facebook: Nguyen.Van.A", None, "facebook:nguyen.van.a"),
    ("FB:100012345", None, "facebook:100012345"),
    # Zalo (phone based)
    ("zalo: 0912345678", None, "zalo:+84912345678"),
    ("Zalo: 0912345678", None, "zalo:+84912345678"),
    ("https://zalo.me/0912345678", None, "zalo:+84912345678"),
    ("zalo.me/84912345678", None, "zalo:+84912345678"),
    ("0912 345 678", "Zalo", "zalo:+84912345678"),
    ("zalo:+84912345678", None, "zalo:+84912345678"),
    ("https://zalo.me/g/AbCdEf123", None, "zalo:g/AbCdEf123"),
    ("https://zalo.me/4318623480135655888", None, "zalo:4318623480135655888"),
    # Telegram
    ("t.me/abc_def", None, "telegram:abc_def"),
    ("https://t.me/ScamBot", None, "telegram:scambot"),
    ("telegram.me/abc_def", None, "telegram:abc_def"),
    ("https://t.me/s/channel_name/123", None, "telegram:channel_name"),
    ("https://t.me/joinchat/AbCdEf123", None, "telegram:joinchat/AbCdEf123"),
    ("https://t.me/+AbCdEf123", None, "telegram:+AbCdEf123"),
    ("https://t.me/+84912345678", None, "telegram:+84912345678"),
    ("tg://resolve?domain=ScamBot", None, "telegram:scambot"),
    ("@abc_def", "telegram", "telegram:abc_def"),
    ("@abc_def", "Tele", "telegram:abc_def"),
    ("@abc_def", "tg", "telegram:abc_def"),
    ("telegram:abc_def", None, "telegram:abc_def"),
    ("telegram:+AbCdEf123", None, "telegram:+AbCdEf123"),
    # TikTok, Instagram, X/Twitter, YouTube, others
    ("tiktok.com/@abc", None, "tiktok:abc"),
    ("https://www.tiktok.com/@Abc.Def/video/7123456789", None, "tiktok:abc.def"),
    ("@abc", "TikTok", "tiktok:abc"),
    ("instagram.com/abc_1", None, "instagram:abc_1"),
    ("https://www.instagram.com/stories/abc_1/123/", None, "instagram:abc_1"),
    ("@Abc_1", "IG", "instagram:abc_1"),
    ("https://x.com/ElonMusk/status/1", None, "twitter:elonmusk"),
    ("twitter.com/abc", None, "twitter:abc"),
    ("mobile.twitter.com/abc", None, "twitter:abc"),
    ("@abc", "X", "twitter:abc"),
    ("youtube.com/@Handle", None, "youtube:handle"),
    ("https://www.youtube.com/channel/UCabcDEF123", None, "youtube:channel/UCabcDEF123"),
    ("https://www.youtube.com/c/SomeName", None, "youtube:c/somename"),
    ("youtube:channel/UCabcDEF123", None, "youtube:channel/UCabcDEF123"),
    ("wa.me/84912345678", None, "whatsapp:+84912345678"),
    ("https://api.whatsapp.com/send?phone=84912345678", None, "whatsapp:+84912345678"),
    ("whatsapp: +84 912 345 678", None, "whatsapp:+84912345678"),
    ("linkedin.com/in/nguyenvana", None, "linkedin:nguyenvana"),
    ("threads.net/@abc", None, "threads:abc"),
    ("Zalo 0912 345 678", None, "zalo:+84912345678"),
    ("zalo 0912345678", None, "zalo:+84912345678"),
    ("FB nguyen.van.a", None, "facebook:nguyen.van.a"),
    ("Telegram @ScamBot", None, "telegram:scambot"),
    ("abc", "Shopee", "shopee:abc"),
    ("shopee:abc", None, "shopee:abc"),
])
def test_accepted(raw, platform, value):
    result = normalize(raw, platform=platform)
    assert result.value == value
    assert result.props["platform"] == value.split(":", 1)[0]
    assert normalize(result.value) == result  # platform:handle is stable


def test_link_wins_over_platform_column():
    assert normalize("https://t.me/abc_def", platform="facebook").value == "telegram:abc_def"


@pytest.mark.parametrize("text, name", [
    ("Facebook", "facebook"), ("FB", "facebook"), ("fb", "facebook"), ("Face book", "facebook"),
    ("Zalo", "zalo"), ("Telegram", "telegram"), ("tele", "telegram"), ("tg", "telegram"),
    ("Tik Tok", "tiktok"), ("IG", "instagram"), ("X", "twitter"), ("Twitter", "twitter"), ("YT", "youtube"),
    ("Shopee Food", "shopeefood"), ("", None), (None, None),
])
def test_platform_names(text, name):
    assert platform_name(text) == name


@pytest.mark.parametrize("raw, platform, reason", [
    ("Nguyễn Văn A", "facebook", "display name"),
    ("abc", None, "cannot tell which social network"),
    ("x abc", None, "cannot tell which social network"),
    ("Facebook Nguyễn Văn A", None, "cannot tell which social network"),
    ("https://shopee.vn/abc", None, "not a link to a known social network"),
    ("https://www.facebook.com/share/abc/", None, "does not name an account"),
    ("https://www.facebook.com/", None, "does not name an account"),
    ("https://www.facebook.com/watch?v=1", None, "does not name an account"),
    ("https://vm.tiktok.com/ZSabc/", None, "does not name an account"),
    ("https://www.instagram.com/p/Cxyz/", None, "does not name an account"),
    ("https://youtu.be/dQw4w9WgXcQ", None, "does not name an account"),
    ("https://www.facebook.com/profile.php?id=abc", None, "not a number"),
    ("zalo: 0912345", None, "too short for a phone number"),
    ("0912", "zalo", "zalo account"),
    ("abc$%", "telegram", "unexpected characters"),
    ("", "facebook", "empty"),
    (None, None, "empty"),
    ("@", "telegram", "empty handle"),
])
def test_rejected(raw, platform, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw, platform=platform)
    assert reason in exc.value.reason


HANDLE = st.from_regex(r"[a-z][a-z0-9._]{3,20}[a-z0-9]", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(HANDLE, st.sampled_from([
    ("facebook", "https://www.facebook.com/{}"), ("facebook", "https://m.facebook.com/{}/"),
    ("facebook", "fb.com/{}"), ("facebook", "web.facebook.com/{}?ref=x"), ("instagram", "instagram.com/{}"),
    ("tiktok", "https://www.tiktok.com/@{}"), ("twitter", "https://x.com/{}"), ("twitter", "twitter.com/{}"),
    ("youtube", "youtube.com/@{}"), ("threads", "threads.net/@{}"),
]), st.booleans())
def test_profile_links(handle, case, upper):
    platform, template = case
    text = template.format(handle.upper() if upper else handle)
    result = normalize(text)
    assert result.value == f"{platform}:{handle}"
    assert normalize(result.value) == result
    assert normalize("@" + handle, platform=platform) == result


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{4,30}", fullmatch=True),
       st.sampled_from(["t.me/{}", "https://t.me/{}", "telegram.me/{}", "@{}", "{}", "telegram: {}", "tg:{}"]))
def test_telegram_spellings(handle, template):
    result = normalize(template.format(handle), platform="telegram")
    assert result.value == "telegram:" + handle.lower()
    assert normalize(result.value) == result


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["91", "98", "86", "35", "70", "83"]), st.text("0123456789", min_size=7, max_size=7),
       st.sampled_from(["zalo.me/0{}", "https://zalo.me/0{}", "zalo: 0{}", "Zalo:+84{}", "0{}", "+84 {}"]))
def test_zalo_phone_spellings(prefix, rest, template):
    from graphfraud.normalize.phone import normalize as phone

    try:
        expected = phone("+84" + prefix + rest).value
    except InvalidValue:
        return  # unallocated range
    assert normalize(template.format(prefix + rest), platform="zalo").value == "zalo:" + expected


@pytest.mark.parametrize("raw, value", [("@ScamBot", "unknown:scambot"), (" @abc.def ", "unknown:abc.def"),
                                        ("unknown:abc", "unknown:abc")])
def test_a_bare_handle_without_platform_is_kept_as_unknown(raw, value):
    n = normalize(raw)
    assert n == Normalized(value, {"platform": "unknown"})
    assert normalize(n.value) == n


def test_resolve_unknown_needs_exactly_one_platform():
    from graphfraud.normalize.social import resolve_unknown

    assert resolve_unknown(["unknown:a", "telegram:a", None]) == {"unknown:a": "telegram:a"}
    assert resolve_unknown(["unknown:a", "telegram:a", "zalo:a"]) == {}
    assert resolve_unknown(["unknown:a", "telegram:b"]) == {}
