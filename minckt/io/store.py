"""Results in SQLite (stdlib `sqlite3`): written as they complete, read back instead of re-solved.

One row per content key (`Instance.key()`: spec, gate model, limits, task, minckt version --
everything that changes the answer), holding the JSON-lines record of `minckt solve --out`.
A second table holds the measurements of constructions a study builds past exact search
(`minckt.run.scale`), one per construction and data set.
A row with a final status (OPTIMAL, SAT, UNSAT, INFEASIBLE) answers its question for good; an
UNKNOWN or FEASIBLE row keeps the time limit it ran under and is re-solved only with a larger
one (or when asked to).

Crash safety: the database runs in WAL mode and every result is one transaction, so a run
killed at any moment (SIGKILL included) loses at most the result in flight and never leaves
a partial row; readers may run beside a writer.  Only the process that owns the `Store`
writes to it.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from minckt.errors import InputError

__all__ = ["Store", "FINAL_STATUSES", "is_store", "require_store", "read_records",
           "matches"]

#: Statuses that answer a question for good (a longer run cannot change them).
FINAL_STATUSES = frozenset({"OPTIMAL", "SAT", "UNSAT", "INFEASIBLE"})

_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    status     TEXT NOT NULL,
    final      INTEGER NOT NULL,
    time_limit REAL,
    record     TEXT NOT NULL,
    written    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS measurements (
    key        TEXT PRIMARY KEY,
    record     TEXT NOT NULL,
    written    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)
"""


def is_store(path: str | Path) -> bool:
    """True when `path` is an SQLite database (by its header), e.g. for `minckt report`."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_MAGIC)) == _MAGIC
    except OSError:
        return False


class Store:
    """A results database; `path` is created when missing."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        if self.path.exists() and self.path.stat().st_size and not is_store(self.path):
            raise InputError(f"{self.path}: not an SQLite results database")
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as err:
            raise InputError(f"{self.path}: cannot open the results database: {err}") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def lookup(self, key: str, time_limit: float | None) -> dict | None:
        """The stored record that answers `key` under `time_limit`: a final one always; an
        UNKNOWN or FEASIBLE one when it ran at least as long (None: no limit)."""
        row = self._db.execute("SELECT final, time_limit, record FROM results WHERE key = ?",
                               (key,)).fetchone()
        if row is None:
            return None
        final, stored_limit, record = row
        if not final:
            ran = math.inf if stored_limit is None else stored_limit
            wanted = math.inf if time_limit is None else time_limit
            if wanted > ran:
                return None
        return json.loads(record)

    def put(self, record: dict, time_limit: float | None) -> None:
        """Write one result (replacing an earlier row of its key) in one transaction."""
        status = str(record.get("status"))
        # one statement in autocommit mode: one atomic transaction, committed when it returns
        self._db.execute(
            "INSERT OR REPLACE INTO results (key, name, status, final, time_limit, record) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (record["key"], record.get("name", ""), status, int(status in FINAL_STATUSES),
             time_limit, json.dumps(record)))

    def records(self, where: dict[str, str] | None = None) -> Iterator[dict]:
        """Every stored record, in the order written; `where` keeps those whose top-level
        fields equal the given values (compared as text: status=OPTIMAL, name=cd6)."""
        for (text,) in self._db.execute("SELECT record FROM results ORDER BY rowid"):
            record = json.loads(text)
            if matches(record, where):
                yield record

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    def measurement(self, key: str) -> dict | None:
        """A stored measurement of a construction (`minckt.run.scale`), or None."""
        row = self._db.execute("SELECT record FROM measurements WHERE key = ?",
                               (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put_measurement(self, key: str, record: dict) -> None:
        """Write one measurement (replacing an earlier one of its key), one transaction."""
        self._db.execute("INSERT OR REPLACE INTO measurements (key, record) VALUES (?, ?)",
                         (key, json.dumps(record)))

    def measurements(self) -> Iterator[dict]:
        """Every stored measurement, in the order written (absent ones left out)."""
        for (text,) in self._db.execute("SELECT record FROM measurements ORDER BY rowid"):
            record = json.loads(text)
            if not record.get("absent"):
                yield record


def require_store(path: str | Path) -> None:
    """Refuse a path that is not an existing results database (`Store` would create one)."""
    if not is_store(path):
        raise InputError(f"{path}: not an SQLite results database (minckt solve --store)")


def matches(record: dict, where: dict[str, str] | None) -> bool:
    """Whether the record's top-level fields equal `where`'s values, compared as text
    (status=OPTIMAL, name=cd6); every record matches an empty `where`."""
    return not where or all(str(record.get(k)) == v for k, v in where.items())


def read_records(path: str | Path, where: dict[str, str] | None = None) -> list[dict]:
    """The records of an existing results database, in the order written, those whose
    top-level fields equal `where`'s values (compared as text); a path that is no database
    is an error, never created."""
    require_store(path)
    with Store(path) as store:
        return list(store.records(where))
