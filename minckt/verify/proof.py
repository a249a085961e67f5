"""Certify one UNSAT step: re-solve it as plain CNF with a DRAT proof and check the proof.

A search answer such as "size 3 is optimal" rests on UNSAT steps ("size <= 2 UNSAT").  An
incremental solver that says UNSAT asks to be trusted; `certify_unsat` removes the solver from
what must be trusted:

1. The step is written out as one self-contained DIMACS formula: every clause of the session
   (the whole encoding, its symmetry breaks and implied clauses -- the caller lists which in
   `covers`) plus one unit clause per assumption literal, so the step's bounds are part of
   the formula instead of solver state.
2. A fresh CaDiCaL 1.9.5 (python-sat ``cadical195``) solves that formula from scratch with
   proof logging.  SAT contradicts the search's UNSAT and raises `InternalError`.
3. The DRAT proof (Heule, Hunt, Wetzler: "DRAT-trim: Efficient checking and trimming using
   expressive clausal proofs", SAT 2014) is checked against the exact DIMACS text by dratify,
   a forward RUP/RAT checker that shares no code with CaDiCaL.  Its compiled engine (Rust,
   from the cdclkit-native package, which dratify's tests hold to the same verdicts as the
   pure-Python engine on every proof) is used when installed, as the `certify` extra does:
   about 14 times faster here.  Without it, or with engine "python", the pure-Python engine
   checks; the certificate's `checker_version` names the engine.  `cnf_sha256` is the hash
   of the text it read.

What remains trusted: that the encoder's clauses mean what `covers` says (the encoding is
correct, and every symmetry break or implied clause preserves the optimum -- the tests of
`minckt.encode` argue that, not this module), and the checker (dratify, and the DIMACS
parser inside it).  The solver, python-sat's proof plumbing and the incremental session are
not trusted.  python-sat releases before 1.9.dev16 lose the tail of proofs (their C buffer
is never flushed; PHP(4,3) came back with an empty proof under 1.9.dev15), which the check
catches as "never derives the empty clause"; pyproject.toml asks for 1.9.dev16 or later.

python-sat's CaDiCaL cannot be interrupted, so with a time limit the solve and the check run
in a forked child that is killed when the limit passes (status "timeout", never "verified").
The child asks Linux to kill it when its parent dies (``PR_SET_PDEATHSIG``); call this from a
non-daemonic process (multiprocessing refuses children of daemonic ones).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from dataclasses import dataclass
from enum import Enum
from importlib import metadata
from typing import Callable, Sequence

from minckt.errors import InputError, InternalError
from minckt.lifecycle import child_started

__all__ = ["CertStatus", "StepCertificate", "certify_unsat", "bound_certificate", "verify_proof",
           "dimacs", "unsolved_certificate", "require_checker", "checker_engine", "CHECKER",
           "SOLVER"]

#: The independent proof checker (PyPI distribution name).
CHECKER = "dratify"

#: The python-sat solver that re-solves each step with proof logging.
SOLVER = "cadical195"

_CONTEXT = multiprocessing.get_context("fork")


class CertStatus(str, Enum):
    """Outcome of certifying one step (a str, so ``status == "verified"`` reads naturally)."""

    VERIFIED = "verified"  # the checker accepted a refutation of the step's CNF
    FAILED = "failed"      # the checker rejected the proof, or no proof could be had
    BOUND = "bound"        # the step rests on a theorem, not on a solver run
    TIMEOUT = "timeout"    # the time limit passed before solve + check finished
    UNSUPPORTED = "unsupported"  # no CNF encoding holds this step (the detail says why)


@dataclass(frozen=True)
class StepCertificate:
    """What was proven UNSAT, by which solver and checker, over which exact CNF."""

    step: str
    status: CertStatus
    checker: str | None
    checker_version: str | None
    solver: str | None
    cnf_sha256: str | None
    variables: int | None
    clauses: int | None       # including the assumption units
    lemmas: int | None        # proof lines that add a clause (the empty clause included)
    time_s: float             # solve + check, wall clock
    covers: tuple[str, ...]
    files: tuple[str, ...] = ()
    detail: str = ""          # the checker's message, or the theorem of a "bound"
    solve_s: float | None = None
    check_s: float | None = None

    @property
    def verified(self) -> bool:
        """True when the checker accepted the proof."""
        return self.status is CertStatus.VERIFIED

    def to_json(self) -> dict:
        """The certificate as a JSON object (times rounded to 0.1 ms)."""
        data = {
            "step": self.step, "status": self.status.value, "checker": self.checker,
            "checker_version": self.checker_version, "solver": self.solver,
            "cnf_sha256": self.cnf_sha256, "variables": self.variables,
            "clauses": self.clauses, "lemmas": self.lemmas, "time_s": round(self.time_s, 4),
            "covers": list(self.covers), "files": list(self.files), "detail": self.detail,
        }
        for key in ("solve_s", "check_s"):
            value = getattr(self, key)
            data[key] = None if value is None else round(value, 4)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "StepCertificate":
        """Inverse of `to_json`."""
        return cls(step=data["step"], status=CertStatus(data["status"]),
                   checker=data.get("checker"), checker_version=data.get("checker_version"),
                   solver=data.get("solver"), cnf_sha256=data.get("cnf_sha256"),
                   variables=data.get("variables"), clauses=data.get("clauses"),
                   lemmas=data.get("lemmas"), time_s=data["time_s"],
                   covers=tuple(data.get("covers", ())), files=tuple(data.get("files", ())),
                   detail=data.get("detail", ""), solve_s=data.get("solve_s"),
                   check_s=data.get("check_s"))


def unsolved_certificate(step: str, status: CertStatus, detail: str,
                    covers: Sequence[str] = ()) -> StepCertificate:
    """A certificate no solver or checker ran for (a theorem, a refusal, no time left)."""
    return StepCertificate(step=step, status=status, checker=None, checker_version=None,
                           solver=None, cnf_sha256=None, variables=None, clauses=None,
                           lemmas=None, time_s=0.0, covers=tuple(covers), detail=detail)


def bound_certificate(step: str, theorem: str) -> StepCertificate:
    """A certificate for a step that a theorem proves (no CNF, no solver): status "bound"."""
    return unsolved_certificate(step, CertStatus.BOUND, theorem)


def dimacs(clauses: Sequence[Sequence[int]], assumptions: Sequence[int] = (),
           comments: Sequence[str] = ()) -> tuple[str, int, int]:
    """(DIMACS text, variables, clauses) of `clauses` plus one unit per assumption.

    The variable count is the largest variable in use; comment lines come first, one ``c``
    line per line of each comment.
    """
    lines = [f"c {line}".rstrip() for text in comments for line in str(text).splitlines()]
    body = []
    top = 0
    for clause in [*clauses, *([lit] for lit in assumptions)]:
        for lit in clause:
            if not isinstance(lit, int) or isinstance(lit, bool) or lit == 0:
                raise InternalError(f"clause {list(clause)}: literal {lit!r} is not a nonzero "
                                    "int")
            top = max(top, abs(lit))
        body.append(" ".join(map(str, clause)) + " 0" if clause else "0")
    lines.append(f"p cnf {top} {len(body)}")
    lines.extend(body)
    return "\n".join(lines) + "\n", top, len(body)


def _versions() -> tuple[str, str]:
    return (_checker_version(checker_engine()),
            f"{SOLVER} (python-sat {metadata.version('python-sat')})")


def require_checker() -> None:
    """Fail with a clear user error, before any search, when the checker is not installed."""
    try:
        metadata.version(CHECKER)
    except metadata.PackageNotFoundError:
        raise InputError(f"certification needs the proof checker {CHECKER}: "
                         "pip install 'minckt[certify]'") from None


def _tautologies(cnf_text: str) -> int:
    """Clauses of a DIMACS text that contain a literal and its negation (dratify drops them)."""
    count, clause = 0, set()
    for line in cnf_text.splitlines():
        line = line.strip()
        if not line or line[0] in "cp%":
            continue
        for token in line.split():
            lit = int(token)
            if lit:
                clause.add(lit)
                continue
            count += any(-x in clause for x in clause)
            clause = set()
    return count


#: The module that offers dratify's compiled engine (cdclkit-native, a Rust DRAT checker in
#: a package apart from the solver that writes the proofs): about 14x faster here (CD 6's
#: 40,630-lemma proof at depth 2 and 2 gates: 30.8 s in Python, 2.2 s native).
NATIVE_ENGINE = "cdclkit_native"


def checker_engine(prefer: str = "auto") -> str:
    """"native" when cdclkit-native is installed (and not refused), else "python"."""
    if prefer == "python":
        return "python"
    try:
        native = __import__(NATIVE_ENGINE)
    except ImportError:
        if prefer == "native":
            raise InputError("the native checker engine needs cdclkit-native: pip install "
                             "'minckt[certify]'") from None
        return "python"
    import dratify

    dratify.register_native(native)
    return "native"


def _checker_version(engine: str) -> str:
    version = metadata.version(CHECKER)
    if engine == "native":
        return f"{version} (native engine: cdclkit-native {metadata.version('cdclkit-native')})"
    return f"{version} (python engine)"


def verify_proof(cnf_text: str, proof_text: str, engine: str = "auto") -> tuple[bool, str]:
    """(accepted, message): does the text DRAT proof refute the DIMACS formula?

    dratify checks every step forward (RUP, then RAT), with its compiled engine when
    cdclkit-native is installed (`checker_engine`) and its pure-Python one otherwise or when
    `engine` is "python".  A header that disagrees with the clauses is a rejection, except
    for the tautologies dratify drops.
    """
    import dratify

    engine = checker_engine(engine)

    try:
        formula = dratify.parse_dimacs(cnf_text)
        if formula.header_mismatch is not None:
            declared, parsed = formula.header_mismatch
            if declared - parsed != _tautologies(cnf_text):
                return False, (f"the DIMACS header does not match its clauses: it declares "
                               f"{declared} clauses, {parsed} were read (variables: "
                               f"{formula.nvars} used)")
        result = dratify.check_proof(formula, proof_text, engine=engine)
    except ValueError as err:
        return False, f"malformed input: {err}"
    return bool(result.ok), result.report()


# -- one attempt: solve, then check (in this process or a forked child) ----------------------
def _solve_and_check(cnf_text: str, clauses: list[list[int]], proof_path: str | None,
                     send: Callable[[tuple], None]) -> None:
    """Solve with proof logging and check; report ("sat",), ("solved", lemmas, solve_s),
    ("checked", ok, detail, check_s) or ("error", message) through `send`."""
    from pysat.solvers import Solver

    try:
        started = time.perf_counter()
        with Solver(name=SOLVER, bootstrap_with=clauses, with_proof=True) as solver:
            outcome = solver.solve()
            proof = None if outcome else solver.get_proof()
        solve_s = time.perf_counter() - started
        if outcome:
            send(("sat",))
            return
        if proof is None:  # python-sat keeps no proof; reported like any other failure
            raise RuntimeError(f"{SOLVER} returned no proof")
        proof_text = "".join(line + "\n" for line in proof)
        send(("solved", sum(1 for line in proof if not line.startswith("d")), solve_s))
        if proof_path is not None:  # whole or absent: a killed child leaves only the .part
            with open(proof_path + ".part", "w", encoding="ascii") as out:
                out.write(proof_text)
            os.replace(proof_path + ".part", proof_path)
        started = time.perf_counter()
        ok, detail = verify_proof(cnf_text, proof_text)
        send(("checked", ok, detail, time.perf_counter() - started))
    except Exception as err:  # noqa: BLE001 -- reported to the caller, who raises
        send(("error", f"{type(err).__name__}: {err}"))


def _child(conn, parent: int, cnf_text: str, clauses: list[list[int]],
           proof_path: str | None) -> None:
    child_started(parent)  # a killed search must not leave a solver running
    try:
        _solve_and_check(cnf_text, clauses, proof_path, conn.send)
    except (BrokenPipeError, OSError):
        pass
    finally:
        conn.close()


def _run_in_child(cnf_text: str, clauses: list[list[int]], proof_path: str | None,
                  time_limit: float) -> tuple[list[tuple], tuple[CertStatus, str] | None]:
    """Messages of the attempt, and (status, why) when it stopped early (None: finished)."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, daemon=True,
                               args=(send, os.getpid(), cnf_text, clauses, proof_path))
    process.start()
    send.close()
    deadline = time.perf_counter() + time_limit
    messages: list[tuple] = []
    stopped: tuple[CertStatus, str] | None = None
    try:
        while not messages or messages[-1][0] == "solved":
            left = deadline - time.perf_counter()
            if left <= 0 or not receive.poll(left):
                stopped = CertStatus.TIMEOUT, f"time limit {time_limit:g} s passed"
                break
            try:
                messages.append(receive.recv())
            except EOFError:
                process.join(1.0)
                stopped = CertStatus.FAILED, ("the solver/checker process died (exit code "
                                              f"{process.exitcode})")
                break
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    return messages, stopped


