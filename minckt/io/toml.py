"""TOML with lines: documents read with tomllib whose errors name the file and line, shared
by instance files (`minckt.io.instances`) and sweep files (`minckt.run.sweepfile`)."""

from __future__ import annotations

import re
import tomllib

from minckt.errors import InputError

__all__ = ["Lines", "load_toml", "nesting_line", "kind_of", "short", "MAX_FILE_BYTES"]


#: Largest instance file read (a larger one, or /dev/zero, is refused before parsing).
MAX_FILE_BYTES = 16 << 20


class Lines:
    """Finds the line of a key inside the k-th [[instance]] (or [defaults]) of a TOML text."""

    def __init__(self, text: str) -> None:
        self.sections: dict[tuple[str, int], list[tuple[int, str]]] = {}
        current = ("", 0)
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = re.match(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$", line)
            if header:
                name = header.group(2).strip("\"' ")
                index = counts.get(name, 0)
                counts[name] = index + 1
                current = (name, index)
                self.sections.setdefault(current, []).append((number, line))
                continue
            self.sections.setdefault(current, []).append((number, line))

    def find(self, section: str, index: int, key: str | None = None) -> int | None:
        lines = self.sections.get((section, index), [])
        if key is None:
            return lines[0][0] if lines else None
        pattern = re.compile(rf"^\s*([\"']?){re.escape(key)}\1\s*[=.]")
        for number, line in lines:
            if pattern.match(line):
                return number
        return lines[0][0] if lines else None


def nesting_line(text: str, depth: int = 100) -> int | None:
    """The first line where brackets nest deeper than `depth` (strings ignored roughly)."""
    level = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for ch in line:
            if ch in "[{":
                level += 1
                if level > depth:
                    return number
            elif ch in "]}":
                level = max(0, level - 1)
            elif ch == "#":
                break
    return None


def load_toml(text: str, filename: str) -> dict:
    """The TOML document of a file's text; a syntax error names the file and line (shared
    by instance files and sweep files, `minckt.run.sweepfile`)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        if found:
            where = f"{filename}:{found.group(1)}"
        else:  # "(at end of document)": an unclosed string or table at the last line
            where = f"{filename}:{max(1, len(text.splitlines()))}"
        raise InputError(f"{where}: invalid TOML: {err}") from None
    except RecursionError:
        line = nesting_line(text)
        raise InputError(f"{filename}{'' if line is None else f':{line}'}: invalid TOML: "
                         "arrays or tables nested too deeply") from None


def kind_of(value: object) -> str:
    """"an integer", "a list", ... for messages about misplaced TOML values."""
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "a table"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def short(value: object) -> str:
    """repr(value), cut to 60 characters (a hostile value can be megabytes long)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
