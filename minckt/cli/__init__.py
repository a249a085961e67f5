"""Command line: ``minckt VERB ...`` (``minckt --help`` lists the verbs).

Thin by design: this module holds the argument parser and `main`; each verb is a module of
its own (`solve`, `bench`, `rank`, `bounds`, `sweep`, `export`, `report`, `study`,
`verify`, `lookup`), a thin
wrapper
over library calls that parses nothing and prints its output, with what they share in
`common`.  User errors print one line naming what was wrong and exit with status 2; an
internal error (a bug) prints its traceback and exits with 3; an interrupt exits with 130
(SIGINT) or the status of `lifecycle.Interrupted` (SIGTERM).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import Callable, Sequence, TextIO

from minckt.cli import (bench, bounds, export, lookup, rank, report, solve, study, sweep,
                        verify)
from minckt.cli.common import CIRCUIT_FORMATS, EXIT_UNKNOWN
from minckt.core.problem import AXES
from minckt.errors import InternalError, MincktError
from minckt.version import __version__

__all__ = ["main", "parser", "VERBS"]

#: Each verb's function: (parsed arguments, standard output) -> exit status.  The verb
#: modules import the library inside these, so `minckt --version` loads no solver.
VERBS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "solve": solve.run, "bench": bench.run, "rank": rank.run, "bounds": bounds.run,
    "sweep": sweep.run, "export": export.run, "report": report.run, "study": study.run,
    "verify": verify.run, "lookup": lookup.run,
}


def parser() -> argparse.ArgumentParser:
    """The argparse table of every verb (one table, long by nature)."""
    top = argparse.ArgumentParser(prog="minckt", description="Exact search for minimal "
                                  "threshold circuits (size, depth, energy, weight).")
    top.add_argument("--version", action="version", version=f"minckt {__version__}")
    verbs = top.add_subparsers(dest="verb", required=True)
    solve_p = verbs.add_parser(
        "solve", help="solve every instance of a TOML instance file, or one question given "
        "on the command line (FUNCTION --n N or --table HEX --n N)")
    solve_p.add_argument("file", type=Path, nargs="?", metavar="FILE|FUNCTION",
                         help="instance file (TOML, see README); with --n or --table, the "
                              "family of a question asked on the command line (e.g. PARITY)")
    question = solve_p.add_argument_group(
        "a question on the command line (instead of a file; the keys of an instance file)")
    question.add_argument("--n", type=int, help="number of inputs")
    question.add_argument("--table", help="truth table, e.g. 0xE8 (several outputs: "
                          "0xE8,0x96)")
    question.add_argument("--care", help="care set as a table (other rows are don't-cares)")
    question.add_argument("--function-file", type=Path, metavar="FILE",
                          help="the function from a file: .pla (don't-cares kept), a "
                               "truth-table file (.tt/.truth/.txt, first line) or a circuit "
                               "(.blif, .aag, .aig, .bench, .json) read as what it computes")
    question.add_argument("--param", action="append", metavar="KEY=VALUE",
                          help="a family parameter (k, m, seed, outputs, N, labels, pairs), "
                               "the value as in TOML (pairs=[[1,2],[3,4]]); repeatable")
    question.add_argument("--minimize", metavar="RESOURCE",
                          help=f"least {' | '.join(AXES)}")
    question.add_argument("--frontier", metavar="R1,R2[,R3]",
                          help="Pareto frontier over two or three resources")
    for axis in AXES:
        question.add_argument(f"--{axis}", type=int, metavar="V", help=f"limit: {axis} <= V")
    question.add_argument("--gate", help="gate model: threshold (default), relu, sigmoid, "
                          "aig, xaig, full2, mig")
    question.add_argument("--resolution", type=int, help="R of relu / sigmoid gates")
    question.add_argument("--conditional", action="store_true", help="gates may carry guards")
    question.add_argument("--layers", metavar="H1,..,M",
                          help="a layered network: hidden widths, then the outputs")
    question.add_argument("--name", help="the question's name in the results (default: "
                          "the function and n)")
    solve_p.add_argument("--out", type=Path, help="write JSON lines, one object per instance "
                         "(an existing non-empty file is refused without --append or --force);"
                         " '-' streams them to stdout and the table to stderr")
    solve_p.add_argument("--append", action="store_true",
                         help="add the results to an existing --out file")
    solve_p.add_argument("--force", action="store_true",
                         help="replace an existing --out file (emptied at the first result)")
    solve_p.add_argument("--only", action="append", metavar="NAME",
                         help="solve only this instance (repeatable)")
    solve_p.add_argument("--backend", help="override every instance's backend")
    solve_p.add_argument("--time-limit", type=float, help="override the seconds per instance")
    solve_p.add_argument("--workers", type=int, help="solver threads")
    solve_p.add_argument("--dump", "--dump-cnf", metavar="DIR", dest="dump",
                         help="write each encoded problem to DIR (DIMACS with comments naming "
                              "each variable for cnf; CP-SAT model text for cpsat)")
    solve_p.add_argument("--store", metavar="DB",
                         help="SQLite results database: every result is written as it completes, "
                              "and an instance already answered there is read back")
    solve_p.add_argument("--resolve", action="store_true",
                         help="with --store: solve every instance again and replace its row")
    solve_p.add_argument("--certify", action="store_true",
                         help="re-solve every UNSAT step an answer rests on as plain CNF with a "
                              "DRAT proof and check it (dratify); results carry a certificate")
    solve_p.add_argument("--certify-dir", metavar="DIR",
                         help="with --certify (implied): keep each step's CNF and DRAT proof "
                              "there as STEM.cnf and STEM.drat")
    solve_p.add_argument("--show-circuits", action="store_true",
                         help="print every circuit found in readable form")
    solve_p.add_argument("--circuit-format", choices=CIRCUIT_FORMATS,
                         help="write every circuit found to --circuit-dir in this format "
                              "(NAME.EXT; a frontier's points NAME-1.EXT, ...)")
    solve_p.add_argument("--circuit-dir", type=Path, metavar="DIR",
                         help="directory of --circuit-format's files (default: ./circuits); an "
                              "existing file is refused without --force")
    talk = solve_p.add_mutually_exclusive_group()
    talk.add_argument("--quiet", "-q", action="store_true",
                      help="print nothing but errors (the JSON lines of --out - still go to "
                           "stdout)")
    talk.add_argument("--verbose", "-v", action="store_true",
                      help="also print each answer's circuit and the steps of its search")
    solve_p.add_argument("--strict", action="store_true",
                         help=f"exit with status {EXIT_UNKNOWN} when any answer is UNKNOWN")
    bench_p = verbs.add_parser("bench", help="run the benchmark suite or compare two runs")
    bench_p.add_argument("files", nargs="*", help="instance files (default: instances/bench/)")
    bench_p.add_argument("--configs", help="comma-separated configs (default: default,core); "
                         "with --compare, OLD_CONFIG,NEW_CONFIG to compare two configs")
    bench_p.add_argument("--time-limit", type=float,
                         help="seconds per instance and config (default: the instance's "
                              "time_limit, else 60)")
    bench_p.add_argument("--only", action="append", metavar="NAME", help="run only this instance")
    bench_p.add_argument("--out", help="write the JSON report here (an existing non-empty "
                         "file is refused without --force)")
    bench_p.add_argument("--force", action="store_true", help="replace an existing --out file")
    bench_p.add_argument("--npn", type=int, metavar="N",
                         help="minimise the size of one function per NPN class of N inputs "
                              "(alone, or after the files given)")
    bench_p.add_argument("--sample", type=int, metavar="K",
                         help="with --npn: only K classes, seeded (as minckt sweep --sample)")
    bench_p.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    bench_p.add_argument("--peers", nargs="?", const="", metavar="NAMES",
                         help="also run the installed peers (abc, cirbo; comma-separated to "
                              "choose) on the Boolean-basis instances; a missing one is skipped")
    bench_p.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"),
                         help="compare two reports: ratios old/new and optima")
    bench_p.add_argument("--field", default="time_s",
                         help="figure compared: time_s, unsat_s, sat_s, solve_s (default time_s)")
    rank_p = verbs.add_parser("rank", help="communication rank rk(f), 0/1 and ±1 matrices")
    rank_p.add_argument("function", nargs="?", help="family name (CD, IP, EQ, ...)")
    rank_p.add_argument("--n", type=int, required=True, help="number of inputs")
    rank_p.add_argument("--table", help="a truth table instead of a family (hex, MSB first)")
    rank_p.add_argument("--k", type=int, help="family parameter k (THR, EXACT)")
    rank_p.add_argument("--m", type=int, help="family parameter m (MOD)")
    rank_p.add_argument("--seed", type=int, help="family parameter seed (RANDOM)")
    bounds_p = verbs.add_parser("bounds", help="every applicable lower bound for each instance")
    bounds_p.add_argument("file", type=Path, help="instance file (TOML)")
    bounds_p.add_argument("--only", action="append", metavar="NAME")
    sweep_p = verbs.add_parser("sweep", help="one question asked of every NPN class of N-input "
                               "functions (NP classes for energy), or of the sources of a sweep "
                               "file, in parallel, into a store")
    sweep_p.add_argument("file", nargs="?", type=Path,
                         help="a sweep file (TOML: a task template and sources of functions, "
                              "see README); or --npn")
    sweep_p.add_argument("--npn", type=int, metavar="N",
                         help="inputs of the functions (0..5; 5 enumerates 616,126 classes)")
    sweep_p.add_argument("--minimize", metavar="AXIS",
                         help="with --npn: the resource minimised (default size)")
    sweep_p.add_argument("--sample", type=int, metavar="K", help="only K classes, seeded")
    sweep_p.add_argument("--seed", type=int, help="seed of --sample (default 0)")
    sweep_p.add_argument("--time-limit", type=float,
                         help="seconds per class or function (replaces a sweep file's)")
    sweep_p.add_argument("--store", metavar="DB", help="SQLite results database (resumable)")
    sweep_p.add_argument("--workers", type=int, default=1, metavar="K",
                         help="processes solving classes side by side (default 1); with "
                              "--dask, tasks in flight per round")
    sweep_p.add_argument("--dask", metavar="ADDRESS",
                         help="solve on the Dask distributed cluster at this scheduler address "
                              "(tcp://127.0.0.1:8786); only this process writes the store")
    export_p = verbs.add_parser("export", help="write the records of a results database "
                                "(minckt solve --store) as JSON lines or CSV")
    export_p.add_argument("db", type=Path, help="the SQLite results database")
    export_p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export_p.add_argument("--where", action="append", metavar="FIELD=VALUE",
                          help="keep records whose field equals the value (repeatable), "
                               "e.g. status=OPTIMAL")
    report_p = verbs.add_parser("report", help="tables, plots and circuit drawings: each optimum "
                                "beside the proven lower bounds")
    report_p.add_argument("results", nargs="+", type=Path,
                          help="JSON-lines results written by `minckt solve --out`")
    report_p.add_argument("--out-dir", type=Path, default=Path("report"),
                          help="directory for the files (default: ./report)")
    report_p.add_argument("--tables", default="md,csv,tex",
                          help="table formats, comma-separated (default md,csv,tex)")
    report_p.add_argument("--no-plots", action="store_true", help="skip the matplotlib plots")
    report_p.add_argument("--no-drawings", action="store_true",
                          help="skip the circuit drawings")
    verify_p = verbs.add_parser(
        "verify", help="check a circuit file (JSON, BLIF, AIGER, BENCH) against a function "
        "and print its resources")
    verify_p.add_argument("circuit", type=Path, help="the circuit: .json, .blif, .aag, .aig "
                          "or .bench")
    verify_p.add_argument("function", nargs="?", help="a family (e.g. PARITY), with --n")
    verify_p.add_argument("--n", type=int, help="number of inputs")
    verify_p.add_argument("--table", help="the function as a truth table (several outputs: "
                          "0xE8,0x96)")
    verify_p.add_argument("--param", action="append", metavar="KEY=VALUE",
                          help="a family parameter, as for minckt solve; repeatable")
    verify_p.add_argument("--against", type=Path, metavar="FILE",
                          help="the function from a file: .pla, a truth-table file (its first "
                               "line) or another circuit file")
    verify_p.add_argument("--gate", help="also check that every gate is of this model")
    verify_p.add_argument("--resolution", type=int, help="R of relu / sigmoid gates")
    lookup.add_parser(verbs)
    study_p = verbs.add_parser("study", help="run a study end to end into a store, then its "
                               "tables and figures (resumes from the store)")
    study_p.add_argument("name", choices=("memorization", "superposition", "size-growth"),
                         help="the study")
    study_p.add_argument("--store", type=Path, required=True,
                         help="SQLite results database: answers and measurements are kept "
                              "there as they complete and read back on the next run")
    study_p.add_argument("--instances", type=Path, action="append",
                         help="instance file of the exact questions (e.g. "
                              "instances/memorization.toml; repeat for several); without it "
                              "only constructions (size-growth needs one)")
    study_p.add_argument("--out-dir", type=Path, default=Path("report"),
                         help="directory for the tables and figures (default: ./report)")
    study_p.add_argument("--time-limit", type=float,
                         help="override the seconds per exact question")
    study_p.add_argument("--inputs", default="16,32",
                         help="memorization: n of the construction data sets (default "
                              "16,32)")
    study_p.add_argument("--largest", type=int,
                         help="largest N of the memorization data sets (default 4096), or "
                              "largest m of the superposition pair lists (default 1024)")
    study_p.add_argument("--seeds", default="1,2,3",
                         help="memorization: seeds of the construction data sets (default "
                              "1,2,3)")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``minckt`` console script."""
    if argv is None:  # the console script: SIGINT / SIGTERM stop it cleanly
        from minckt.lifecycle import install_handlers

        install_handlers()
    args = parser().parse_args(argv)
    try:
        return VERBS[args.verb](args, sys.stdout)
    except InternalError:
        traceback.print_exc()
        print("minckt: internal error (a bug in minckt); please report it with the "
              "traceback above", file=sys.stderr)
        return 3
    except MincktError as err:
        print(f"minckt: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:  # `lifecycle.Interrupted` for SIGTERM too
        print(f"minckt: interrupted by {str(err) or 'SIGINT'}; the results completed before "
              "it are kept, no solver process is left", file=sys.stderr)
        return getattr(err, "exit_code", 130)
    except BrokenPipeError:  # output piped into a program that stopped reading (head)
        sys.stderr.close()
        return 0
    except Exception:  # noqa: BLE001 -- anything but a user error is a bug in minckt
        traceback.print_exc()
        print("minckt: internal error (a bug in minckt); please report it with the "
              "traceback above", file=sys.stderr)
        return 3
