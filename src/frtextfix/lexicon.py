"""What the corrector knows about French words: frequencies, a language model for context,
and the thesaurus the spinners draw from. Loaded lazily, once per process, read-only.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any, TypeVar, cast

import regex

from . import resources
from .lm import BigramLM, LetterModel, TrigramLM
from .resources import Thesaurus
from .tokenize import HYPHEN
from .topics import TopicModel

# A word is "known" when wordfreq gives it at least this frequency (Zipf 2: about once per
# hundred million words). Rarer forms are mostly noise, names and typos in web text.
KNOWN_FREQUENCY = 1e-7
# Pairs of frequent words never seen side by side (``Lexicon.unseen_pairs``): among this many
# most frequent words, expected this many times at random. On 500 clean tune documents 10
# hold one such pair, on the same documents spun 39 (57 of their 64 pairs made by a
# replacement).
UNSEEN_PAIR_WORDS = 150
UNSEEN_PAIR_EXPECTED = 30.0
# Evidence (nats) per pair: half a grammar break (``grammar.VIOLATION_LLR``), since the model's
# context already counts part of it. Tune split, four samples: 4, 20, 4 and 4 fewer token
# errors (at 3 nats: 6, 22, 4 fewer and 7 more); clean text unchanged.
UNSEEN_PAIR_LLR = 1.5
# A determiner before a word the corpora show only with the other gender (``le race``, ``du
# prime Nobel``) is a pair French does not write either: spinners swap nouns of one gender for
# synonyms of the other and leave the determiner. A word's gender is read off the language
# model's counts after these determiners: at least ``GENDER_MIN_COUNT`` of them, the other
# gender at most ``GENDER_MAX_SHARE`` of them (``ministre``, ``tour``, ``mode`` have none).
# Evidence per such pair, as for an unseen pair; 0 turns the check off.
MASCULINE_DETERMINERS = frozenset({"le", "un", "ce", "cet", "du", "au"})
FEMININE_DETERMINERS = frozenset({"la", "une", "cette"})
GENDER_MIN_COUNT = 5
GENDER_MAX_SHARE = 0.02
GENDER_PAIR_LLR = 1.5
# After these words ``le``, ``la`` are object pronouns before a verb (« je le règle », « en la
# représentant », « ne la voit »): the engine and the screen look for no gender break there.
PRONOUN_CONTEXT = frozenset({"je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ne",
                             "en", "y"})
# Below this a word is treated as suspicious: spun forms never reach it.
SUSPICIOUS_FREQUENCY = 1e-6


# A vowel of French (``looks_foreign``).
_VOWEL = regex.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]")

# Context fits remembered per process: the same window is weighed for several candidates,
# in every round and pass (about half the look-ups repeat). Cleared when full.
FIT_CACHE_SIZE = 200_000

# Words joined by hyphens (``celui-là``, a synonym spinners use for ``il``): the frequency
# lists and the language model know only their parts, so a compound is judged as its parts in a
# row. Compound frequencies remembered per process (cleared when full).
COMPOUND_CACHE_SIZE = 50_000
# The per-form caches of the rule engine (explanations, originals, groups, compounds).
PER_FORM_CACHE_SIZE = 200_000

K = TypeVar("K")
V = TypeVar("V")

# Not a word (no word has a space): marks a frequency dictionary already completed.
_COMPLETED_MARK = " completed with the corpus vocabulary"


def remember(cache: dict[K, V], key: K, value: V, limit: int = PER_FORM_CACHE_SIZE) -> V:
    """Store ``value`` in a per-process cache, emptied when it reaches ``limit`` entries (a
    crawl keeps bringing new forms; a race with another thread only costs a recomputation)."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


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
        self._neighbour_fit_cache: dict[tuple[str, str, str], float] = {}
        self._compound_cache: dict[str, float] = {}
        self._gender_cache: dict[str, str | None] = {}

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
        self._neighbour_fit_cache.clear()
        self._compound_cache.clear()

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
    def unseen_pairs(self) -> frozenset[tuple[str, str]]:
        """Pairs of frequent words that French never writes side by side (``la de``, ``les
        est``): among the ``UNSEEN_PAIR_WORDS`` most frequent words of the model, the pairs it
        would expect at least ``UNSEEN_PAIR_EXPECTED`` times side by side if words fell at
        random, and saw fewer than twice. The model's smoothing gives such a pair the
        probability of the second word anywhere, far too much for a frequent word."""
        lm = self.lm
        total = lm.tokens
        top = heapq.nlargest(UNSEEN_PAIR_WORDS,
                             ((w, lm.count(w)) for w in lm.vocabulary() if w.isalpha()),
                             key=lambda wc: (wc[1], wc[0]))
        return frozenset(
            (a, b) for a, ca in top for b, cb in top
            if ca * cb >= UNSEEN_PAIR_EXPECTED * total and not lm.bigram_count(a, b)
        )

    def pair_llr(self, prev: str, original: str, replacement: str, nxt: str) -> float:
        """Evidence (nats) for ``original`` against ``replacement`` between ``prev`` and
        ``nxt`` from :attr:`unseen_pairs`: the pairs the replacement makes that French never
        writes, less those the original makes."""
        unseen = self.unseen_pairs
        bad_s = ((prev, replacement) in unseen) + ((replacement, nxt) in unseen)
        bad_o = ((prev, original) in unseen) + ((original, nxt) in unseen)
        llr = UNSEEN_PAIR_LLR * (bad_s - bad_o)
        if GENDER_PAIR_LLR:
            llr += GENDER_PAIR_LLR * (
                self.breaks_gender(prev, replacement) + self.breaks_gender(replacement, nxt)
                - self.breaks_gender(prev, original) - self.breaks_gender(original, nxt))
        return llr

    def gender(self, word: str) -> str | None:
        """``"m"`` or ``"f"`` when the language model saw ``word`` after determiners of one
        gender only (``GENDER_MIN_COUNT``, ``GENDER_MAX_SHARE``), else None."""
        cache = self._gender_cache
        if word in cache:
            return cache[word]
        lm = self.lm
        m = sum(lm.bigram_count(d, word) for d in MASCULINE_DETERMINERS)
        f = sum(lm.bigram_count(d, word) for d in FEMININE_DETERMINERS)
        g = None
        if m + f >= GENDER_MIN_COUNT:
            if f <= GENDER_MAX_SHARE * (m + f):
                g = "m"
            elif m <= GENDER_MAX_SHARE * (m + f):
                g = "f"
        return remember(cache, word, g)

    def breaks_gender(self, determiner: str, word: str) -> bool:
        """``determiner`` has the gender ``word`` never takes (``le race``, ``du prime``)."""
        if determiner in MASCULINE_DETERMINERS:
            return self.gender(word) == "f"
        if determiner in FEMININE_DETERMINERS:
            return self.gender(word) == "m"
        return False

    @cached_property
    def letters(self) -> LetterModel:
        """Letter 4-grams of the known words: how French a spelling no lexicon knows looks
        (shipped for the default lexicon; counted when first needed otherwise, about 0.5 s)."""
        tables = self.shipped_tables
        if tables is not None:
            return LetterModel.from_grams(tables["letter_grams"])
        return LetterModel(self.letter_words())

    def letter_words(self) -> Iterator[str]:
        """The words the letter model is counted on: the known ones, letters only."""
        return (w for w, f in self.frequencies.items() if f >= KNOWN_FREQUENCY and w.isalpha())

    @cached_property
    def shipped_tables(self) -> Mapping[str, Any] | None:
        """The word tables shipped for the default lexicon (``resources.engine_tables``),
        which they were computed from; None for any other lexicon, whose tables are computed."""
        if self._frequencies is not None or self._lm is not None:
            return None
        return resources.engine_tables()

    @cached_property
    def thesaurus(self) -> Thesaurus:
        return self._thesaurus if self._thesaurus is not None else resources.thesaurus()

    @cached_property
    def topics(self) -> TopicModel | None:
        """What content words are about (``topics``), or None when the file is not shipped:
        the engine then weighs content-word swaps without it."""
        return resources.topic_model()

    @cached_property
    def lm(self) -> BigramLM:
        return self._lm if self._lm is not None else resources.language_model()

    def frequency(self, word: str) -> float:
        """wordfreq frequency of a lookup key (0.0 when unknown). A hyphenated compound that
        wordfreq lacks or has below :data:`KNOWN_FREQUENCY` (it splits words at hyphens:
        ``en-têtes`` at 1.5e-8) gets at least the language model's probability of its parts
        in a row (0.0 if a part is unknown) and, for a plural, its singular's frequency."""
        f = self.frequencies.get(word)
        if HYPHEN in word and (f is None or f < KNOWN_FREQUENCY):
            return max(f or 0.0, self._compound_frequency(word))
        return 0.0 if f is None else f

    def looks_foreign(self, word: str) -> bool:
        """A rare word that no spinner of French made, so never the trace of a swap: letters
        without a vowel (``zsh``, ``pdf``: no spun word in the tune split has none), or a
        term left in English, which English writes often, French rarely (below
        :data:`SUSPICIOUS_FREQUENCY`) and the thesaurus not at all (``socket``,
        ``comments``). The thesaurus's own rare words (``manufacturer``, ``vacation``) are
        what a spinner writes, and stay suspicious."""
        if not _VOWEL.search(word):
            return True
        if word not in resources.english_words() or self.frequency(word) >= SUSPICIOUS_FREQUENCY:
            return False
        thes = self.thesaurus
        return word not in thes.headwords and word not in thes.replacements

    def is_known(self, word: str) -> bool:
        return self.frequency(word) >= KNOWN_FREQUENCY

    def log_frequency(self, word: str) -> float:
        """Natural log of the frequency, floored so unknown words stay comparable."""
        return math.log(max(self.frequency(word), 1e-9))

    def knows(self, word: str) -> bool:
        """Whether the language model can judge ``word`` in context (every part of a
        compound in its vocabulary)."""
        lm = self.lm
        if word in lm:
            return True
        return HYPHEN in word and all(part in lm for part in word.split(HYPHEN))

    def unigram_logprob(self, word: str) -> float:
        """The model's log relative frequency of ``word`` (of its parts in a row for a
        compound whose parts it knows)."""
        lm = self.lm
        if HYPHEN in word and word not in lm and self.knows(word):
            return self._compound_logprob(word.split(HYPHEN))
        return lm.unigram_logprob(word)

    def _compound_logprob(self, parts: list[str]) -> float:
        lm = self.lm
        return lm.unigram_logprob(parts[0]) + lm.sequence_logprob(parts)

    def _compound_frequency(self, word: str) -> float:
        cache = self._compound_cache
        value = cache.get(word)
        if value is None:
            parts = word.split(HYPHEN)
            value = 0.0
            if all(parts) and all(self.frequencies.get(p, 0.0) >= KNOWN_FREQUENCY
                                  for p in parts) and self.knows(word):
                value = math.exp(self._compound_logprob(parts))
                if self.thesaurus.headwords_listing(word):
                    # a compound the thesaurus lists is French (``bas-côté``, ``ferry-boat``),
                    # however rarely the model saw its parts together: never an unknown word
                    value = max(value, SUSPICIOUS_FREQUENCY)
            if word[-1:] in ("s", "x") and word[-2:-1] not in ("s", "x", "z"):
                # the plural of a known compound is French (``en-têtes``, ``arrière-plans``)
                singular = self.frequency(word[:-1])
                if singular >= KNOWN_FREQUENCY:
                    value = max(value, singular)
            remember(cache, word, value, COMPOUND_CACHE_SIZE)
        return value

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
        if HYPHEN in word and word not in lm:
            parts = word.split(HYPHEN)
            if self.use_trigrams and isinstance(lm, TrigramLM):
                value = lm.span_logprob(p2, p1, parts, n1, n2)
            else:
                value = lm.sequence_logprob([p1, *parts, n1])
        elif self.use_trigrams and isinstance(lm, TrigramLM):
            value = lm.context_logprob(p2, p1, word, n1, n2)
        else:
            value = lm.logprob(word, p1) + lm.logprob(n1, word)
        return remember(cache, key, value, FIT_CACHE_SIZE)

    def backoff_bias(self, window: tuple[str, str, str, str], a: str, b: str) -> float:
        """What :meth:`fit` of ``a`` less that of ``b`` owes to the model's back-off alone
        when it has seen neither word before the right neighbour (« comme copier », « pour
        copier »): the ratio of the two words' back-off weights, which is no evidence (here
        1.5 nats for « comme »). Callers take it off the difference."""
        n1 = window[2]
        lm = self.lm
        if n1 == "</s>" or lm.bigram_count(a, n1) or lm.bigram_count(b, n1):
            return 0.0
        return lm.logprob(n1, a) - lm.logprob(n1, b)

    def neighbour_fit(self, prev: str, word: str, nxt: str) -> float:
        """:meth:`fit` under the bigram model, between the two nearest neighbours: cheaper, for
        the screen, which asks it of most clean texts (cached: the same neighbours recur)."""
        key = (prev, word, nxt)
        cache = self._neighbour_fit_cache
        value = cache.get(key)
        if value is None:
            lm = self.lm
            if HYPHEN in word and word not in lm:  # a compound: its parts in a row
                fit = lm.sequence_logprob([prev, *word.split(HYPHEN), nxt])
            else:
                fit = lm.logprob(word, prev) + lm.logprob(nxt, word)
            value = remember(cache, key, fit, FIT_CACHE_SIZE)
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
