"""Timestamps: day-first dates, ISO 8601, epochs, steps; the vectorised parser agrees with the per-value one."""

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.errors import InvalidValue
from graphfraud.normalize.timestamp import (
    LOCAL_TZ,
    format_epoch,
    has_time_of_day,
    normalize,
    parse,
    parse_many,
    parse_timestamp,
    to_epoch,
)

VN = timezone(timedelta(hours=7))


@pytest.mark.parametrize("raw, iso", [
    ("01/02/2024 13:45", "2024-02-01T13:45:00+07:00"),
    ("01/02/2024 13:45:10", "2024-02-01T13:45:10+07:00"),
    ("1/2/2024 9:05", "2024-02-01T09:05:00+07:00"),
    ("01/02/2024", "2024-02-01T00:00:00+07:00"),
    ("01-02-2024 10:00", "2024-02-01T10:00:00+07:00"),
    ("01.02.2024", "2024-02-01T00:00:00+07:00"),
    ("01.02.2024 10:00:00", "2024-02-01T10:00:00+07:00"),
    ("01/02/2024T10:00:00", "2024-02-01T10:00:00+07:00"),
    ("01/02/2024, 10:00", "2024-02-01T10:00:00+07:00"),
    ("01/02/2024 13h45", "2024-02-01T13:45:00+07:00"),
    ("01/02/2024 01:30 PM", "2024-02-01T13:30:00+07:00"),
    ("01/02/2024 12:00 AM", "2024-02-01T00:00:00+07:00"),
    ("01/02/2024 12:00 PM", "2024-02-01T12:00:00+07:00"),
    ("01/02/2024 08:15:00 SA", "2024-02-01T08:15:00+07:00"),
    ("01/02/2024 08:15:00 CH", "2024-02-01T20:15:00+07:00"),
    ("01/02/2024 13:45:10.250", "2024-02-01T13:45:10.250000+07:00"),
    ("10:30:00 01/02/2024", "2024-02-01T10:30:00+07:00"),
    ("01-Feb-2024 10:00:00", "2024-02-01T10:00:00+07:00"),
    ("1 February 2024", "2024-02-01T00:00:00+07:00"),
    ("2024-02-01 13:45:00", "2024-02-01T13:45:00+07:00"),
    ("2024-02-01T13:45", "2024-02-01T13:45:00+07:00"),
    ("2024-02-01", "2024-02-01T00:00:00+07:00"),
    ("2024/02/01 10:00", "2024-02-01T10:00:00+07:00"),
    ("2024-02-01T13:45:00+07:00", "2024-02-01T13:45:00+07:00"),
    ("2024-02-01T13:45:00+0700", "2024-02-01T13:45:00+07:00"),
    ("2024-02-01T13:45:00+07", "2024-02-01T13:45:00+07:00"),
    ("2024-02-01T06:45:00Z", "2024-02-01T06:45:00+00:00"),
    ("2024-02-01 06:45:00 UTC", "2024-02-01T06:45:00+00:00"),
    ("2024-02-01T13:45:00-05:00", "2024-02-01T13:45:00-05:00"),
    ("2024-02-01T13:45:00.123456789Z", "2024-02-01T13:45:00.123456+00:00"),
    ("20240201", "2024-02-01T00:00:00+07:00"),
    ("202402011345", "2024-02-01T13:45:00+07:00"),
    ("20240201134510", "2024-02-01T13:45:10+07:00"),
    ("1706769900", "2024-02-01T06:45:00+00:00"),
    ("1706769900123", "2024-02-01T06:45:00.123000+00:00"),
    ("1706769900.5", "2024-02-01T06:45:00.500000+00:00"),
    ("  '01/02/2024 13:45'  ", "2024-02-01T13:45:00+07:00"),
    # written out, as a report or a statement of facts says it
    ("ngày 01 tháng 2 năm 2024", "2024-02-01T00:00:00+07:00"),
    ("Ngay 1 thang 02 nam 2024", "2024-02-01T00:00:00+07:00"),
    ("13h45 ngày 01/02/2024", "2024-02-01T13:45:00+07:00"),
    ("Ngày 01/02/2024 lúc 13 giờ 45 phút", "2024-02-01T13:45:00+07:00"),
    ("1 giờ 45 chiều ngày 01 tháng 02 năm 2024", "2024-02-01T13:45:00+07:00"),
    ("8 giờ sáng ngày 1/2/2024", "2024-02-01T08:00:00+07:00"),
    ("Feb 1, 2024 13:45", "2024-02-01T13:45:00+07:00"),
    ("February 1st, 2024", "2024-02-01T00:00:00+07:00"),
])
def test_formats(raw, iso):
    result = normalize(raw)
    assert result.value == iso and result.props["step"] is False
    assert result.props["epoch"] == int(datetime.fromisoformat(iso).timestamp() // 1)
    assert normalize(result.value) == result  # ISO output parses back to itself


def test_day_first_always():
    assert parse_timestamp("01/02/2024") == datetime(2024, 2, 1, tzinfo=VN)
    assert parse_timestamp("12/01/2024").month == 1


@pytest.mark.parametrize("raw, days", [("1", 1), ("0", 0), ("149", 149), ("36525", 36525), ("00007", 7),
                                       ("5.0", 5)])
def test_step_numbers(raw, days):
    dt, is_step = parse(raw)
    assert is_step and dt == datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(days=days)
    result = normalize(raw)
    assert result.props == {"epoch": days * 86400, "step": True}


@pytest.mark.parametrize("raw, expected", [
    ("45545", datetime(2024, 9, 10)), ("45545.0", datetime(2024, 9, 10)), ("45545.5", datetime(2024, 9, 10, 12)),
    ("45322,75", datetime(2024, 1, 31, 18)), ("36526", datetime(2000, 1, 1)), ("73415", datetime(2100, 12, 31)),
    ("45351", datetime(2024, 2, 29))])
def test_a_spreadsheets_serial_date_is_that_date_in_vietnam(raw, expected):
    """A CSV written from a spreadsheet whose date column was a number: 45545 is 10 September 2024 (the
    1900 date system), not 45,545 days after 1970, which no simulator's step reaches."""
    dt, is_step = parse(raw)
    assert not is_step and dt == expected.replace(tzinfo=VN)
    assert normalize(raw).props == {"epoch": to_epoch(expected.replace(tzinfo=VN)), "step": False}
    assert has_time_of_day(raw) == bool(expected.hour)


@pytest.mark.parametrize("raw, expected", [
    ("Thứ Ba, 10/09/2024", datetime(2024, 9, 10)), ("Thứ 3, 10 tháng 9, 2024", datetime(2024, 9, 10)),
    ("T3 10/09/2024 14:05", datetime(2024, 9, 10, 14, 5)), ("CN, 08/09/2024 09:00", datetime(2024, 9, 8, 9)),
    ("Chủ nhật 08/09/2024", datetime(2024, 9, 8)), ("10 thg 9, 2024", datetime(2024, 9, 10)),
    ("10 Thg 09 2024 13:05", datetime(2024, 9, 10, 13, 5)), ("Tue, 10 Sep 2024 13:05:00 +0700", datetime(2024, 9, 10, 13, 5)),
    ("Tuesday, September 10, 2024", datetime(2024, 9, 10)), ("Thu 2 Sep 2021", datetime(2021, 9, 2)),
    ("Thurs. 12/09/2024", datetime(2024, 9, 12)), ("Tue, 10 Sep 2024 06:05:00 GMT", datetime(2024, 9, 10, 13, 5)),
    ("Tue, 2024-09-10T06:05:00Z", datetime(2024, 9, 10, 13, 5))])
def test_a_weekday_before_the_date_and_the_short_month_thg(raw, expected):
    """Vietnamese exports and e-mail headers write the weekday first (``Thứ Ba, …``, ``CN …``, ``Tue, …``);
    Vietnamese short dates write the month ``Thg 9``. ``Thu 2 Sep`` is Thursday, not thứ 2 (Monday)."""
    assert parse_timestamp(raw) == expected.replace(tzinfo=VN)


@pytest.mark.parametrize("raw", ["Thứ Hai, 10/09/2024", "Mon 10/09/2024", "CN 10/09/2024", "Sat, 10 Sep 2024"])
def test_a_weekday_that_is_not_the_dates_own_is_a_reject(raw):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert "is not that of the date (Tuesday 10/09/2024)" in exc.value.reason


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 6), st.booleans())
def test_a_written_weekday_is_checked_against_the_date(day, weekday, vietnamese):
    names = (["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"] if vietnamese else
             ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
    raw = f"{names[weekday]}, {day:%d/%m/%Y}"
    if weekday == day.weekday():
        assert parse_timestamp(raw).date() == day
    else:
        with pytest.raises(InvalidValue):
            parse_timestamp(raw)


def test_results_are_timezone_aware():
    for raw in ("01/02/2024", "1706769900", "7", "2024-02-01T00:00:00Z"):
        assert parse_timestamp(raw).tzinfo is not None


def test_naive_times_are_vietnam_time():
    dt = parse_timestamp("01/02/2024 13:45")
    assert dt.utcoffset() == timedelta(hours=7)
    assert to_epoch(dt) == to_epoch(datetime(2024, 2, 1, 6, 45, tzinfo=timezone.utc))
    assert to_epoch(datetime(2024, 2, 1, 13, 45)) == to_epoch(dt)  # naive datetime → Vietnam time
    assert LOCAL_TZ.utcoffset(datetime(2024, 2, 1)) == timedelta(hours=7)


def test_to_epoch_floors():
    assert to_epoch(datetime(1970, 1, 1, 0, 0, 1, 999999, tzinfo=timezone.utc)) == 1
    assert to_epoch(datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=timezone.utc)) == -1


