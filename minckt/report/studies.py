"""Writing one study's files: ``<stem>.md``/``.csv`` and the figure, the same steps for the
memorization, superposition and size-growth studies (each module keeps its own tables and
plot; this module only says which files they go to).

A study is any object with a ``fits()`` method; its Markdown writer takes the study and those
fits, its CSV writer the study alone, its plot the study, a directory and ``fits=``.  The fits
are computed once and shared, so the Markdown file, the figure and the caller (the command
line prints them) all show the same constants.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol, Sequence, TypeVar

from minckt.report.common import pyplot, save_figure

__all__ = ["Study", "write_study", "write_figure"]


class Study(Protocol):
    """What `write_study` needs of a study: its fitted references."""

    def fits(self) -> Sequence: ...


S = TypeVar("S", bound=Study)


def write_study(study: S | None, directory: str | Path, stem: str, *,
                markdown: Callable[[S, Sequence], str], csv: Callable[[S], str],
                plot: Callable[..., list[Path]], tables: Sequence[str] = ("md", "csv"),
                plots: bool = True) -> tuple[list[Path], list]:
    """``<stem>.md`` (from `markdown`) and ``<stem>.csv`` (from `csv`), those of `tables`, and
    with `plots` the files of `plot`, in `directory` (made if missing).  Returns the files
    written, tables first, and the study's fits; nothing at all (not even the directory)
    when `study` is None, i.e. no record was of the study.  Other kinds in `tables` ("tex")
    are the main table's and are passed over here."""
    if study is None:
        return [], []
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    fits = list(study.fits())
    writers = {"md": lambda: markdown(study, fits), "csv": lambda: csv(study)}
    written = []
    for kind, text in writers.items():
        if kind in tables:
            path = directory / f"{stem}.{kind}"
            path.write_text(text(), encoding="utf-8")
            written.append(path)
    if plots:
        written += plot(study, directory, fits=fits)
    return written, fits


def write_figure(figure, directory: str | Path, stem: str) -> list[Path]:
    """``<stem>.png`` and ``<stem>.svg`` of a matplotlib figure in `directory`, then the
    figure closed (a study's plot function builds it, this writes it)."""
    try:
        return save_figure(figure, Path(directory) / stem)
    finally:
        pyplot().close(figure)
