"""Sentence confidences (placeholder model; calibrated later)."""

from __future__ import annotations

from collections.abc import Sequence

from .tokenize import sentence_spans
from .types import Edit, Rule, Sentence


def score_sentences(
    text: str, original: str, edits: Sequence[Edit], rules: Sequence[Rule], *, after: bool
) -> list[Sentence]:
    out = []
    for a, b in sentence_spans(text):
        out.append(Sentence(a, b, text[a:b], 1.0))
    return out
