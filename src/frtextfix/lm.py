"""Word-bigram and trigram language models with interpolated Kneser-Ney smoothing.

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

The trigram model (:class:`TrigramLM`) interpolates the trigram counts with that bigram
distribution, with the modified-KN discounts ``D2``, ``D3+`` of the trigram count-of-counts::

    P(w | u v) = max(c(u v w) - D(c), 0) / c(u v)  +  γ(u v) · P(w | v)
    γ(u v)     = (N1(u v •) + D2 · N2(u v •) + D3+ · N3+(u v •)) / c(u v)

Trigrams seen once are pruned and give their whole count back to the bigram (the ``N1`` term),
so for a context ``u v`` with no trigram seen twice — and for any unseen or pruned context —
``P(w | u v)`` is exactly the bigram ``P(w | v)``. The lower order is the bigram model itself
(raw bigram counts, not KN continuation counts) so that the two models agree there.

All arguments are lookup keys (NFC, lower case, see :func:`frtextfix.tokenize.normalize`);
``<s>`` and ``</s>`` mark sentence boundaries.
"""

from __future__ import annotations

import math
import sys
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import accumulate
from typing import Any, cast

BOS = "<s>"
EOS = "</s>"

__all__ = ["BOS", "EOS", "BigramLM", "LetterModel", "TrigramLM"]

# Held while a model reads its trigram tables on first use
# (``TrigramLM.with_trigrams_on_first_use``).
_TRIGRAM_LOCK = threading.Lock()


def _u32(raw: bytes) -> array[int]:
    arr = array("I")
    arr.frombytes(raw)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr


def _array(typecode: str, raw: bytes) -> array[Any]:
    """Little-endian ``raw`` as an array of ``typecode`` ("Q": uint64, "d": float64)."""
    arr = array(typecode)
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


