"""The Literal types of the signatures name exactly the values the code accepts."""

from __future__ import annotations

import typing

from minckt.core.problem import AXES, MODEL_KINDS, Axis, ModelKind


def test_the_axis_type_names_every_resource_and_nothing_else():
    assert typing.get_args(Axis) == AXES


def test_the_model_kind_type_names_every_gate_model_and_nothing_else():
    assert typing.get_args(ModelKind) == MODEL_KINDS
