"""What the corrector knows about French words: frequencies, a language model for context,
and the thesaurus the spinners draw from. Loaded lazily, once per process, read-only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property
from typing import cast

from . import resources
from .lm import BigramLM, TrigramLM
from .resources import Thesaurus

# A word is "known" when wordfreq gives it at least this frequency (Zipf 2: about once per
# hundred million words). Rarer forms are mostly noise, names and typos in web text.
KNOWN_FREQUENCY = 1e-7
# Below this a word is treated as suspicious: spun forms never reach it.
SUSPICIOUS_FREQUENCY = 1e-6


# Context fits remembered per process: the same window is weighed for several candidates,
# in every round and pass (about half the look-ups repeat). Cleared when full.
FIT_CACHE_SIZE = 200_000

# Not a word (no word has a space): marks a frequency dictionary already completed.
_COMPLETED_MARK = " completed with the corpus vocabulary"


class Lexicon:
    """Frequencies, context probabilities and thesaurus behind every decision."""

    def __init__(
        self,
        frequencies: Mapping[str, float] | None = None,
        thesaurus: Thesaurus | None = None,
        language_model: BigramLM | None = None,
    ) -> None:
        self._frequencies = frequencies
        self._use_trigrams = True
        self._thesaurus = thesaurus
        self._lm = language_model
        self._fit_cache: dict[tuple[tuple[str, str, str, str], str], float] = {}

    @property
    def use_trigrams(self) -> bool:
        """Judge context with the trigram model when it is shipped (measured:
        docs/benchmarks.md); switching it drops the fits computed the other way."""
        return self._use_trigrams

    @use_trigrams.setter
    def use_trigrams(self, value: bool) -> None:
        self._use_trigrams = value
        self.forget_contexts()

    def forget_contexts(self) -> None:
        """Drop the remembered context fits (benchmarks call it so that a timed run does not
        reuse the windows of an earlier run over the same text)."""
        self._fit_cache.clear()

    @cached_property
    def frequencies(self) -> Mapping[str, float]:
        """wordfreq's frequencies, completed with the words of our own corpora (inflected forms
        such as ``examinèrent`` that web text rarely has), at their corpus frequency."""
        base = self._frequencies if self._frequencies is not None else resources.word_frequencies()
        if self._frequencies is not None and self._lm is None:
            return base
        lm = self.lm
        # The shared default dictionary is completed in place (once per process, read-only
        # afterwards): a second copy of 300,000 entries would cost ~40 MB for nothing.
        merged = cast("dict[str, float]", base) if self._frequencies is None else dict(base)
        if merged.get(_COMPLETED_MARK):
            return merged
        merged[_COMPLETED_MARK] = 1.0
        total = lm.tokens
        for word in lm.vocabulary():
            if word not in merged and word.isalpha():
                merged[word] = lm.count(word) / total
        return merged

    @cached_property
    def thesaurus(self) -> Thesaurus:
        return self._thesaurus if self._thesaurus is not None else resources.thesaurus()

    @cached_property
    def lm(self) -> BigramLM:
        return self._lm if self._lm is not None else resources.language_model()

    def frequency(self, word: str) -> float:
        """wordfreq frequency of a lookup key (0.0 when unknown)."""
        return self.frequencies.get(word, 0.0)

    def is_known(self, word: str) -> bool:
        return self.frequencies.get(word, 0.0) >= KNOWN_FREQUENCY

    def log_frequency(self, word: str) -> float:
        """Natural log of the frequency, floored so unknown words stay comparable."""
        return math.log(max(self.frequencies.get(word, 0.0), 1e-9))

    def fit(self, window: tuple[str, str, str, str], word: str) -> float:
        """How well ``word`` fits in ``window`` (two forms before, two after): the log
        probability of the word and of its right neighbours given it, under the trigram
        model when it is shipped (the bigram otherwise)."""
        key = (window, word)
        cache = self._fit_cache
        value = cache.get(key)
        if value is not None:
            return value
        p2, p1, n1, n2 = window
        lm = self.lm
        if self.use_trigrams and isinstance(lm, TrigramLM):
            value = lm.context_logprob(p2, p1, word, n1, n2)
        else:
            value = lm.logprob(word, p1) + lm.logprob(n1, word)
        if len(cache) >= FIT_CACHE_SIZE:
            cache.clear()  # a race with another thread only costs a recomputation
        cache[key] = value
        return value

    def fit_baseline(self, window: tuple[str, str, str, str]) -> float:
        """What :meth:`fit` adds for the right neighbours whatever the word, at unigram level:
        subtracted, it turns a fit into a pointwise association (``word`` vs. any word)."""
        _, _, n1, n2 = window
        lm = self.lm
        base = lm.unigram_logprob(n1)
        if self.use_trigrams and isinstance(lm, TrigramLM) and n1 != "</s>":
            base += lm.unigram_logprob(n2)
        return base
