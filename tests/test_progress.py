"""Progress of long commands: what the library tells its reporter, and the display on a terminal's stderr.

The commands run as real processes, with stderr a pseudo-terminal (where the display is drawn) or a
pipe (where nothing but the usual lines may appear).
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.analysis._stores import demo_store

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def _env(**extra) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               TERM="xterm-256color", COLUMNS="160", **extra)
    env.pop("NEO4J_URI", None)
    return env


def run_on_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """(exit code, stdout, stderr as the terminal received it, colours and cursor moves removed)."""
    master, slave = pty.openpty()
    out_file = cwd / "stdout.txt"
    with open(out_file, "wb") as out:   # a file, not a pipe: a pipe left unread could block the command
        proc = subprocess.Popen([sys.executable, "-m", "graphfraud", *args], stdout=out, stderr=slave,
                                stdin=subprocess.DEVNULL, cwd=cwd, env=_env())
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:     # the other end closed (Linux raises EIO)
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=600)
    os.close(master)
    err = ANSI.sub(b"", b"".join(chunks)).decode("utf-8", "replace").replace("\r", "\n")
    return proc.returncode, out_file.read_text(encoding="utf-8"), err


def run_piped(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphfraud", *args], capture_output=True, text=True, cwd=cwd,
                          env=_env(), timeout=600, check=False)


@pytest.fixture()
def fresh_store(tmp_path_factory, tmp_path) -> Path:
    """A copy of the seed-1 demo store without its graph snapshot (the next whole-graph command builds it)."""
    db, _ = demo_store(tmp_path_factory, 1)
    copy = tmp_path / "graphfraud.db"
    shutil.copy(db, copy)
    return copy


class Recorder:
    """A reporter (see graphfraud.progress) that keeps what it is told."""

    def __init__(self):
        self.steps: list[dict] = []

    def stage(self, key, total=None, unit=None, detail=None):
        self.steps.append({"key": key, "total": total, "unit": unit, "detail": detail, "done": 0})

    def __call__(self, n=1):
        self.steps[-1]["done"] += n

    def step(self, key) -> dict:
        (found,) = [s for s in self.steps if s["key"] == key]
        return found


def test_library_reports_the_snapshot_build_and_scoring(fresh_store):
    from graphfraud import api
    from graphfraud.config import load_config

    config = load_config({"store": str(fresh_store)}, env={})
    rec = Recorder()
    found = api.mules(config, progress=rec)
    keys = [s["key"] for s in rec.steps]
    assert keys[:4] == ["graph.read", "snapshot.read", "snapshot.order", "snapshot.write"], keys
    read = rec.step("snapshot.read")
    stats = api.stats(config)
    assert read["unit"] == "rows" and read["total"] == stats["total_nodes"] + stats["total_edges"] == read["done"]
    signals = rec.step("mules.signals")
    assert signals["total"] == signals["done"] and signals["unit"] == "steps"
    reasons = rec.step("mules.reasons")
    assert reasons["total"] == reasons["done"] == len(found) and reasons["unit"] == "accounts"
    again = Recorder()   # the snapshot is written: the next command maps it, no build step
    assert api.mules(config, progress=again) == found
    assert not [s for s in again.steps if s["key"].startswith("snapshot.")]


def test_library_reports_linking_per_case(fresh_store):
    from graphfraud import api
    from graphfraud.config import load_config

    config = load_config({"store": str(fresh_store)}, env={})
    rec = Recorder()
    plain = api.link_cases(config)
    assert api.link_cases(config, progress=rec) == plain
    trace = rec.step("link.trace")
    n_cases = api.stats(config)["nodes"]["case"]
    assert trace["unit"] == "cases" and trace["total"] == trace["done"] == n_cases
    assert {"link.cases", "link.devices", "link.score", "link.evidence"} <= {s["key"] for s in rec.steps}


def test_load_counts_rows_against_an_estimate_from_the_file_size(tmp_path):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore
    from loaders.estimate import estimated_rows

    rows = [f"FT{i:06d},0{912000000 + i},VCB,0{913000000 + i},MB,{100000 + i},01/03/2024 08:{i % 60:02d}:00"
            for i in range(3000)]
    f = tmp_path / "sao_ke.csv"
    f.write_text("txn_id,from_account,from_bank,to_account,to_bank,amount,timestamp\n" + "\n".join(rows) + "\n",
                 encoding="utf-8")
    assert estimated_rows(f) == 3000            # a small file is counted
    big = tmp_path / "big.csv"
    big.write_text(f.read_text(encoding="utf-8") + "\n".join(rows * 150) + "\n", encoding="utf-8")
    assert abs(estimated_rows(big) - 453_000) < 0.05 * 453_000   # a large one is estimated from its size
    rec = Recorder()
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [f], progress=rec)
    step, *finish = rec.steps
    assert step == {"key": "load.file", "total": 3000, "unit": "rows", "detail": "sao_ke.csv", "done": 3000}
    # then the serial end of the load: into an empty store the edge indexes are built once, at the end;
    # then the graph snapshot the whole-graph commands map is written beside the store
    assert [s["key"] for s in finish] == ["load.merge", "load.index", "load.commit", "snapshot.read",
                                          "snapshot.order", "snapshot.write"]


def test_workbook_rows_from_its_sheets(tmp_path_factory, tmp_path):
    from openpyxl import load_workbook

    from loaders.estimate import estimated_rows
    from tests.conftest import write_xlsx

    book = write_xlsx(tmp_path / "b.xlsx", {"A": [["h1", "h2"]] + [[i, i] for i in range(50)],
                                            "B": [["h1"]] + [[i] for i in range(30)]})
    assert estimated_rows(book) == 80
    db, _ = demo_store(tmp_path_factory, 1)   # the demo's workbooks do not say their size: estimated
    for f in sorted((db.parent / "data").glob("*.xlsx")):
        wb = load_workbook(f, read_only=True)
        rows = sum(sum(1 for _ in ws.iter_rows()) for ws in wb.worksheets)
        wb.close()
        assert abs(estimated_rows(f) - rows) <= 0.1 * rows, f.name


def test_counts_line_in_each_language():
    from graphfraud.output.progress import counts_line

    assert counts_line(12345, 100000, "rows", 5000.4, 18.2, "en") == \
        "12,345/100,000 rows · 12% · 5,000 rows/s · ETA 0:00:18"
    assert counts_line(12345, 100000, "dòng", 5000.4, 18.2, "vi") == \
        "12.345/100.000 dòng · 12% · 5.000 dòng/giây · còn khoảng 0:00:18"
    assert counts_line(7000, None, "rows", None, None, "en") == "7,000 rows"   # no total: no bar, no percentage
    assert counts_line(0, None, "", None, None, "vi") == ""                  # a step without a count: its name only


@pytest.mark.parametrize("lang,words", [
    ("en", ["Building the graph snapshot: reading the store", "rows", "Scoring accounts", "steps",
            "Gathering the evidence of flagged accounts", "accounts", "%"]),
    ("vi", ["Đang dựng bản chụp đồ thị: đọc kho dữ liệu", "dòng", "Đang chấm điểm tài khoản", "bước",
            "Đang thu thập bằng chứng của các tài khoản bị đánh dấu", "tài khoản", "%"]),
])
def test_mules_on_a_terminal_shows_the_snapshot_build_and_the_scoring(fresh_store, tmp_path, lang, words):
    code, out, err = run_on_terminal(["--lang", lang, "--store", str(fresh_store), "mules", "--format", "json"],
                                     tmp_path)
    assert code == 0, err
    for w in words:
        assert w in err, (w, err[-2000:])
    assert out.lstrip().startswith("[")        # stdout holds the data only


@pytest.mark.parametrize("lang,command,words", [
    ("en", ["communities"], ["Building the identifier graph", "Finding clusters", "Describing clusters"]),
    ("vi", ["organizers"], ["Đang tìm các cụm", "Đang xếp hạng các đối tượng nghi là tổ chức",
                            "Đang thu thập bằng chứng về các đối tượng tổ chức"]),
    ("vi", ["link-cases"], ["Đang truy vết tiền của bị hại", "vụ việc", "Đang chấm điểm liên kết giữa các vụ việc"]),
    ("en", ["report", "r.html"], ["Tracing the victims' money", "cases", "Gathering the campaigns of the report",
                                  "campaigns", "Writing the report"]),
    ("vi", ["export", "html", "g.html"], ["Đang chấm điểm tài khoản", "Đang chọn phần đồ thị cần xuất",
                                          "Đang ghi tệp"]),
    ("en", ["export", "json", "g.json", "--around", "0912 345 678"], ["Selecting the part of the graph to export"]),
    ("en", ["export", "json", "g2.json", "--around", "0912 345 678", "--with-scores"],
     ["Scoring accounts", "Selecting the part of the graph to export"]),
])
def test_long_commands_show_their_steps_on_a_terminal(fresh_store, tmp_path, lang, command, words):
    code, _out, err = run_on_terminal(["--lang", lang, "--store", str(fresh_store), *command], tmp_path)
    assert code == 0, err[-2000:]
    for w in words:
        assert w in err, (w, err[-2000:])


def test_load_on_a_terminal_shows_rows_percent_and_file(tmp_path):
    src = tmp_path / "sao_ke.csv"
    rows = [f"FT{i:06d},0{912000000 + i},VCB,0{913000000 + i},MB,{100000 + i},01/03/2024 08:{i % 60:02d}:00"
            for i in range(2000)]
    src.write_text("txn_id,from_account,from_bank,to_account,to_bank,amount,timestamp\n" + "\n".join(rows) + "\n",
                   encoding="utf-8")
    for lang, words in (("en", ["Loading sao_ke.csv", "/2,000 rows", "%"]),
                        ("vi", ["Đang nạp sao_ke.csv", "/2.000 dòng", "%"])):
        code, _out, err = run_on_terminal(["--lang", lang, "--store", str(tmp_path / f"{lang}.db"), "load", str(src)],
                                          tmp_path)
        assert code == 0, err
        for w in words:
            assert w in err, (w, err[-2000:])


@pytest.mark.parametrize("command", [["mules"], ["communities", "--format", "json"], ["link-cases"],
                                     ["export", "html", "g.html", "--around", "0912 345 678"]])
def test_nothing_extra_when_stderr_is_not_a_terminal(fresh_store, tmp_path, command):
    res = run_piped(["--lang", "en", "--store", str(fresh_store), *command], tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    assert lines[0].startswith("Store: ")
    for line in lines[1:]:   # only the command's own notes: no step of the progress display
        assert not re.search(r"Building|Scoring|Finding|Tracing|Gathering|Selecting|Writing the|Reading", line), line
        assert "\x1b[" not in line and "\r" not in line


@pytest.mark.parametrize(("lang", "header", "unit", "step"), [
    ("en", "Time per step (", " s  ", "Building the graph snapshot: reading the store: "),
    ("vi", "Thời gian từng bước (tổng ", " giây  ", "Đang dựng bản chụp đồ thị: đọc kho dữ liệu: "),
])
def test_timings_say_where_a_command_spent_its_time(fresh_store, tmp_path, lang, header, unit, step):
    res = run_piped(["--lang", lang, "--timings", "--store", str(fresh_store), "communities", "--format", "json"],
                    tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    (start,) = [k for k, line in enumerate(lines) if line.startswith(header)]
    steps = lines[start + 1:]
    assert steps and all(unit in line for line in steps), steps
    read = [line for line in steps if step in line]
    assert len(read) == 1, steps            # the snapshot build, with the rows it read
    seconds = [float(line.split(unit)[0].strip().replace(",", ".")) for line in steps]
    total = float(re.search(r"([\d.,]+)", lines[start][len(header) - 1:]).group(1).replace(",", "."))
    assert all(s >= 0 for s in seconds) and sum(seconds) <= total + 0.01 * len(seconds)
    assert res.stdout.strip().startswith("{") or res.stdout.strip().startswith("[")   # the data untouched


def test_timings_from_the_environment_and_the_load_steps(tmp_path):
    csv = tmp_path / "tx.csv"
    csv.write_text("Mã giao dịch,Thời gian,Tài khoản ghi nợ,Tài khoản ghi có,Số tiền\n"
                   "T1,01/03/2024 10:00,0011223344,0099887766,1.500.000\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "graphfraud", "--lang", "en", "--store", str(tmp_path / "s.db"),
                          "load", str(csv)], capture_output=True, text=True, cwd=tmp_path,
                         env=_env(GRAPHFRAUD_TIMINGS="1"), timeout=600, check=False)
    assert res.returncode == 0, res.stderr
    assert "Time per step (" in res.stderr
    assert re.search(r"\d s  Loading tx\.csv: 1 rows", res.stderr), res.stderr
    plain = run_piped(["--lang", "en", "--store", str(tmp_path / "s.db"), "stats"], tmp_path)
    assert "Time per step" not in plain.stderr


@pytest.mark.parametrize(("lang", "full_read"), [
    ("en", "Building the graph snapshot: reading the store"),
    ("vi", "Đang dựng bản chụp đồ thị: đọc kho dữ liệu"),
])
def test_a_later_load_updates_the_snapshot_and_the_next_command_maps_it(tmp_path, lang, full_read):
    """The first load reads the store to write the snapshot; a later load only updates it (a step of
    no measurable time is not listed) and the next whole-graph command builds nothing."""
    head = "Mã giao dịch,Thời gian,Tài khoản ghi nợ,Tài khoản ghi có,Số tiền\n"
    for name, row in (("a.csv", "T1,01/03/2024 10:00,0011223344,0099887766,1.500.000"),
                      ("b.csv", "T2,02/03/2024 10:00,0099887766,0055667788,1.400.000")):
        (tmp_path / name).write_text(head + row + "\n", encoding="utf-8")
    store = ["--lang", lang, "--timings", "--store", str(tmp_path / "s.db")]
    first = run_piped([*store, "load", str(tmp_path / "a.csv")], tmp_path)
    assert first.returncode == 0 and full_read in first.stderr, first.stderr
    later = run_piped([*store, "load", str(tmp_path / "b.csv")], tmp_path)
    assert later.returncode == 0 and full_read not in later.stderr, later.stderr
    found = run_piped([*store, "communities", "--format", "json"], tmp_path)
    assert found.returncode == 0 and full_read not in found.stderr, found.stderr
    assert [c["size"] for c in json.loads(found.stdout)] == [3]   # both loads are in it


def test_step_times_attribute_time_counts_and_the_peak_to_each_step():
    from graphfraud.output.progress import StepTimes

    clock = iter([0.0, 1.0, 4.5, 4.501, 10.0]).__next__
    memory = iter([100.0, 100.5, 900.0, 900.0, 950.0]).__next__
    times = StepTimes("en", clock=clock, memory=memory)            # 0.0 s, 100 MiB
    times.stage("snapshot.read", unit="rows")                       # 1.0 s, 100.5 MiB
    times(1_000_000)
    times.stage("communities.partition")                            # 4.5 s, 900 MiB
    times.stage("communities.describe", unit="clusters")            # 4.501 s, 900 MiB
    lines = times.lines()                                           # 10.0 s, 950 MiB
    assert lines[0].startswith("Time per step (10.00 s in all")
    assert lines[1:] == [
        "      1.00 s  Working",
        "      3.50 s  Building the graph snapshot: reading the store: 1,000,000 rows · peak 900 MiB",
        "      5.50 s  Describing clusters · peak 950 MiB",
    ], lines   # a step of no time and no count is left out; a peak shows where the step raised it
