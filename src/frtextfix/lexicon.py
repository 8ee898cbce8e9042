"""What the corrector knows about French words: frequencies, a language model for context,
and the thesaurus the spinners draw from. Loaded lazily, once per process, read-only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property

from . import resources
from .lm import BigramLM
from .resources import Thesaurus

# A word is "known" when wordfreq gives it at least this frequency (Zipf 2: about once per
# hundred million words). Rarer forms are mostly noise, names and typos in web text.
KNOWN_FREQUENCY = 1e-7
# Below this a word is treated as suspicious: spun forms never reach it.
SUSPICIOUS_FREQUENCY = 1e-6


class Lexicon:
    """Frequencies, context probabilities and thesaurus behind every decision."""

    def __init__(
        self,
        frequencies: Mapping[str, float] | None = None,
        thesaurus: Thesaurus | None = None,
        language_model: BigramLM | None = None,
    ) -> None:
        self._frequencies = frequencies
        self._thesaurus = thesaurus
        self._lm = language_model

    @cached_property
    def frequencies(self) -> Mapping[str, float]:
        """wordfreq's frequencies, completed with the words of our own corpora (inflected forms
        such as ``examinèrent`` that web text rarely has), at their corpus frequency."""
        base = self._frequencies if self._frequencies is not None else resources.word_frequencies()
        if self._frequencies is not None and self._lm is None:
            return base
        lm = self.lm
        merged = dict(base)
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

    def context_logprob(self, prev: str, word: str, nxt: str) -> float:
        """log P(word | prev) + log P(next | word): how well ``word`` fits between its neighbours."""
        lm = self.lm
        return lm.logprob(word, prev) + lm.logprob(nxt, word)
