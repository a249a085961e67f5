"""Certification of UNSAT steps (`minckt.solve.certify`) against independent truth.

The pigeonhole formula PHP(p, p-1) -- p pigeons, p-1 holes, each pigeon in a hole, no hole
shared -- is unsatisfiable (the pigeonhole principle) and has no short resolution proof
(Haken 1985), so its proofs have many lemmas; dropping one "pigeon in some hole" clause
makes it satisfiable (put the dropped pigeon nowhere, the rest one per hole).
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import re
import signal
import time
from pathlib import Path

import pytest
from pysat.solvers import Solver

from minckt import (
    GateModel, Limits, SearchParams, Spec, Status, decide, family, frontier, minimize
)
from minckt.solve.certify import CertStatus, StepCertificate, bound_certificate, certify_unsat
from minckt.verify.proof import dimacs, verify_proof
from minckt.errors import InputError, InternalError


def pigeonhole(pigeons: int, holes: int) -> list[list[int]]:
    """PHP(pigeons, holes); variable p*holes + h + 1 says pigeon p sits in hole h."""
    var = lambda p, h: p * holes + h + 1  # noqa: E731
    clauses = [[var(p, h) for h in range(holes)] for p in range(pigeons)]
    for h in range(holes):
        for p, q in itertools.combinations(range(pigeons), 2):
            clauses.append([-var(p, h), -var(q, h)])
    return clauses


def satisfiable(clauses: list[list[int]]) -> bool:
    with Solver(name="minisat22", bootstrap_with=clauses) as solver:
        return solver.solve()


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def certify(clauses, assumptions=(), **kw) -> StepCertificate:
    kw.setdefault("step", "test step")
    kw.setdefault("covers", ("clauses by hand",))
    kw.setdefault("stem", "step")
    return certify_unsat(clauses, list(assumptions), **kw)


@pytest.fixture(scope="module")
def php43(tmp_path_factory) -> StepCertificate:
    folder = tmp_path_factory.mktemp("php43")
    return certify(pigeonhole(4, 3), step="PHP(4,3) UNSAT", stem="php43", keep_dir=str(folder),
                   comments=["pigeonhole 4 pigeons 3 holes", "var p*3+h+1: pigeon p in hole h"])


def test_pigeonhole_is_verified_and_kept(php43):
    cert = php43
    assert cert.status == "verified" and cert.verified
    assert cert.lemmas > 0 and cert.checker == "dratify" and cert.checker_version.startswith("0.1.10 (")
    assert cert.solver.startswith("cadical195 (python-sat ")
    assert cert.variables == 12 and cert.clauses == 4 + 3 * 6
    cnf_path, drat_path = cert.files
    assert os.path.basename(cnf_path) == "php43.cnf" and os.path.basename(drat_path) == "php43.drat"
    with open(cnf_path, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == cert.cnf_sha256
    cnf = read(cnf_path)
    assert cnf.startswith("c pigeonhole 4 pigeons 3 holes\nc var p*3+h+1")
    assert "p cnf 12 22\n" in cnf
    assert cert.to_json()["status"] == "verified" and cert.to_json()["lemmas"] == cert.lemmas
    # the kept pair re-checks on its own
    assert verify_proof(cnf, read(drat_path))[0]


def test_kept_proof_is_plain_text_drat(php43):
    lines = read(php43.files[1]).splitlines()
    assert all(re.fullmatch(r"(d )?(-?[1-9][0-9]* )*0", line) for line in lines)
    assert sum(not line.startswith("d") for line in lines) == php43.lemmas
    assert "0" in lines  # the empty clause


def test_corrupted_proofs_are_rejected(php43):
    cnf, proof = read(php43.files[0]), read(php43.files[1])
    lines = proof.splitlines()
    assert not verify_proof(cnf, "".join(line + "\n" for line in lines if line != "0"))[0]
    # the empty clause alone: PHP is not refuted by unit propagation
    accepted, message = verify_proof(cnf, "0\n")
    assert not accepted and "NOT VERIFIED" in message
    # the first half of the lemmas only
    assert not verify_proof(cnf, "\n".join(lines[:len(lines) // 2]) + "\n")[0]
    accepted, message = verify_proof(cnf, proof.replace("0", "x", 1))
    assert not accepted and "malformed" in message


def test_proof_does_not_refute_a_satisfiable_weakening(php43):
    weaker = pigeonhole(4, 3)[1:]  # pigeon 0 need not sit anywhere
    assert satisfiable(weaker)
    text, _, _ = dimacs(weaker)
    accepted, message = verify_proof(text, read(php43.files[1]))
    assert not accepted, message
    # a header that hides a clause is refused, not silently repaired
    full = read(php43.files[0])
    assert not verify_proof(full.replace("p cnf 12 22", "p cnf 12 21"), read(php43.files[1]))[0]


def test_satisfiable_formula_raises():
    with pytest.raises(InternalError, match="satisfiable"):
        certify(pigeonhole(3, 3), step="PHP(3,3)")


def test_assumptions_become_units():
    # pigeon 0 must sit in a hole only when variable 13 holds
    clauses = pigeonhole(4, 3)
    clauses[0] = [-13, *clauses[0]]
    assert satisfiable(clauses) and not satisfiable(clauses + [[13]])
    cert = certify(clauses, [13], step="PHP(4,3) under 13")
    assert cert.status == "verified" and cert.clauses == len(clauses) + 1
    assert cert.variables == 13
    with pytest.raises(InternalError, match="satisfiable"):
        certify(clauses, [])


def test_tautologies_do_not_break_the_header_check():
    cert = certify([[1, -1], [2], [-2, 3], [-3]])
    assert cert.status == "verified"


def test_kept_files_are_never_overwritten(tmp_path):
    first = certify(pigeonhole(3, 2), stem="same", keep_dir=str(tmp_path / "new"))
    (tmp_path / "new" / "same-2.drat").write_text("someone else's\n")
    second = certify(pigeonhole(4, 3), stem="same", keep_dir=str(tmp_path / "new"))
    names = [os.path.basename(p) for p in first.files + second.files]
    assert names == ["same.cnf", "same.drat", "same-3.cnf", "same-3.drat"]
    assert read(str(tmp_path / "new" / "same-2.drat")) == "someone else's\n"
    assert first.cnf_sha256 != second.cnf_sha256


def _children() -> set[int]:
    return _children_of(os.getpid())


def _children_of(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                status = f.read()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{pid}$", status, re.M):
            found.add(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="scans /proc for child processes")
def test_timeout_kills_the_child(tmp_path):
    before = _children()
    started = time.perf_counter()
    cert = certify(pigeonhole(11, 10), step="PHP(11,10)", time_limit=0.5,
                   keep_dir=str(tmp_path), stem="hard")
    elapsed = time.perf_counter() - started
    assert cert.status == "timeout" and cert.status is CertStatus.TIMEOUT
    assert "time limit" in cert.detail and cert.lemmas is None
    assert elapsed < 3.0
    assert multiprocessing.active_children() == []
    assert _children() <= before
    assert [os.path.basename(p) for p in cert.files] == ["hard.cnf"]
    assert sorted(os.listdir(tmp_path)) == ["hard.cnf"]


def _certify_hard() -> None:
    certify(pigeonhole(11, 10), time_limit=60)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return not re.search(r"^State:\s+Z", f.read(), re.M)
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="scans /proc for child processes")
def test_child_dies_with_its_parent():
    parent = multiprocessing.get_context("fork").Process(target=_certify_hard)
    parent.start()
    try:
        deadline = time.perf_counter() + 5
        while not (solvers := _children_of(parent.pid)) and time.perf_counter() < deadline:
            time.sleep(0.02)
        assert solvers, "the certifying process started no child"
    finally:
        parent.kill()
        parent.join()
    deadline = time.perf_counter() + 5
    while any(_alive(pid) for pid in solvers) and time.perf_counter() < deadline:
        time.sleep(0.02)
    survivors = [pid for pid in solvers if _alive(pid)]
    for pid in survivors:  # do not leave an orphaned solver running when this fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "the solver outlived the process that started it"


def test_time_limit_in_a_child_still_verifies():
    cert = certify(pigeonhole(6, 5), time_limit=30)
    assert cert.status == "verified" and cert.lemmas > 0
    assert multiprocessing.active_children() == []


def test_bound_certificate():
    cert = bound_certificate("size <= 1 UNSAT", "XOR is not a threshold function")
    assert cert.status == "bound" and cert.detail.startswith("XOR")
    assert cert.to_json()["status"] == "bound" and cert.cnf_sha256 is None


@pytest.mark.parametrize("table, n, size", [("0x6", 2, 1), ("0x6996", 4, 2)])
def test_a_minckt_step_is_verified(tmp_path, table, n, size):
    from minckt.encode.task import Task
    from minckt.encode.cnf import CnfSession
    from minckt.core.problem import GateModel, Limits, SearchParams
    from minckt.core.status import Status
    from minckt.core.spec import Spec

    # XOR2 is not a threshold function; parity of 4 needs 3 threshold gates
    # (ceil(log2(n + 1)), tests/test_search.py)
    task = Task(spec=Spec.from_table(table, n), size=size, model=GateModel(),
                limits=Limits(size=size), axes=frozenset(), params=SearchParams())
    session = CnfSession(task)
    assert session.decide(Limits(size=size)).status is Status.UNSAT
    covers = ("cnf encoding", "default symmetry breaks", "implied clauses")
    cert = certify(session.b.clauses, [], step=f"{table}, size <= {size} UNSAT", covers=covers,
                   stem=f"parity{n}-s{size}", keep_dir=str(tmp_path))
    assert cert.status == "verified" and cert.lemmas > 0
    assert cert.clauses == len(session.b.clauses)
    assert cert.covers == covers


# -- the search's certificates (SearchParams.certify) ----------------------------------------


def _checked(result) -> list:
    """The certificate's solver steps, each verified; every UNSAT step of the result is one."""
    certs = [c for c in result.certificate if c.status != "bound"]
    unsat = [s for s in result.steps if s.status is Status.UNSAT]
    assert len(certs) == len(unsat)
    assert all(c.status == "verified" and c.checker == "dratify" for c in certs), certs
    return certs


