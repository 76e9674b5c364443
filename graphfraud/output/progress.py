"""The progress display on stderr: what a long command is doing, only when stderr is a terminal.

The library reports through the reporter it is handed (see :mod:`graphfraud.progress`): steps named
by a key, and units done. :func:`progress_display` gives the command line such a reporter drawn
with rich on stderr: the step in the command's language, its elapsed time, and where the step has a
count (rows, accounts, cases, campaigns) a bar with the count, the percentage, the rate and the time
left. The display is cleared when the command ends; with stderr not a terminal (a pipe, a file, a
test) there is no reporter at all and nothing is written.

With ``timings`` (``--timings``, GRAPHFRAUD_TIMINGS) the reporter is :class:`StepTimes` instead: it
draws nothing and, when the command ends, writes how long each step took, so a slow command says
where its time went (the benchmark keeps these lines).
"""

from __future__ import annotations

import contextlib
import sys
import time

from graphfraud.output.cli_text import STRINGS, tr
from graphfraud.textfmt import fmt_int, fmt_num

__all__ = ["StepTimes", "progress_display", "row_progress", "step_text", "unit_text"]


def step_text(key: str, lang: str) -> str:
    """The words of step ``key`` (``progress.<key>`` in the catalogue; a key that is one itself, or
    else the key as it is)."""
    for k in (f"progress.{key}", key):
        if k in STRINGS:
            return tr(k, lang)
    return key


def unit_text(unit: str | None, lang: str) -> str:
    if not unit:
        return ""
    k = f"progress.unit.{unit}"
    return tr(k, lang) if k in STRINGS else unit


def _clock(seconds) -> str:
    s = int(max(0, seconds or 0))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def counts_line(completed: int, total: int | None, unit: str, speed: float | None, remaining: float | None,
                lang: str) -> str:
    """``12.345/100.000 dòng · 12% · 5.000 dòng/giây · còn 0:00:18`` (the parts that are known)."""
    if not unit and total is None:
        return ""
    parts = [f"{fmt_int(completed, lang)}/{fmt_int(total, lang)} {unit}".rstrip() if total
             else f"{fmt_int(completed, lang)} {unit}".rstrip()]
    if total:
        parts.append(f"{min(100, int(100 * completed / total))}%")
    if speed:
        parts.append(tr("progress.rate", lang, rate=fmt_int(round(speed), lang), unit=unit or ""))
    if total and remaining is not None and completed < total:
        parts.append(tr("progress.eta", lang, left=_clock(remaining)))
    return " · ".join(parts)


class TerminalProgress:
    """A reporter (see :mod:`graphfraud.progress`) drawn by a rich ``Progress`` with one line."""

    def __init__(self, bar, lang: str, label: str | None = None, unit: str | None = None):
        self.bar, self.lang = bar, lang
        self.task = bar.add_task(step_text(label or "progress.working", lang), total=None,
                                 unit=unit_text(unit, lang), lang=lang, rated=True)

    def stage(self, key: str, total: int | None = None, unit: str | None = None,
              detail: str | None = None) -> None:
        text = step_text(key, self.lang) + (f" {detail}" if detail else "")
        self.bar.remove_task(self.task)   # a fresh task: its own total (or none), count and clock
        self.task = self.bar.add_task(text, total=total or None, unit=unit_text(unit, self.lang), lang=self.lang,
                                      rated=unit != "steps")
        self.bar.refresh()   # every step is drawn at least once, however short

    def __call__(self, n: int = 1) -> None:
        self.bar.advance(self.task, n)
        task = self.bar.tasks[-1]
        if task.total is not None and task.completed > task.total:   # an estimate fell short
            self.bar.update(self.task, total=int(task.completed * 1.05) + 1)


