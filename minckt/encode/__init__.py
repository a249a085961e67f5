"""Encodings of "is there a circuit with these resources computing this spec?".

`task` says what an encoding is asked and answers (`Task`, `Answer`, `Session`, `Backend`
with its `Capabilities`); `registry` names the backends; `choose` resolves "auto".  One
module per encoding: `cnf` (order-encoded weights), `cpsat` (OR-Tools CP-SAT), `lazy`
(separability by LP), `library` (threshold-function library, "tlib"), `chain` (Boolean
bases); `incremental`, `isolate`, `intvars`, `guards`, `symmetry` and `architecture` are
their shared parts.
"""

from minckt.encode.choose import refusal, resolve_backend
from minckt.encode.registry import backend_names, get_backend, register
from minckt.encode.task import Answer, Backend, BaseBackend, Capabilities, Session, Task

__all__ = ["Task", "Answer", "Session", "Backend", "BaseBackend", "Capabilities", "register",
           "get_backend", "backend_names", "resolve_backend", "refusal"]
