"""clean_text, is_missing, fold and the Normalized type."""

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphfraud.normalize.base import Normalized, clean_text, fold, is_missing


@pytest.mark.parametrize("raw, expected", [
    ("  abc  ", "abc"),
    ("\u00a0abc\u00a0", "abc"),
    ("\u200babc\u200b", "abc"),
    ("\ufeffabc", "abc"),
    ("a\u200bb", "ab"),
    ("a\u00a0b", "a b"),
    ('"abc"', "abc"),
    ("'abc'", "abc"),
    ("\u201cabc\u201d", "abc"),
    ("'0912345678", "0912345678"),
    ("' 0912345678 ", "0912345678"),
    ("O'Brien", "O'Brien"),
    ("Nguye\u0302\u0303n", "Nguyễn"),  # NFD input becomes NFC
    ("NA", "NA"),
    ("N/A", "N/A"),
    ("NULL", "NULL"),
    ("None", "None"),
    ("nan", "nan"),
    (0, "0"),
    (12.5, "12.5"),
    (912345678.0, "912345678.0"),
])
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0\u200b", '""', "''", float("nan"), "\t\n"])
def test_clean_text_missing(raw):
    assert clean_text(raw) is None
    assert is_missing(raw)


def test_is_missing_pandas_and_numpy_values():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert is_missing(pd.NA) and is_missing(pd.NaT) and is_missing(np.float64("nan"))
    assert not is_missing(np.float64(1.0)) and not is_missing(np.int64(0))


@pytest.mark.parametrize("raw", ["NA", "N/A", "NULL", "None", "0", "-", "x"])
def test_words_are_not_missing(raw):
    assert not is_missing(raw)


@pytest.mark.parametrize("text, expected", [
    ("Số Tài Khoản", "so tai khoan"),
    ("SO_TAI_KHOAN", "so tai khoan"),
    ("so-tai.khoan", "so tai khoan"),
    ("ĐỖ  Văn Đức", "do van duc"),
    ("Ngân hàng TMCP Ngoại Thương Việt Nam", "ngan hang tmcp ngoai thuong viet nam"),
    ("NHNo&PTNT", "nhno ptnt"),
    ("  Thời gian (giao dịch)  ", "thoi gian giao dich"),
    ("ƯƠ ư ơ", "uo u o"),
    ("", ""),
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_normalized_is_frozen_with_default_props():
    n = Normalized("x")
    assert n.props == {} and Normalized("x", {"a": 1}).props == {"a": 1}
    assert Normalized("x").props is not Normalized("y").props
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.value = "y"  # type: ignore[misc]
    assert not hasattr(n, "__dict__")  # slots


@given(st.text())
def test_clean_text_idempotent(text):
    once = clean_text(text)
    if once is not None:
        assert clean_text(once) == once
        assert once == once.strip()


@given(st.text())
def test_fold_idempotent_and_plain(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip() and "  " not in folded
    assert not any(c.isupper() for c in folded)


@given(st.floats(allow_nan=False))
def test_floats_are_not_missing(x):
    assert not is_missing(x) and not math.isnan(x)
