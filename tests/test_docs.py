"""The documentation: every relative link and anchor resolves, and the site builds.

* Every relative link of README.md, CHANGELOG.md and docs/**/*.md names a file that exists,
  and its ``#anchor`` is the id of a heading of the target page, computed with the rule
  MkDocs' table of contents (Python-Markdown's ``toc`` extension) uses: the heading's text,
  NFKD-normalised with non-ASCII characters dropped (an en dash disappears: "Uchizawa–Abe"
  gives "uchizawaabe"), every character but letters, digits, underscores, hyphens and spaces
  dropped, lowercased, runs of spaces and hyphens made one hyphen; a repeated id gets
  ``_1``, ``_2``, ...  A page of the site links only inside docs/ (the site has nothing
  else).
* Every ``docs/...md#anchor`` the code's docstrings and comments cite exists.
* The site builds with ``mkdocs build --strict`` (the test extra installs mkdocs; skipped
  without it, saying so).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
TOP = [ROOT / "README.md", ROOT / "CHANGELOG.md"]

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_CITED = re.compile(r"docs/[\w/.-]+\.md(?:#[\w-]+)?")


def slugify(text: str) -> str:
    """The id Python-Markdown's toc extension (MkDocs' default) gives a heading's text."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def heading_text(markdown: str) -> str:
    """A heading's text as rendered: code spans kept as their text, links as their label,
    emphasis markers dropped."""
    text = _CODE_SPAN.sub(lambda m: m.group(2).strip(), markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__|\*)", "", text)


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of every line outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


@lru_cache(maxsize=None)
def anchors(path: Path) -> frozenset[str]:
    """The ids of a page's headings, repeated ones numbered as the toc extension does."""
    seen: set[str] = set()
    for _, line in prose_lines(path):
        match = _HEADING.match(line)
        if not match:
            continue
        slug = base = slugify(heading_text(match.group(2)))
        count = 0
        while slug in seen:
            count += 1
            slug = f"{base}_{count}"
        seen.add(slug)
    return frozenset(seen)


def links(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every Markdown link and image outside code."""
    found = []
    for number, line in prose_lines(path):
        line = _CODE_SPAN.sub("", line)
        found.extend((number, m.group(1)) for m in _LINK.finditer(line))
    return found


def problems(path: Path) -> list[str]:
    """What is wrong with the relative links of one Markdown file."""
    bad = []
    in_site = DOCS in path.parents
    for number, target in links(path):
        where = f"{path.relative_to(ROOT)}:{number}: {target}"
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # https:, mailto:, ...: not checked here
        if target.startswith("/"):
            bad.append(f"{where}: an absolute path; use a relative link")
            continue
        file, _, anchor = target.partition("#")
        resolved = (path.parent / file).resolve() if file else path
        if not resolved.exists():
            bad.append(f"{where}: no such file")
            continue
        if in_site and DOCS not in resolved.parents and resolved != DOCS:
            bad.append(f"{where}: outside docs/, which the site does not serve")
            continue
        if anchor:
            if resolved.suffix != ".md":
                bad.append(f"{where}: an anchor into a file that is not a page")
            elif anchor not in anchors(resolved):
                bad.append(f"{where}: no heading with id {anchor!r} in "
                           f"{resolved.relative_to(ROOT)}")
    return bad


def test_slugs_follow_the_toc_rule():
    assert slugify("Energy and depth (Uchizawa–Abe)") == "energy-and-depth-uchizawaabe"
    assert slugify("Superposition (Adler–Shavit)") == "superposition-adlershavit"
    assert slugify("Size separations (Vardi et al.)") == "size-separations-vardi-et-al"
    assert slugify(heading_text("`minckt solve` and --out")) == "minckt-solve-and-out"


def test_slugs_agree_with_python_markdown():
    """Where Python-Markdown is installed (the docs extra), its own slugify agrees on every
    heading of the documentation."""
    if importlib.util.find_spec("markdown") is None:
        pytest.skip("Python-Markdown is not installed (python3 -m pip install -e '.[docs]')")
    from markdown.extensions.toc import slugify as toc_slugify

    for path in TOP + PAGES:
        for _, line in prose_lines(path):
            match = _HEADING.match(line)
            if match:
                text = heading_text(match.group(2))
                assert slugify(text) == toc_slugify(text, "-"), (path, text)


def test_pages_exist():
    for name in ("index.md", "testing.md", "guide/semantics.md", "guide/instance-files.md",
                 "design/searching.md", "design/papers.md", "design/architecture.md",
                 "benchmarks/performance.md"):
        assert (DOCS / name).is_file(), name


def test_stable_anchors_exist():
    """Headings the code's docstrings cite by anchor; renaming one breaks those citations."""
    expected = {
        "guide/semantics.md": {"rows-and-truth-tables", "specs-and-care-sets",
                               "gates-and-circuits", "resources", "statuses",
                               "results-format"},
        "design/papers.md": {"energy-and-depth-uchizawaabe", "related-energy-results",
                             "memorization-koyuncu", "superposition-adlershavit",
                             "size-separations-vardi-et-al", "derived-facts"},
        "guide/instance-files.md": {"format"},
        "design/searching.md": {"encodings"},
    }
    for page, ids in expected.items():
        assert ids <= anchors(DOCS / page), (page, sorted(ids - anchors(DOCS / page)))


@pytest.mark.parametrize("path", TOP + PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    assert problems(path) == []


def test_docs_cited_in_the_code_exist():
    bad = []
    for source in sorted((ROOT / "minckt").rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        for match in _CITED.finditer(text):
            file, _, anchor = match.group(0).partition("#")
            line = text.count("\n", 0, match.start()) + 1
            where = f"{source.relative_to(ROOT)}:{line}: {match.group(0)}"
            target = ROOT / file
            if not target.is_file():
                bad.append(f"{where}: no such page")
            elif anchor and anchor not in anchors(target):
                bad.append(f"{where}: no heading with id {anchor!r}")
    assert bad == []


def test_site_builds_strict(tmp_path):
    """``mkdocs build --strict``: every warning (a broken link or anchor, a page left out of
    the navigation, a docstring mkdocstrings cannot render) fails the build."""
    for module in ("mkdocs", "mkdocstrings"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (python3 -m pip install -e '.[docs]')")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                          "--config-file", str(ROOT / "mkdocs.yml"),
                          "--site-dir", str(tmp_path / "site")],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "site" / "index.html").is_file()
