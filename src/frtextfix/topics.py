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
from array import array
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


def _dot(a: Vector, b: Sequence[float]) -> float:
    return math.fsum(x * y for x, y in zip(a, b))


class TopicContext:
    """The subject around each sentence of one document: the sum of its content words'
    vectors over ``UNIT_REACH`` sentences either side (worked out on demand)."""

    def __init__(self, model: TopicModel, forms: Sequence[str],
                 unit_ranges: Sequence[range]) -> None:
        self._model = model
        self._forms = forms
        self._ranges = unit_ranges
        self._units: dict[int, tuple[list[float], dict[str, int]]] = {}
        self._around: dict[int, list[float]] = {}
        self._counts: dict[int, dict[str, int]] = {}

    def _unit(self, u: int) -> tuple[list[float], dict[str, int]]:
        found = self._units.get(u)
        if found is None:
            total = [0.0] * self._model.dim
            counts: dict[str, int] = {}
            vector = self._model.vector
            for i in self._ranges[u]:
                form = self._forms[i]
                v = vector(form)
                if v is not None:
                    total = [a + b for a, b in zip(total, v)]
                    counts[form] = counts.get(form, 0) + 1
            found = self._units[u] = (total, counts)
        return found

    def _sum_around(self, u: int) -> tuple[list[float], dict[str, int]]:
        total = self._around.get(u)
        if total is None:
            total = [0.0] * self._model.dim
            counts: dict[str, int] = {}
            for w in range(max(0, u - UNIT_REACH), min(len(self._ranges), u + UNIT_REACH + 1)):
                part, c = self._unit(w)
                total = [a + b for a, b in zip(total, part)]
                for form, n in c.items():
                    counts[form] = counts.get(form, 0) + n
            self._around[u] = total
            self._counts[u] = counts
        return total, self._counts[u]

    def gap(self, unit: int, original: str, replacement: str) -> float | None:
        """cos(original, context) − cos(replacement, context), the context being the words
        around ``unit`` without the replacement's own occurrences; None when either word or
        the context is unknown to the model."""
        vo = self._model.vector(original)
        vs = self._model.vector(replacement)
        if vo is None or vs is None:
            return None
        total, counts = self._sum_around(unit)
        n = counts.get(replacement, 0)
        context = [a - n * b for a, b in zip(total, vs)] if n else total
        norm = math.sqrt(_dot(tuple(context), context))
        if norm < 1e-6:
            return None
        return (_dot(vo, context) - _dot(vs, context)) / norm