class TrigramLM(BigramLM):
    """Read-only interpolated Kneser-Ney trigram model over :class:`BigramLM`.

    Every :class:`BigramLM` method (``logprob``, ``sequence_logprob``, ``count``, …) is
    inherited unchanged and still answers with the bigram model, so a ``TrigramLM`` can stand in
    for a ``BigramLM``; the trigram order is reached through :meth:`logprob3`,
    :meth:`context_logprob` and :meth:`sequence_logprob3`. Build it with :meth:`from_data` (or
    get the shipped one from :func:`frtextfix.resources.language_model`).
    """

    __slots__ = (
        "_d2",
        "_d3",
        "_tri_count",
        "_tri_ctx",
        "_tri_gamma",
        "_tri_start",
        "_tri_word",
        "_trigram_source",
        "trigram_header",
    )

    _d2: float
    _d3: float
    # Context key u_id * V + v_id -> context index j, for the contexts with γ ≠ 1 (those
    # followed by a trigram seen twice or more). Context j has γ(u v) = _tri_gamma[j] and its
    # kept trigrams at positions _tri_start[j]:_tri_start[j + 1] of _tri_word (ascending word
    # ids) and _tri_count. Flat arrays rather than a dict keyed by trigram: about half the
    # load time and memory of the trigram part, for a short binary search per lookup.
    _tri_ctx: dict[int, int]
    _tri_gamma: list[float]
    _tri_start: array[int]
    _tri_word: array[int]
    _tri_count: array[int]
    trigram_header: dict[str, Any]
    _trigram_source: Callable[[], Mapping[str, Any]] | None

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], trigram_data: Mapping[str, Any] | None = None
    ) -> TrigramLM:
        """Build from the decoded bigram map and ``fr_trigrams.msgpack.gz`` map.

        Without ``trigram_data`` the model has no trigram (``logprob3`` is the bigram).
        """
        self = cast("TrigramLM", super().from_data(data))
        self._trigram_source = None
        self._set_trigrams(trigram_data)
        return self

    @classmethod
    def with_trigrams_on_first_use(
        cls, data: Mapping[str, Any], trigram_source: Callable[[], Mapping[str, Any]]
    ) -> TrigramLM:
        """:meth:`from_data` with the trigram tables read from ``trigram_source()`` when first
        needed: deciding that text is clean (the screen) takes the bigram model alone, so a
        process that starts on clean text does not wait for the trigrams."""
        self = cast("TrigramLM", super().from_data(data))
        self._trigram_source = trigram_source
        return self

    def __getattr__(self, name: str) -> Any:
        # Reached only for a slot not set yet: the trigram tables of a model made by
        # ``with_trigrams_on_first_use``, read here once (under a lock: another thread asking
        # meanwhile waits for the complete tables).
        if name not in _TRIGRAM_SLOTS:
            raise AttributeError(name)
        with _TRIGRAM_LOCK:
            try:
                return object.__getattribute__(self, name)  # read by another thread meanwhile
            except AttributeError:
                pass
            source = object.__getattribute__(self, "_trigram_source")
            if source is None:
                raise AttributeError(name)
            self._set_trigrams(source())
            self._trigram_source = None
            return object.__getattribute__(self, name)

    def _set_trigrams(self, trigram_data: Mapping[str, Any] | None) -> None:
        if trigram_data is None:
            self._tri_ctx = {}
            self._tri_gamma = []
            self._tri_start = array("I", [0])
            self._tri_word = array("I")
            self._tri_count = array("I")
            self._d2 = self._d3 = 0.0
            self.trigram_header = {}
            return
        if int(trigram_data["vocab_size"]) != self._n:
            raise ValueError("trigram data does not match the bigram vocabulary")
        _, d2, d3 = (float(x) for x in trigram_data["discounts"])
        contexts = accumulate(_u32(trigram_data["context_key_delta"]))
        tri_ctx = dict(zip(contexts, range(2**62)))
        tri_gamma = _array("d", trigram_data["context_gamma"]).tolist()
        tri_start = array("I", accumulate(_u32(trigram_data["context_size"]), initial=0))
        tri_word = _u32(trigram_data["trigram_word"])
        tri_count = _u32(trigram_data["trigram_count"])
        if not (
            len(tri_gamma) == len(tri_ctx) == len(tri_start) - 1
            and tri_start[-1] == len(tri_word) == len(tri_count)
        ):
            raise ValueError("inconsistent trigram tables")
        self.trigram_header = dict(trigram_data.get("header") or {})
        self._d2, self._d3 = d2, d3
        self._tri_gamma, self._tri_start = tri_gamma, tri_start
        self._tri_word, self._tri_count = tri_word, tri_count
        self._tri_ctx = tri_ctx

    def _p2(self, wi: int | None, vi: int | None) -> float:
        p_low = self._pc[wi] if wi is not None else 0.0
        if p_low == 0.0:
            p_low = self._unk_p
        if vi is None:
            return p_low
        p = self._gamma[vi] * p_low
        if wi is not None:
            c = self._bigrams.get(vi * self._n + wi)
            if c:
                p += (c - self._discount) * self._inv_ctx[vi]
        return p

    def _p3(self, wi: int | None, ui: int | None, vi: int | None) -> float:
        p = self._p2(wi, vi)
        if ui is None or vi is None:
            return p
        ctx = ui * self._n + vi
        j = self._tri_ctx.get(ctx)
        if j is None:  # unseen context, or only pruned trigrams: γ = 1
            return p
        p *= self._tri_gamma[j]
        if wi is not None:
            c = self._find(j, wi)
            if c:
                p += (c - (self._d2 if c == 2 else self._d3)) / self._bigrams[ctx]
        return p

    def _find(self, j: int, wi: int) -> int:
        """Count of the kept trigram (context j, word wi), 0 if none."""
        hi = self._tri_start[j + 1]
        i = bisect_left(self._tri_word, wi, self._tri_start[j], hi)
        return self._tri_count[i] if i < hi and self._tri_word[i] == wi else 0

    def logprob3(self, word: str, prev2: str, prev1: str) -> float:
        """ln P(word | prev2 prev1); finite for any strings.

        Equal to ``logprob(word, prev1)`` when the context ``prev2 prev1`` was never followed
        twice by the same word in training (unknown words included). At a sentence start pass
        ``prev2 = prev1 = "<s>"`` (the model then uses the bigram ``P(word | <s>)``).
        """
        ids = self._ids
        return math.log(self._p3(ids.get(word), ids.get(prev2), ids.get(prev1)))

    def context_logprob(self, prev2: str, prev1: str, word: str, next1: str, next2: str) -> float:
        """How well ``word`` fits between its neighbours, with trigram context on both sides.

        ln P(word | prev2 prev1) + ln P(next1 | prev1 word) + ln P(next2 | word next1); pass
        ``<s>`` / ``</s>`` at the sentence edges; if ``next1`` is ``</s>``, ``next2`` is
        ignored (nothing follows the end of the sentence).
        """
        ids = self._ids
        u, v, w, x = ids.get(prev2), ids.get(prev1), ids.get(word), ids.get(next1)
        p = self._p3(w, u, v) * self._p3(x, v, w)
        if next1 != EOS:
            p *= self._p3(ids.get(next2), w, x)
        return math.log(p)

    def span_logprob(
        self, prev2: str, prev1: str, words: Sequence[str], next1: str, next2: str
    ) -> float:
        """:meth:`context_logprob` for several words in a row (the parts of ``celui-là``):
        each word given the two before it, then the two right neighbours."""
        ids = self._ids
        seq = [ids.get(prev2), ids.get(prev1), *(ids.get(w) for w in words), ids.get(next1)]
        if next1 != EOS:
            seq.append(ids.get(next2))
        p3 = self._p3
        total = 0.0
        for i in range(2, len(seq)):
            total += math.log(p3(seq[i], seq[i - 2], seq[i - 1]))
        return total

    def sequence_logprob3(self, words: Sequence[str]) -> float:
        """Trigram log-probability of ``words[1:]`` given ``words[0]`` (the trigram
        :meth:`sequence_logprob`): ``logprob(w1, w0) + Σ logprob3(w_i, w_{i-2}, w_{i-1})``.

        Pass ``["<s>", *words, "</s>"]`` for a full sentence.
        """
        if len(words) < 2:
            return 0.0
        ids = [self._ids.get(w) for w in words]
        total = math.log(self._p2(ids[1], ids[0]))
        p3 = self._p3
        for i in range(2, len(ids)):
            total += math.log(p3(ids[i], ids[i - 2], ids[i - 1]))
        return total

    def trigram_count(self, prev2: str, prev1: str, word: str) -> int:
        """Training count of ``prev2 prev1 word`` (0 if unseen or pruned, i.e. seen once)."""
        ids = self._ids
        u, v, w = ids.get(prev2), ids.get(prev1), ids.get(word)
        if u is None or v is None or w is None:
            return 0
        j = self._tri_ctx.get(u * self._n + v)
        return 0 if j is None else self._find(j, w)

    def __repr__(self) -> str:
        return (
            f"TrigramLM(vocab={self._n}, bigrams={len(self._bigrams)}, "
            f"trigrams={len(self._tri_word)}, discount={self._discount:.3f}, "
            f"d2={self._d2:.3f}, d3={self._d3:.3f})"
        )