@pytest.mark.parametrize("backend", ["cnf", "cpsat"])
def test_an_optimal_size_is_certified_step_by_step(backend, tmp_path, monkeypatch):
    """Parity 4 needs 3 threshold gates: size 1 is excluded by a bound (parity is not
    linearly separable: an exact certificate, `bounds.memorization`), size 2 is UNSAT,
    re-solved as CNF with a DRAT proof that dratify accepts; a CP-SAT answer is re-derived
    with the CNF encoding.  The subcube bound (which gives size >= 3 at once) is taken out,
    so that a solver step is left to certify."""
    import minckt.bounds.subcube

    monkeypatch.setattr(minckt.bounds.subcube, "bounds", lambda *args: [])
    found = minimize(family("PARITY", 4), "size", model=GateModel(),
                     params=SearchParams(backend=backend, certify=True,
                                         certify_dir=str(tmp_path)))
    assert (found.status, found.value) == (Status.OPTIMAL, 3)
    certs = _checked(found)
    assert [c.step for c in certs] == ["size <= 2 UNSAT"]
    assert found.certificate[0].status == "bound"  # the walk started from a proven bound
    for cert in certs:
        cnf, drat = (Path(f) for f in cert.files)
        assert cnf.name.startswith("PARITY4-s") and drat.suffix == ".drat"
        assert hashlib.sha256(cnf.read_bytes()).hexdigest() == cert.cnf_sha256
        assert verify_proof(cnf.read_text(), drat.read_text())[0]
        assert any(c.startswith("symmetry breaks:") for c in cert.covers)
        assert any(c.startswith("implied clauses:") for c in cert.covers)
    assert found.to_json()["certificate"][1]["status"] == "verified"


