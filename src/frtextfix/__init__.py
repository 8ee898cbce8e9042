"""frtextfix: repair French text damaged by content spinners.

>>> import frtextfix
>>> frtextfix.repair("Le chat dort.").text
'Le chat dort.'

``repair`` finds the substitution rules active in each stretch of the text, undoes them token
by token where the evidence allows, and scores every sentence. ``score`` scores the input
without repairing; ``detect`` reports the rules without applying them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .config import RepairConfig
from .repairer import Repairer
from .types import Edit, RepairResult, Rule, Sentence, apply_edits

__all__ = [
    "Edit",
    "RepairConfig",
    "RepairResult",
    "Repairer",
    "Rule",
    "Sentence",
    "apply_edits",
    "detect",
    "fix_text",
    "repair",
    "score",
]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def _default_repairer() -> Repairer:
    return Repairer()


def _repairer(kwargs: dict[str, Any]) -> Repairer:
    return Repairer(RepairConfig(**kwargs)) if kwargs else _default_repairer()


def repair(text: str, **config: Any) -> RepairResult:
    """Repair ``text``; keyword arguments override :class:`RepairConfig` fields."""
    return _repairer(config).repair(text)


def fix_text(text: str, **config: Any) -> str:
    """Just the repaired string (no explanation kept)."""
    return _repairer(config).repair(text).text


def score(text: str, **config: Any) -> list[Sentence]:
    """Per-sentence probability that the *input* is free of substitution damage."""
    return _repairer(config).score(text)


def detect(text: str, **config: Any) -> list[Rule]:
    """The substitution rules found in ``text``, without repairing it."""
    return _repairer(config).detect(text)