def _columns():
    from rich.progress import BarColumn, ProgressColumn, SpinnerColumn, TextColumn
    from rich.text import Text

    class Bar(BarColumn):
        def render(self, task):
            return Text("") if task.total is None else super().render(task)

    class Counts(ProgressColumn):
        def render(self, task):
            return Text(counts_line(int(task.completed), None if task.total is None else int(task.total),
                                    task.fields.get("unit", ""), task.speed if task.fields.get("rated") else None,
                                    task.time_remaining, task.fields.get("lang", "en")))

    class Elapsed(ProgressColumn):
        def render(self, task):
            return Text(_clock(task.elapsed), style="progress.elapsed")

    return (SpinnerColumn(), TextColumn("{task.description}", markup=False, style="bold"), Bar(bar_width=24),
            Counts(), Elapsed())


def peak_mib() -> float | None:
    """The highest resident memory of this process so far, in MiB (None where the system does not say)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)   # bytes on macOS, KiB on Linux


class StepTimes:
    """A reporter that draws nothing and keeps, per step, its wall time, the units counted and the
    process's peak memory when it ended; :meth:`lines` says them in the command's language (a step
    named twice counts twice). The peak only grows: a step that raised it is where memory went."""

    def __init__(self, lang: str, label: str | None = None, unit: str | None = None, clock=time.perf_counter,
                 memory=peak_mib):
        self.lang, self.clock, self.memory = lang, clock, memory
        self.start = clock()
        self.steps: list[list] = [[label or "progress.working", None, unit, self.start, 0, memory()]]

    def stage(self, key: str, total: int | None = None, unit: str | None = None,
              detail: str | None = None) -> None:
        self.steps.append([key, detail, unit, self.clock(), 0, self.memory()])

    def __call__(self, n: int = 1) -> None:
        self.steps[-1][4] += n

    def lines(self) -> list[str]:
        """``Time per step (41.2 s in all, …):`` then one line per step that took any time or
        counted anything: ``   12.31 s  Reading the graph: 1.036.114 rows · peak 812 MiB`` (the
        peak where the step raised it by at least 1 %)."""
        now, mem = self.clock(), self.memory()
        ends = [(s[3], s[5]) for s in self.steps[1:]] + [(now, mem)]
        out = [tr("progress.timings", self.lang, total=fmt_num(now - self.start, self.lang, 2))]
        for (key, detail, unit, began, n, mem0), (end, mem1) in zip(self.steps, ends):
            if end - began < 0.005 and not n:
                continue
            step = step_text(key, self.lang) + (f" {detail}" if detail else "")
            count = f": {fmt_int(n, self.lang)} {unit_text(unit, self.lang)}".rstrip() if n else ""
            if mem0 is not None and mem1 is not None and mem1 > mem0 * 1.01:
                count += " · " + tr("progress.timings.peak", self.lang, mib=fmt_int(round(mem1), self.lang))
            seconds = fmt_num(end - began, self.lang, 2).rjust(8)
            out.append("  " + tr("progress.timings.line", self.lang, seconds=seconds, step=step, count=count))
        return out


@contextlib.contextmanager
def progress_display(lang: str = "en", label: str | None = None, unit: str | None = None,
                     timings: bool = False):
    """Yield a reporter drawing on stderr when it is a terminal, else ``None`` (nothing is written).
    ``label`` (a step key) and ``unit`` are shown until the library names its first step. With
    ``timings`` the reporter is a :class:`StepTimes`, whose lines are written on stderr at the end
    (also when the command fails)."""
    if timings:
        times = StepTimes(lang, label, unit)
        try:
            yield times
        finally:
            sys.stderr.write("\n".join(times.lines()) + "\n")
        return
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    # stdout is the data's: never redirected into the display (stderr notes are, above the line)
    with Progress(*_columns(), console=Console(stderr=True), transient=True, redirect_stdout=False) as bar:
        yield TerminalProgress(bar, lang, label, unit)


def row_progress(label: str, lang: str = "en", timings: bool = False):
    """A display counting rows under ``label`` (a catalogue key or plain text) until the library
    names its own steps (see :func:`progress_display`)."""
    return progress_display(lang, label=label, unit="rows", timings=timings)