def _size_one(spec, model=GateModel(), **params):
    """The decision "size <= 1", certified: a solver step even where a bound would do."""
    return decide(spec, Limits(size=1), model=model, params=SearchParams(certify=True, **params))


def test_bounded_walks_decisions_bases_and_frontiers_are_certified():
    energy = minimize(family("PARITY", 3), "energy", Limits(size=3, depth=2),
                      params=SearchParams(certify=True))
    assert energy.status is Status.OPTIMAL
    (cert,) = _checked(energy)
    assert "energy <=" in cert.step and "bounds as unit clauses: size <= 3" in cert.covers[-1]
    unsat = decide(family("PARITY", 3), Limits(size=1), params=SearchParams(certify=True))
    assert unsat.status is Status.UNSAT and len(_checked(unsat)) == 1
    aig = minimize(family("MAJ", 3), "size", model=GateModel("aig"),
                   params=SearchParams(certify=True))
    assert (aig.status, aig.value) == (Status.OPTIMAL, 4) and len(_checked(aig)) == 2
    # parity in AIG: Schnorr's bound and the XOR tree, no solver step to certify
    theory = minimize(family("PARITY", 3), "size", model=GateModel("aig"),
                      params=SearchParams(certify=True))
    assert (theory.status, theory.value) == (Status.OPTIMAL, 6) and not _checked(theory)
    assert [c.status for c in theory.certificate] == ["bound"]
    pareto = frontier(family("PARITY", 3), ["energy", "depth"], Limits(size=3),
                      params=SearchParams(certify=True))
    assert pareto.status is Status.OPTIMAL
    for point in pareto.points:
        _checked(point)


