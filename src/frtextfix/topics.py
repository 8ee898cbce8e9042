"""What a text is about, word by word: evidence for content-word swaps.

A spinner's content-word swap (``pays`` → ``race``, ``croissance`` → ``essor``) leaves a real
word that often reads well between its neighbours, so the language model, which sees two
words either side, says little. What gives it away is the subject: ``race`` stands in an article
on Guinea's oil and its president, where ``pays`` belongs. :class:`TopicModel` holds a short
vector per content word (``scripts/build_topics.py``: words that share documents point the same
way); :class:`TopicContext` sums the vectors of the words around a token, and
:meth:`TopicContext.gap` says how much better the original fits that subject than the
replacement (cosines, in [-2, 2]). The rule engine turns the gap into nats
(``rules.TOPIC_WEIGHT``), measured on the tune split.
"""

from __future__ import annotations

import math
import operator
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import Any

# Sentences either side of a token whose words make its context: an article's subject
# carries across paragraphs, a neighbouring article's (in a multi-article page) should not.
# Tune split, eight samples: 4 and 2 did as well as 8 (2 broke 8 more sound tokens than 4).
UNIT_REACH = 4

Vector = tuple[float, ...]


class TopicModel:
    """Unit vectors of content words (read-only; vectors decoded on first use)."""

    def __init__(self, words: Sequence[str], dim: int, raw: bytes) -> None:
        if len(raw) != len(words) * dim:
            raise ValueError("topic vectors do not match the word list")
        self.dim = dim
        self._row = {w: k for k, w in enumerate(words)}
        self._raw = array("b", raw)
        self._cache: dict[str, Vector] = {}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TopicModel:
        words = str(data["vocab"]).split("\n")
        return cls(words, int(data["dim"]), bytes(data["vectors"]))

    def __contains__(self, word: object) -> bool:
        return word in self._row

    def __len__(self) -> int:
        return len(self._row)

    def vector(self, word: str) -> Vector | None:
        """The word's unit vector, or None for a word the model does not hold (function
        words, rare words)."""
        v = self._cache.get(word)
        if v is None:
            k = self._row.get(word)
            if k is None:
                return None
            d = self.dim
            v = self._cache[word] = tuple(x / 127.0 for x in self._raw[k * d:(k + 1) * d])
        return v


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(map(operator.mul, a, b)))


class TopicContext:
    """The subject around each sentence of one document: the sum of its content words'
    vectors over ``UNIT_REACH`` sentences either side (running sums, made on first use)."""

    def __init__(self, model: TopicModel, forms: Sequence[str],
                 unit_ranges: Sequence[range]) -> None:
        self._model = model
        self._forms = forms
        self._ranges = unit_ranges
        # running sums of the vectors, sentence by sentence (made on first use), and the
        # sentences where each word stands, once per occurrence
        self._prefix: list[list[float]] | None = None
        self._form_units: dict[str, list[int]] = {}
        # (unit, replacement) -> the context as a unit vector, and the replacement's cosine
        # with it: every original weighed against one replacement shares them
        self._context: dict[tuple[int, str], tuple[list[float], float] | None] = {}

    def _sums(self) -> list[list[float]]:
        if self._prefix is None:
            vector = self._model.vector
            total = [0.0] * self._model.dim
            prefix = [total]
            for u, r in enumerate(self._ranges):
                for i in r:
                    form = self._forms[i]
                    v = vector(form)
                    if v is not None:
                        total = [a + b for a, b in zip(total, v)]
                        self._form_units.setdefault(form, []).append(u)
                prefix.append(total)
            self._prefix = prefix
        return self._prefix

    def _sum_around(self, u: int, form: str) -> tuple[list[float], int]:
        """The vectors summed over the sentences around ``u``, and how often ``form`` stands
        there."""
        prefix = self._sums()
        lo, hi = max(0, u - UNIT_REACH), min(len(self._ranges), u + UNIT_REACH + 1)
        total = [b - a for a, b in zip(prefix[lo], prefix[hi])]
        units = self._form_units.get(form, [])
        return total, bisect_left(units, hi) - bisect_left(units, lo)

    def gap(self, unit: int, original: str, replacement: str) -> float | None:
        """cos(original, context) − cos(replacement, context), the context being the words
        around ``unit`` without the replacement's own occurrences; None when either word or
        the context is unknown to the model."""
        vo = self._model.vector(original)
        if vo is None:
            return None
        key = (unit, replacement)
        if key in self._context:
            found = self._context[key]
        else:
            found = self._context[key] = self._unit_context(unit, replacement)
        if found is None:
            return None
        context, cos_s = found
        return _dot(vo, context) - cos_s

    def _unit_context(self, unit: int, replacement: str) -> tuple[list[float], float] | None:
        vs = self._model.vector(replacement)
        if vs is None:
            return None
        total, n = self._sum_around(unit, replacement)
        context = [a - n * b for a, b in zip(total, vs)] if n else total
        norm = math.sqrt(_dot(context, context))
        if norm < 1e-6:
            return None
        context = [a / norm for a in context]
        return context, _dot(vs, context)