def test_format_epoch():
    assert format_epoch(1706769900) == "2024-02-01T13:45:00+07:00"
    assert format_epoch(1706769900, timezone.utc) == "2024-02-01T06:45:00+00:00"


@pytest.mark.parametrize("raw, reason", [
    ("31/02/2024", "impossible date"),
    ("13/25/2024", "impossible date"),
    ("29/02/2023", "impossible date"),
    ("24/12/2024 24:00", "impossible date or time"),
    ("24/12/2024 23:60", "impossible date or time"),
    ("01/02/2024 13:00 PM", "impossible time"),
    ("01/02/24", "two-digit year"),
    ("01/02/202", "year"),
    ("12345.5", "a decimal number (12345.5) is no date"),
    ("1.5", "a decimal number"),
    ("73416", "neither a date nor a step number"),
    ("99999", "neither a date nor a step number"),
    ("100000", "6-digit number"),
    ("123456789", "9-digit number"),
    ("20241301", "impossible date"),
    ("10:30", "a time without a date"),
    ("2024-02-01T13:45:00+24:00", "time zone offset"),
    ("01-Foo-2024", "unknown month"),
    ("abc", "not a date/time in a known format"),
    ("hôm qua lúc 9h", "not a date/time in a known format"),
    ("ngày 01/02/2024 khoảng trưa", "not a date/time in a known format"),
    ("ngày 30 tháng 2 năm 2024", "impossible date"),
    ("2024-02-01Z", "not a date/time in a known format"),
    ("", "empty"),
    (None, "empty"),
])
def test_rejected(raw, reason):
    with pytest.raises(InvalidValue) as exc:
        normalize(raw)
    assert reason in exc.value.reason