def test_neural_steps_with_wide_ranges_are_certified():
    """ReLU and sigmoid gates with R = 2 and no weight limit: the proven ranges are far
    beyond |w| <= 6, and the CNF re-derivation holds them in two's complement."""
    for kind in ("relu", "sigmoid"):
        found = _size_one(family("PARITY", 3), GateModel(kind, 2))
        assert found.status is Status.UNSAT and _checked(found), kind


def test_a_step_no_cnf_encoding_holds_says_so(monkeypatch):
    """When the CNF encoding refuses a step, the certificate says "unsupported" with the
    reason, never "verified"."""
    import minckt.solve.certify as certify

    def refuse(task):
        raise InputError("backend cnf: refused on purpose")

    monkeypatch.setattr(certify, "CnfSession", refuse)
    found = _size_one(family("PARITY", 3), backend="cpsat")
    assert found.status is Status.UNSAT
    steps = [c for c in found.certificate if c.status != "bound"]
    assert steps and all(c.status == "unsupported" and "on purpose" in c.detail
                         for c in steps)


def test_resolution_one_neural_steps_are_certified_as_threshold_steps():
    """IP 4 with R = 1 ReLU gates needs two (the example that once read OPTIMAL 3): the
    size-1 UNSAT is certified through the threshold encoding of the same question."""
    found = _size_one(Spec.from_table("0x6CA0", 4), GateModel("relu", 1))
    assert found.status is Status.UNSAT
    (cert,) = _checked(found)
    assert "threshold gates they are" in cert.covers[0]


def test_both_checker_engines_give_the_same_verdicts(tmp_path):
    """dratify's compiled engine (cdclkit-native) and its pure-Python one accept the same
    refutation and reject the same corruptions."""
    from minckt.verify.proof import checker_engine

    if checker_engine() != "native":
        pytest.skip("cdclkit-native is not installed")
    cert = certify_unsat(pigeonhole(5, 4), [], step="PHP(5,4)", covers=(), stem="php",
                         keep_dir=str(tmp_path))
    cnf, drat = (Path(f).read_text() for f in cert.files)
    lemmas = [line for line in drat.splitlines() if not line.startswith("d")]
    corrupted = [drat, "\n".join(lemmas[:len(lemmas) // 2]) + "\n", "0\n"]
    for proof in corrupted:
        verdicts = {verify_proof(cnf, proof, engine)[0] for engine in ("python", "native")}
        assert len(verdicts) == 1, proof[:80]
    assert verify_proof(cnf, drat, "native")[0] and not verify_proof(cnf, "0\n", "native")[0]
    assert "native engine" in cert.checker_version


def test_a_rejected_proof_of_a_search_step_is_an_internal_error(monkeypatch):
    """A checker that rejects a step's proof must stop the answer, never downgrade it."""
    from minckt.verify import proof as certify

    monkeypatch.setattr(certify, "verify_proof", lambda cnf, proof, engine="auto":
                        (False, "rejected on purpose"))
    with pytest.raises(InternalError, match="rejected on purpose"):
        _size_one(family("PARITY", 3))