# The slots a model reads on first use: all of the trigram model's but its source.
_TRIGRAM_SLOTS = frozenset(TrigramLM.__slots__) - {"_trigram_source"}


class LetterModel:
    """How French a spelling looks: letter 4-grams over a list of known words (each word
    counted once), with add-k smoothing.

    It judges a word no lexicon knows (a name, a rare term) against the same word with a
    spinner's swap undone: ``Carquipasz`` reads far worse than ``Carquinez`` (about 11 nats),
    while a genuine word that happens to hold the replacement does not improve when it is
    "undone" (``Pascal`` → ``Necal``: −1 nat).
    """

    ORDER = 4
    K = 0.1
    ALPHABET = 40  # about the letters French words use, for the smoothing

    def __init__(self, words: Iterable[str]) -> None:
        self._set_grams(self.count_grams(words))

    @classmethod
    def count_grams(cls, words: Iterable[str]) -> dict[str, int]:
        """How often each letter 4-gram stands in ``words`` (padded at both ends)."""
        n = cls.ORDER
        pad = "^" * (n - 1)
        # one generator over every position, counted by Counter in C (a loop that counted
        # each position took about three times as long: 1.2 s for the known words)
        return dict(Counter(
            x[i:i + n] for x in (pad + w + "$" for w in words) for i in range(len(x) - n + 1)))

    @classmethod
    def from_grams(cls, grams: Mapping[str, int]) -> LetterModel:
        """The model of the words whose :meth:`count_grams` is ``grams`` (shipped counts)."""
        model = cls.__new__(cls)
        model._set_grams(dict(grams))
        return model

    def _set_grams(self, grams: dict[str, int]) -> None:
        # each gram's first letters are its context, so the contexts are counted from the grams
        contexts: dict[str, int] = {}
        for gram, count in grams.items():
            contexts[gram[:-1]] = contexts.get(gram[:-1], 0) + count
        self._grams = grams
        self._contexts = contexts

    def logprob(self, word: str) -> float:
        """ln P(word) letter by letter, the end of the word included."""
        n = self.ORDER
        x = "^" * (n - 1) + word + "$"
        gram, context = self._grams.get, self._contexts.get
        k, kv = self.K, self.K * self.ALPHABET
        total = 0.0
        for i in range(n - 1, len(x)):
            total += math.log((gram(x[i - n + 1:i + 1], 0) + k) / (context(x[i - n + 1:i], 0) + kv))
        return total