# ------------------------------------------------------------------ round trips

AWARE = st.datetimes(min_value=datetime(1976, 1, 1), max_value=datetime(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(AWARE, st.sampled_from([
    ("%d/%m/%Y %H:%M:%S", "s"), ("%d/%m/%Y %H:%M", "m"), ("%d/%m/%Y", "d"), ("%d-%m-%Y %H:%M", "m"),
    ("%d.%m.%Y", "d"), ("%d.%m.%Y %H:%M:%S", "s"), ("%Y-%m-%d %H:%M:%S", "s"), ("%Y-%m-%dT%H:%M:%S", "s"),
    ("%Y/%m/%d %H:%M", "m"), ("%Y%m%d%H%M%S", "s"), ("%Y%m%d", "d"), ("%d-%b-%Y %H:%M:%S", "s"),
    ("%H:%M:%S %d/%m/%Y", "s"), ("%d/%m/%Y %I:%M:%S %p", "s"),
]))
def test_naive_formats_round_trip(moment, fmt):
    layout, precision = fmt
    expected = moment.replace(microsecond=0)
    if precision in ("m", "d"):
        expected = expected.replace(second=0)
    if precision == "d":
        expected = expected.replace(hour=0, minute=0)
    got = parse_timestamp(moment.strftime(layout))
    assert got.replace(tzinfo=None) == expected and got.utcoffset() == timedelta(hours=7)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       st.integers(-14 * 60, 14 * 60), st.booleans())
def test_iso_with_offset_round_trips(moment, offset_minutes, use_z):
    tz = timezone.utc if use_z else timezone(timedelta(minutes=offset_minutes))
    aware = moment.replace(tzinfo=tz)
    text = aware.isoformat().replace("+00:00", "Z") if use_z else aware.isoformat()
    got = parse_timestamp(text)
    assert got == aware and got.utcoffset() == aware.utcoffset()
    assert normalize(text).value == aware.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.integers(1_000_000_000, 9_999_999_999), st.integers(0, 999))
def test_epochs_round_trip(seconds, millis):
    assert to_epoch(parse_timestamp(str(seconds))) == seconds
    ms = parse_timestamp(str(seconds * 1000 + millis))
    assert to_epoch(ms) == seconds and ms.microsecond == millis * 1000


# ------------------------------------------------------------------ vectorised

