"""Shared by the report tests: the figures a report module writes, caught as objects."""

from __future__ import annotations


def caught_figures(monkeypatch, module) -> dict:
    """The figures `module` writes (through its `write_figure`), by file stem; they stay
    readable after the module closes them."""
    caught = {}
    original = module.write_figure

    def keep(figure, directory, stem):
        caught[stem] = figure
        return original(figure, directory, stem)

    monkeypatch.setattr(module, "write_figure", keep)
    return caught


def visible_panels(figure) -> list:
    """The figure's axes that are shown (a grid's spare cells are hidden)."""
    return [axes for axes in figure.axes if axes.get_visible()]
