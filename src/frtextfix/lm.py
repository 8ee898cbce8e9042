"""Word-bigram language model with interpolated Kneser-Ney smoothing.

Why a bigram model: a whole-word synonym swap (``la`` → ``une``, ``vers`` → ``environ``) yields
real words, so spotting and undoing it needs context; the left and right neighbours of a token
already separate ``beaucoup de`` from ``beaucoup du``. Kneser-Ney gives well-behaved
probabilities for rare pairs, and a bigram table fits in a few MB and loads in well under a
second.

Model, for a word ``w`` after ``v`` (counts from the train split, ``D`` the absolute
discount)::

    P(w | v) = max(c(v, w) - D, 0) / c(v)  +  γ(v) · Pc(w)
    Pc(w)    = N1+(•w) / N1+(••)          (continuation probability)
    γ(v)     = (D · N1+(v•) + (1 - D) · N1(v•)) / c(v)

Bigrams seen once are pruned from the shipped table; γ(v) gives their discounted mass back to
the lower order so that every ``P(· | v)`` still sums to one over the full training vocabulary.
Words that are not in the table (pruned hapaxes and truly unseen words) share one floor
probability: half the average continuation probability of the pruned words, so an unknown
string is a bit less likely than a word seen once — never impossible (open vocabulary).

All arguments are lookup keys (NFC, lower case, see :func:`frtextfix.tokenize.normalize`);
``<s>`` and ``</s>`` mark sentence boundaries.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Any

BOS = "<s>"
EOS = "</s>"

__all__ = ["BOS", "EOS", "BigramLM"]


def _u32(raw: bytes) -> array[int]:
    arr = array("I")
    arr.frombytes(raw)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr


class BigramLM:
    """Read-only interpolated Kneser-Ney bigram model (see the module docstring).

    Build it with :meth:`from_data` (or get the shipped one from
    :func:`frtextfix.resources.language_model`). Lookups are a few dict gets and list indexes.
    """

    __slots__ = (
        "_bigrams",
        "_counts",
        "_discount",
        "_gamma",
        "_ids",
        "_inv_ctx",
        "_log_tokens",
        "_log_unk_p",
        "_n",
        "_pc",
        "_tokens",
        "_unk_p",
        "header",
    )

    def __init__(
        self,
        vocab: Sequence[str],
        counts: Sequence[int],
        left: Sequence[int],
        right: Sequence[int],
        right1: Sequence[int],
        bigrams: Mapping[tuple[int, int], int],
        bigram_types: int,
        types: int,
        discount: float,
        header: Mapping[str, Any] | None = None,
    ) -> None:
        """Low-level constructor: per-word arrays indexed like ``vocab``, bigrams by id pair.

        ``bigram_types`` is N1+(••) and ``types`` the number of word types before pruning
        (both needed for the open-vocabulary floor).
        """
        n = len(vocab)
        self._ids: dict[str, int] = {w: i for i, w in enumerate(vocab)}
        self._counts: list[int] = list(counts)
        self._n = n
        self._bigrams: dict[int, int] = {v * n + w: c for (v, w), c in bigrams.items()}
        self._init_derived(left, right, right1, bigram_types, types, discount, header)

    def _init_derived(
        self,
        left: Sequence[int],
        right: Sequence[int],
        right1: Sequence[int],
        bigram_types: int,
        types: int,
        discount: float,
        header: Mapping[str, Any] | None,
    ) -> None:
        eos = self._ids.get(EOS)
        d = discount
        self._discount = d
        self.header: dict[str, Any] = dict(header or {})
        self._pc: list[float] = [x / bigram_types for x in left]
        # Context count of v = number of times v is followed by a word = c(v), except </s>.
        ctx = [0 if i == eos else c for i, c in enumerate(self._counts)]
        self._inv_ctx: list[float] = [1.0 / c if c else 0.0 for c in ctx]
        self._gamma: list[float] = [
            (d * r + (1.0 - d) * r1) / c if c else 1.0 for c, r, r1 in zip(ctx, right, right1)
        ]
        pruned_mass = max(bigram_types - sum(left), 1)
        pruned_types = max(types - (self._n - 2), 1)
        self._unk_p = 0.5 * pruned_mass / pruned_types / bigram_types
        self._log_unk_p = math.log(self._unk_p)
        bos = self._ids.get(BOS)
        self._tokens = sum(c for i, c in enumerate(self._counts) if i != bos)
        self._log_tokens = math.log(self._tokens)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BigramLM:
        """Build from the decoded ``fr_bigrams.msgpack.gz`` map (see ``scripts/build_lm.py``)."""
        self = cls.__new__(cls)
        vocab = data["vocab"].split("\n")
        n = len(vocab)
        self._ids = dict(zip(vocab, range(n)))
        self._n = n
        self._counts = _u32(data["count"]).tolist()
        keys = accumulate(_u32(data["bigram_key_delta"]))
        self._bigrams = dict(zip(keys, _u32(data["bigram_count"])))
        self._init_derived(
            _u32(data["left"]).tolist(),
            _u32(data["right"]).tolist(),
            _u32(data["right1"]).tolist(),
            int(data["bigram_types"]),
            int(data["types"]),
            float(data["discount"]),
            data.get("header"),
        )
        return self

    # ------------------------------------------------------------------ probabilities

    def logprob(self, word: str, prev: str) -> float:
        """ln P(word | prev); finite for any strings (unknowns get the open-vocabulary floor)."""
        ids = self._ids
        wi = ids.get(word)
        p_low = self._pc[wi] if wi is not None else 0.0
        if p_low == 0.0:
            p_low = self._unk_p
        vi = ids.get(prev)
        if vi is None:
            return math.log(p_low)
        p = self._gamma[vi] * p_low
        if wi is not None:
            c = self._bigrams.get(vi * self._n + wi)
            if c:
                p += (c - self._discount) * self._inv_ctx[vi]
        return math.log(p)

    def continuation_logprob(self, word: str) -> float:
        """ln Pc(word): the KN lower order, i.e. how readily ``word`` follows new contexts."""
        wi = self._ids.get(word)
        p = self._pc[wi] if wi is not None else 0.0
        return math.log(p) if p > 0.0 else self._log_unk_p

    def unigram_logprob(self, word: str) -> float:
        """ln of the relative frequency of ``word`` in the training text (plain, not KN).

        Unknown words get half the frequency of a word seen once.
        """
        wi = self._ids.get(word)
        c = self._counts[wi] if wi is not None else 0
        return (math.log(c) if c else math.log(0.5)) - self._log_tokens

    def sequence_logprob(self, words: Sequence[str]) -> float:
        """Sum of ``logprob(w_i, w_{i-1})`` over consecutive pairs.

        The first word is context only; pass ``["<s>", *words, "</s>"]`` for a full sentence.
        """
        lp = self.logprob
        return sum(lp(words[i], words[i - 1]) for i in range(1, len(words)))

    # ------------------------------------------------------------------ counts

    def count(self, word: str) -> int:
        """Training count of ``word`` (0 if unseen or pruned, i.e. seen fewer than 2 times)."""
        wi = self._ids.get(word)
        return self._counts[wi] if wi is not None else 0

    def bigram_count(self, prev: str, word: str) -> int:
        """Training count of ``prev word`` (0 if unseen or pruned, i.e. seen once)."""
        vi = self._ids.get(prev)
        wi = self._ids.get(word)
        if vi is None or wi is None:
            return 0
        return self._bigrams.get(vi * self._n + wi, 0)

    def vocabulary(self) -> list[str]:
        """Every word of the model (``<s>`` and ``</s>`` included)."""
        return list(self._ids)

    def __contains__(self, word: object) -> bool:
        return word in self._ids

    def __len__(self) -> int:
        """Vocabulary size (including ``<s>`` and ``</s>``)."""
        return self._n

    @property
    def discount(self) -> float:
        """The absolute discount D."""
        return self._discount

    @property
    def tokens(self) -> int:
        """Number of training tokens (``</s>`` included, ``<s>`` not)."""
        return self._tokens

    def __repr__(self) -> str:
        return (
            f"BigramLM(vocab={self._n}, bigrams={len(self._bigrams)}, "
            f"discount={self._discount:.3f})"
        )