def _per_value(values):
    out = []
    for v in values:
        try:
            n = normalize(v)
            out.append((n.props["epoch"], n.value, False, None, n.props["step"]))
        except InvalidValue as exc:
            out.append((0, None, True, exc.reason, False))
    return out


def _vectorised(values, as_series=True):
    r = parse_many(pd.Series(values, dtype=object) if as_series else values)
    assert r.epoch.dtype == np.int64 and r.error.dtype == bool and r.step.dtype == bool
    assert len(r.epoch) == len(r.iso) == len(r.error) == len(r.reason) == len(r.step) == len(values)
    return list(zip(r.epoch.tolist(), r.iso.tolist(), r.error.tolist(), r.reason.tolist(), r.step.tolist()))


MIXED = ["01/02/2024 13:45", "01/02/2024 13:45:10", "01/02/2024", "01-02-2024 10:00", "01.02.2024",
         "2024-02-01 13:45:00", "2024-02-01T13:45:00+07:00", "2024-02-01T06:45:00Z", "2024-02-01T13:45:00.5Z",
         "2024-02-01T13:45:00.123456-03:30", "2024-02-01T13:45:00.123+00:00", "1706769900", "1706769900123", "1",
         "149", "99999", "100000", "45322.5", "5.0", "31/02/2024", "29/02/2024 10:00", "29/02/2023 10:00",
         "01/02/24", "01/02/2024 01:30 PM", "10:30:00 01/02/2024", "01-Feb-2024 10:00:00", "20240201", "abc",
         "10:30", "01/02/1970 10:00", "1970-02-01", "0001-01-01T00:00:00+07:00", "0000-01-01T00:00:00Z",
         "2024-02-01Z", "24/12/2024 24:00", "13/25/2024", None, float("nan"), "  01/02/2024 13:45 ",
         "\u200b01/02/2024", "'01/02/2024 13:45'", "2024-02-01", "2024-02-01T13:45", "01/02/2024T13:45",
         "2024-02-01T13:45:00+24:00", "2024-02-01T13:45:00-00:00", "9999-12-31T23:59:59-14:00", 7, 1706769900,
         "01/02/2024 13:45", "١٢٣", "12345678901234567890123456789012345", "", "0", "00000"]


def test_parse_many_matches_per_value_on_mixed_input():
    assert _vectorised(MIXED) == _per_value(MIXED)
    assert _vectorised(MIXED, as_series=False) == _per_value(MIXED)


def test_parse_many_missing_and_empty():
    r = parse_many(pd.Series([None, float("nan")], dtype=object))
    assert r.error.tolist() == [True, True] and r.reason.tolist() == ["empty timestamp", "empty timestamp"]
    assert len(parse_many(pd.Series([], dtype=object)).epoch) == 0
    r = parse_many(pd.Series(["01/02/2024", None], dtype="string"))
    assert r.iso.tolist() == ["2024-02-01T00:00:00+07:00", None]


@st.composite
def timestamp_texts(draw):
    moment = draw(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return moment.strftime(draw(st.sampled_from(["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                                                      "%d-%m-%Y %H:%M", "%d.%m.%Y", "%d/%m/%YT%H:%M"])))
    if kind == 1:
        offset = draw(st.sampled_from(["", "Z", "+07:00", "-05:30", "+00:00", "-00:00", "+14:00"]))
        sep = draw(st.sampled_from(["T", " "]))
        frac = draw(st.sampled_from(["", ".%f", ".123"]))
        return moment.strftime(f"%Y-%m-%d{sep}%H:%M:%S{frac}") + offset
    if kind == 2:
        return str(draw(st.integers(0, 99999)))
    if kind == 3:
        return str(draw(st.integers(10**9, 10**10 - 1)))
    if kind == 4:
        return str(draw(st.integers(10**12, 10**13 - 1)))
    if kind == 5:  # impossible fields in a valid layout
        d, m, h, mi = (draw(st.integers(0, 99)) for _ in range(4))
        return f"{d:02d}/{m:02d}/{draw(st.integers(0, 9999)):04d} {h:02d}:{mi:02d}"
    if kind == 6:
        return draw(st.text("0123456789/-.:TZ+ ", max_size=26))
    if kind == 7:
        return f"{draw(st.integers(0, 9999)):04d}-{draw(st.integers(0, 99)):02d}-{draw(st.integers(0, 99)):02d}"
    if kind == 8:
        return " " + moment.strftime("%d/%m/%Y %H:%M:%S") + draw(st.sampled_from(["", " ", "\u00a0", "\t"]))
    return draw(st.text(max_size=12))


@settings(max_examples=100, deadline=None)
@given(st.lists(timestamp_texts(), max_size=50))
def test_parse_many_matches_per_value(values):
    assert _vectorised(values) == _per_value(values)
