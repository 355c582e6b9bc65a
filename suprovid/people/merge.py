"""Merge hooks: each app says how its rows about a person join the survivor of a merge.

`person_merge` moves every row pointing at the duplicate to the target, dropping rows that
would duplicate one the target already has. A model whose rows must be *combined* instead
(a counter) registers a hook from its `AppConfig.ready()`:

    register_merge_hook("programmes.limitusage", merge_limit_usage)

A hook gets `(target, duplicate)`, does the whole job for its model inside the merge's
transaction and returns (moved ids, dropped ids) for the audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MergeHook = Callable[[Any, Any], tuple[list[Any], list[Any]]]

MERGE_HOOKS: dict[str, MergeHook] = {}


def register_merge_hook(model_label: str, hook: MergeHook) -> None:
    """`model_label` is `app_label.modelname` in lower case."""
    MERGE_HOOKS[model_label.lower()] = hook


# Preconditions other apps put on a merge: each gets (target, duplicate) inside the merge's
# transaction, after both rows are locked, and raises `ValidationError` to refuse it.
MergeCheck = Callable[[Any, Any], None]

MERGE_CHECKS: list[MergeCheck] = []


def register_merge_check(check: MergeCheck) -> None:
    if check not in MERGE_CHECKS:
        MERGE_CHECKS.append(check)
