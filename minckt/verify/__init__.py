"""The independent check of every answer: the evaluator's verification of a circuit against
its spec and limits (`check`), and DRAT proofs with their checker (`proof`)."""

from minckt.verify.check import (
    architecture_problems, computes, first_mismatch, layer_assignment, verify)

__all__ = ["verify", "computes", "first_mismatch", "architecture_problems", "layer_assignment"]
