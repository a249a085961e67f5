"""`minckt.report.studies.write_study`, the steps the three studies share: the tables asked
for and no other, the fits computed once and handed to the Markdown writer, the plot and the
caller alike, nothing at all without a study; and each study's writer still going through it."""

from __future__ import annotations

from pathlib import Path

from minckt.report import memorization as M
from minckt.report import separation as P
from minckt.report import studies
from minckt.report import superposition as S


class _Study:
    """A study that counts how often its fits are computed."""

    def __init__(self):
        self.calls = 0

    def fits(self):
        self.calls += 1
        return [f"fit {self.calls}"]


def _writers(seen):
    def markdown(study, fits):
        seen.append(("md", fits))
        return "# md\n"

    def csv(study):
        seen.append(("csv", None))
        return "a,b\n"

    def plot(study, directory, fits):
        seen.append(("plot", fits))
        path = Path(directory) / "x.png"
        path.write_bytes(b"png")
        return [path]

    return dict(markdown=markdown, csv=csv, plot=plot)


def test_tables_then_plot_with_one_set_of_fits(tmp_path):
    seen, study = [], _Study()
    out = tmp_path / "deep" / "dir"   # made when missing
    written, fits = studies.write_study(study, out, "x", tables=("md", "csv", "tex"),
                                        **_writers(seen))
    assert written == [out / "x.md", out / "x.csv", out / "x.png"]
    assert (out / "x.md").read_text() == "# md\n" and (out / "x.csv").read_text() == "a,b\n"
    assert study.calls == 1 and fits == ["fit 1"]
    assert seen == [("md", ["fit 1"]), ("csv", None), ("plot", ["fit 1"])]
    assert not (out / "x.tex").exists()   # the main table's format, not a study's


def test_only_the_tables_asked_for_and_no_plot(tmp_path):
    seen = []
    written, _ = studies.write_study(_Study(), tmp_path, "x", tables=("csv",), plots=False,
                                     **_writers(seen))
    assert written == [tmp_path / "x.csv"] and [kind for kind, _ in seen] == ["csv"]


def test_no_study_writes_nothing(tmp_path):
    seen = []
    out = tmp_path / "never"
    assert studies.write_study(None, out, "x", **_writers(seen)) == ([], [])
    assert seen == [] and not out.exists()


def test_the_three_studies_write_through_it(tmp_path, monkeypatch):
    """Each public writer hands its own stem and functions to `write_study` and keeps its
    return value: (files, fits) for memorization, (files, study) for the other two."""
    calls = []

    def spy(study, directory, stem, **kwargs):
        calls.append((stem, kwargs["markdown"], kwargs["csv"], kwargs["plot"]))
        return [Path(directory) / stem], ["fits"]

    for module in (M, S, P):
        monkeypatch.setattr(module, "write_study", spy)
        monkeypatch.setattr(module, {M: "memorization_study", S: "superposition_study",
                                     P: "separation_study"}[module], lambda records: "study")
    assert M.write_memorization([], tmp_path) == ([tmp_path / "memorization"], ["fits"])
    assert S.write_superposition([], tmp_path) == ([tmp_path / "superposition"], "study")
    assert P.write_separation([], tmp_path) == ([tmp_path / "size_growth"], "study")
    assert calls == [
        ("memorization", M.memorization_markdown, M.memorization_csv, M.plot_memorization),
        ("superposition", S.superposition_markdown, S.superposition_csv, S.plot_superposition),
        ("size_growth", P.size_growth_markdown, P.size_growth_csv, P.plot_size_growth)]
