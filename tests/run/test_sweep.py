"""Class sweeps: every NPN class once, sizes summing to all functions, the threshold-function
counts of OEIS A000609 recovered from the size-1 classes, and a killed sweep that resumes."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from minckt.cli import main
from minckt.core.problem import SearchParams
from minckt.io.store import Store
from minckt.run.sweep import class_instances, sweep
from proctools import children, running, table_rows


def _histogram(records) -> dict:
    found: dict = {}
    for record in records:
        found[record["value"]] = found.get(record["value"], 0) + record["class_size"]
    return found


def test_a_pool_sweep_of_npn3_counts_the_threshold_functions(tmp_path):
    """The 104 threshold functions of at most 3 inputs (OEIS A000609) are exactly the
    functions whose class needs one gate; every function is counted once."""
    instances = class_instances(3, "size", params=SearchParams(workers=1))
    with Store(tmp_path / "s.db") as store:
        records = list(sweep(instances, store, workers=2))
        assert len(records) == len(store) == 14
        assert {r["class"] for r in records} == {i.function["class"] for i in instances}
        assert _histogram(records) == {1: 104, 2: 152}
        again = list(sweep(instances, store, workers=2))  # all read back
    assert sorted(r["key"] for r in again) == sorted(r["key"] for r in records)


def test_energy_sweeps_take_np_classes():
    instances = class_instances(2, "energy")
    assert len(instances) == 6 and all(i.name.startswith("np2-") for i in instances)
    assert sum(i.function["class_size"] for i in instances) == 16
    assert len(class_instances(4, "size", sample=10, seed=3)) == 10


def _single_path_npn4(folder):
    """A sweep file of the NPN4 least sizes by CP-SAT, one class at a time (about 10 s):
    the batch path answers all 222 in a second, too fast to be stopped part-way."""
    path = folder / "npn4.toml"
    path.write_text('minimize = "size"\nbackend = "cpsat"\nnpn = 4\n')
    return path


def test_an_interrupted_batch_sweep_exits_cleanly(tmp_path):
    """SIGINT while the batch path solves in the sweep's own process (IP 6, whose least
    size takes minutes): exit 130, the one-line message, no traceback."""
    task = tmp_path / "ip6.toml"
    task.write_text('minimize = "size"\nfamilies = ["IP"]\nn = 6\n')
    process = subprocess.Popen([sys.executable, "-m", "minckt.cli", "sweep", str(task)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "interrupted by SIGINT" in err
    assert "Traceback" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals as on Linux")
def test_a_killed_sweep_resumes_without_loss_or_duplicates(tmp_path, capsys):
    """NPN4 in two processes, killed with SIGKILL part-way, then resumed: 222 rows, and the
    1,882 threshold functions of at most 4 inputs (OEIS A000609) need one gate."""
    db = tmp_path / "s.db"
    task = _single_path_npn4(tmp_path)
    command = [sys.executable, "-m", "minckt.cli", "sweep", str(task), "--workers", "2",
               "--store", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if db.exists() and table_rows(db) >= 30:
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 30 <= table_rows(db) < 222
    # resumed by the batch path: the rows the killed run wrote are read back (the store's
    # key is the question's, not the backend's), the rest solved
    assert main(["sweep", "--npn", "4", "--workers", "2", "--store", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "222 NPN classes of 4-input functions, minimal size: OPTIMAL 222" in printed
    with Store(db) as store:
        records = list(store.records())
    assert len(records) == 222 and len({r["key"] for r in records}) == 222
    histogram = _histogram(records)
    assert histogram[1] == 1882 and sum(histogram.values()) == 1 << 16


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_interrupted_sweep_stops_its_workers(tmp_path):
    db = tmp_path / "s.db"
    process = subprocess.Popen([sys.executable, "-m", "minckt.cli", "sweep",
                                str(_single_path_npn4(tmp_path)), "--workers", "2",
                                "--store", str(db)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and \
            len([c for c in children(process.pid) if running(c)]) < 2:
        time.sleep(0.05)
    workers = [c for c in children(process.pid) if running(c)]
    assert len(workers) == 2
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "interrupted by SIGINT" in err
    time.sleep(0.5)
    assert not [w for w in workers if running(w)]


def test_a_local_dask_cluster_gives_the_rows_of_the_pool():
    """Two Dask workers on loopback (non-daemonic, so that they may fork solver children)
    answer every NPN3 class as the process pool does."""
    distributed = pytest.importorskip("distributed")
    import dask

    instances = class_instances(3, "size", params=SearchParams(workers=1))
    with dask.config.set({"distributed.worker.daemon": False}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None) as cluster:
            remote = list(sweep(instances, None, workers=2, dask=cluster.scheduler_address))
    local = list(sweep(instances, None, workers=2))

    def rows(records):
        return sorted((r["class"], r["status"], r["value"], r["class_size"]) for r in records)

    assert len(remote) == 14 and rows(remote) == rows(local)


def test_an_unreachable_scheduler_is_a_user_error(monkeypatch):
    import minckt.run.sweep
    from minckt.errors import InputError

    pytest.importorskip("distributed")
    monkeypatch.setattr(minckt.run.sweep, "DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError, match="cannot reach"):
        list(sweep(class_instances(1, "size"), None, dask="tcp://127.0.0.1:9"))