# -- kept files ------------------------------------------------------------------------------
def _reserve(keep_dir: str, stem: str, data: bytes) -> tuple[str, str]:
    """Write STEM.cnf under a stem no earlier file uses (STEM, STEM-2, ...); (cnf, drat)."""
    if not stem or os.sep in stem or (os.altsep and os.altsep in stem):
        raise InternalError(f"certificate stem {stem!r} must be a plain file name")
    os.makedirs(keep_dir, exist_ok=True)
    for k in range(1, 1_000_000):
        name = stem if k == 1 else f"{stem}-{k}"
        cnf_path = os.path.join(keep_dir, name + ".cnf")
        drat_path = os.path.join(keep_dir, name + ".drat")
        if os.path.exists(drat_path):
            continue
        try:
            with open(cnf_path, "xb") as out:  # "x": never overwrite, even in a race
                out.write(data)
        except FileExistsError:
            continue
        return cnf_path, drat_path
    raise InternalError(f"no free certificate file name for stem {stem!r} in {keep_dir}")


# -- the public entry ------------------------------------------------------------------------
def certify_unsat(clauses: Sequence[Sequence[int]], assumptions: Sequence[int], *, step: str,
                  covers: Sequence[str], stem: str, keep_dir: str | None = None,
                  comments: Sequence[str] = (), time_limit: float | None = None
                  ) -> StepCertificate:
    """Certificate that `clauses` with each assumption as a unit clause is unsatisfiable:
    a fresh CaDiCaL refutes the DIMACS formula and dratify checks the DRAT proof.

    Returns status "verified" (with the lemma count), "failed" (proof rejected or not
    obtained; the checker's message in `detail`) or "timeout".  Raises `InternalError` when
    the formula is satisfiable: the search's UNSAT was wrong.  With `keep_dir`, STEM.cnf and
    STEM.drat are written there (the stem gets -2, -3, ... rather than overwrite a file).
    """
    if time_limit is not None and time_limit <= 0:
        raise InternalError(f"certify_unsat: time limit {time_limit!r} is not positive")
    started = time.perf_counter()
    cnf_text, variables, count = dimacs(clauses, assumptions, comments)
    data = cnf_text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    files: tuple[str, ...] = ()
    proof_path = None
    if keep_dir is not None:
        cnf_path, proof_path = _reserve(keep_dir, stem, data)
        files = (cnf_path,)
    formula = [list(c) for c in clauses] + [[lit] for lit in assumptions]
    if time_limit is None:
        messages: list[tuple] = []
        _solve_and_check(cnf_text, formula, proof_path, messages.append)
        stopped = None
    else:
        messages, stopped = _run_in_child(cnf_text, formula, proof_path, time_limit)
    checker_version, solver = _versions()
    kinds = {m[0]: m for m in messages}
    where = f" (CNF kept at {files[0]})" if files else ""
    if "error" in kinds:
        raise InternalError(f"certifying {step!r}: the solve/check failed: "
                            f"{kinds['error'][1]}{where}")
    if "sat" in kinds:
        raise InternalError(f"{step!r} was reported UNSAT, but {solver} finds its CNF "
                            f"({variables} variables, {count} clauses with {len(assumptions)} "
                            f"assumption units, sha256 {digest[:16]}) satisfiable{where}")
    lemmas = solve_s = check_s = None
    if "solved" in kinds:
        _, lemmas, solve_s = kinds["solved"]
        if proof_path is not None and os.path.exists(proof_path):
            files = (*files, proof_path)
    if "checked" in kinds:
        _, ok, detail, check_s = kinds["checked"]
        status = CertStatus.VERIFIED if ok else CertStatus.FAILED
    elif stopped is None:
        raise InternalError(f"certifying {step!r}: the solve/check ended without a verdict")
    else:
        status, why = stopped
        done = "solved UNSAT, proof check unfinished" if solve_s is not None else "solve unfinished"
        detail = f"{why}: {done}"
        if proof_path is not None and os.path.exists(proof_path + ".part"):
            os.remove(proof_path + ".part")
    return StepCertificate(
        step=step, status=status, checker=CHECKER, checker_version=checker_version,
        solver=solver, cnf_sha256=digest, variables=variables, clauses=count, lemmas=lemmas,
        time_s=time.perf_counter() - started, covers=tuple(covers), files=files, detail=detail,
        solve_s=solve_s, check_s=check_s)
