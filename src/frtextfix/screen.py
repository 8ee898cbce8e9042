"""The cheap screen that lets clean text through without analysis.

Most text in a crawl is clean. Every rule the engine can accept leaves at least one of these
traces, which are found with a regular expression and set look-ups on the *distinct* words:

* a lower-case word that no lexicon knows, or a rare one, that a thesaurus swap explains
  (substring swaps: ``préschezte``; unknown synonyms: ``leptocéphale``), in a sentence where
  the swap's original does not stand (``_explained_trace``);
* a sentence that starts in lower case in a text that capitalises its sentences (spinners
  write their replacements in lower case), not counting what French continues in lower case
  (after an ellipsis, "etc.", an initial);
* a break of elision or contraction (``de essor``, ``l'culture``, ``de le petit``), or a subject
  pronoun before a verb it does not agree with (``tu avez``);
* a frequent word that the text should use several times missing, while a synonym of it
  stands more often than French has it (``pour`` gone, ``afin`` everywhere);
* in a short text, a frequent word missing while a synonym stands where the original reads
  far better (``_swaps_in_context``: the engine's arithmetic, with the bigram model), or
  while a synonym the model does not know stands twice (``léproserie`` for ``les``);
* a determiner of the gender a word never takes, where a headword of that gender lists the
  word (``le race`` for ``le pays``; ``_gender_trace``; only in a text no trace above let in);
* a content word repeated far more than French has it, out of place beside its neighbours,
  where a headword listing it reads far better (``_repeated_content_swaps``; looked for
  last, and only in a text no other trace let in).

A text with none of them is returned unchanged. ``traces`` says which were found, and the
repairer weighs the whole-word swaps the screen saw before any other (``Traces``). Rules that
leave no such trace (a whole-word swap between two common words, far from any other damage)
are rarely established anyway; the benchmark measures what the screen costs
(docs/benchmarks.md).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

import regex

from .grammar import (
    ELIDED,
    ELIDING,
    NOT_PLURAL_SUBJECTS,
    VOWELS,
    breaks_agreement,
    breaks_elision,
    infinitive_like,
)
from .lexicon import (
    FEMININE_DETERMINERS,
    MASCULINE_DETERMINERS,
    PRONOUN_CONTEXT,
    SUSPICIOUS_FREQUENCY,
    Lexicon,
)
from .rules import (
    LONG_ORIGINAL,
    RuleEngine,
    neighbour_fits,
    window_context_llr,
)
from .tokenize import HYPHEN, WORD_RE, normalize, prose, sentence_spans, simple_keys
from .types import RuleScope


def _alternatives(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# The word lists are ``grammar``'s, so the screen and the checks agree on what breaks. (The
# patterns start at the space or the apostrophe and look behind for the word: a scan for one
# character is several times faster than trying the word at every position.)
_ELISION_RE = regex.compile(
    rf"(?<=(?<![\p{{L}}\p{{M}}'’-])(?i:({_alternatives(ELIDING)}))) "
    rf"([{''.join(sorted(VOWELS))}][\p{{L}}\p{{M}}]*)"
)
# An elided word before a consonant (``l'culture``), written in lower case or capitalised at
# a sentence start; ``M'`` with a capital starts names (``M'Bamou``, ``M'jid``).
_ELIDED_RE = regex.compile(
    r"['’](?<=(?<![\p{L}\p{M}'’])(?:"
    + _alternatives(ELIDED | frozenset(w.capitalize() for w in ELIDED if w != "m"))
    + r")['’])[bcdfgjklmnpqrstvwxzç]"
)
# "de le", "à les"… followed by the next word: before an infinitive the article is a pronoun
# (« décidé de le faire ») and nothing is broken, as in ``grammar.violations``.
_CONTRACTION_RE = regex.compile(
    r"(?<=(?<![\p{L}\p{M}])(?:de|à))\s+les?(?![\p{L}\p{M}'’])\s*([\p{L}\p{M}]*)", regex.IGNORECASE
)
# A subject pronoun before a verb in -ez or -ons (``tu avez``), as ``grammar.breaks_agreement``
# judges it; found from the space after the pronoun, as the elision pattern is.
_AGREEMENT_RE = regex.compile(
    rf"(?<=(?<![\p{{L}}\p{{M}}'’-])(?i:({_alternatives(NOT_PLURAL_SUBJECTS - {'j'})}))) "
    r"([\p{L}\p{M}]+(?:ez|ons))(?![\p{L}\p{M}'’-])"
)
# A determiner before a lower-case word (``le race``), for the gender trace
# (``RuleEngine.gender_originals``); found from the space after the determiner. The word is
# the tokenizer's (soft hyphens and zero-width spaces inside it), as the engine reads it.
_GENDER_RE = regex.compile(
    rf"(?<=(?<![\p{{L}}\p{{M}}'’-])(?<!(?<![\p{{L}}\p{{M}}])(?i:{_alternatives(PRONOUN_CONTEXT)})\s)"
    rf"(?i:({_alternatives(MASCULINE_DETERMINERS | FEMININE_DETERMINERS)}))) "
    rf"(?=\p{{Ll}})({WORD_RE.pattern})(?![\p{{L}}\p{{M}}\p{{Cf}}'’-])"
)
# Look for that trace (last, in a text no other trace let in).
GENDER_TRACE = True
# A frequent word whose absence is worth a look: expected at least this many times.
MISSING_WORD_EXPECTED = 3.0
# ... and one of its synonyms stands more often than French has it, by at least this share of
# the missing word's expected count (tuned on the tune split: a quarter fewer clean texts
# analysed, error reduction within 0.2 points).
SYNONYM_EXCESS = 0.5
# A substring swap of a long original (``rules.LONG_SUBSTRING``) needs more than one explained
# word: its replacement standing as a word, a second word it explains, or a text long enough
# that the original's absence is worth this many nats (the engine needs 5 then).
LONG_ABSENCE = 4.0
# A whole-word swap in a short text leaves no count that stands out (``dans`` is expected twice
# in 200 words): for a frequent word expected at least this often and absent, the screen
# weighs its synonyms in context as the engine would (``_swaps_in_context``), and counts a swap
# whose log-odds reach this margin as a trace (the engine accepts from 0; tune split: +1.0
# point of error reduction on single documents, +0.7 on four-article texts, clean documents
# analysed 18.8 % → 19.4 %).
CONTEXT_TRACE_EXPECTED = 0.5
CONTEXT_TRACE_MARGIN = -5.0
# A content word repeated far more than French has it, at least this many times in lower
# case, and out of place, is a trace when the context gives a headword listing it at least
# this many nats (``RuleEngine.repeated_content_swaps``; the engine weighs it from 2 nats
# and 2 repeats). Tune split, two samples: 17 and 34 more damaged tokens restored in 500 and
# 600 documents, clean text unchanged, 0.2 point more clean documents analysed; clean text
# about 5 % slower (2 repeats: 42 tokens on the second sample, about 11 % slower).
REPEAT_TRACE_MIN = 3
REPEAT_TRACE_CONTEXT = 13.0
# A content word's nearest neighbours say little, and the engine reads two words either side
# with the trigram model: a swap they put within 4 nats of that bar (from REPEAT_SECOND_LOOK)
# is read again that way (« un diocèse français situé au » three times: 10.1 nats cheaply,
# 24.6 so). Eight tune samples of 500 documents and 60 four-article texts: token errors in
# single documents 8,819 → 8,792 (four-article texts 3,901 → 3,902), sound tokens broken and
# clean edits unchanged, and so are the out-of-domain tune halves; 220 of 2,000 clean tune
# documents let in instead of 204, the screen's own time within its noise. From 6 nats, the
# same. None: no second look.
REPEAT_SECOND_LOOK: float | None = 9.0
# A synonym of a missing frequent word that the language model does not know (so the screen
# cannot weigh it in context) is a trace when it stands this many times (tune split, two
# samples of 600 documents: 2 and 6 more damaged tokens restored, the same clean documents
# analysed).
UNMODELLED_TRACE_COUNT = 2
# A swap that stands out by its counts alone is a trace only when the screen's context weighs
# it this well too. Tune split, 1,000 clean documents: counts alone let in 124 of them (and
# 35 spun ones, whose repairs all came from other rules); four samples of 500–600 spun
# documents: 16 more token errors left (of about 5,150), clean documents analysed 24 % →
# 12 %, clean text about a quarter faster.
STANDING_OUT_MARGIN = -9.0
# Words joined by hyphens: a spinner may put ``celui-là`` for ``il``. Hyphens are rare, so
# the junctions are found first (a scan for one character) and only then the compounds.
_JUNCTION_RE = regex.compile(r"(?<=[\p{L}\p{M}])-(?=[\p{L}\p{M}])")
_COMPOUND_RE = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)+")
_LETTER_RE = regex.compile(r"[\p{L}\p{M}]")
# The first letter of each sentence: after a stop and spaces or a line break, and at the start
# of the text (matched apart: a ``^`` alternative is tried at every position, six times slower).
# Only the first line break of a run of blanks starts a match: a scan from each of them would
# make a long run of empty lines cost its square.
_SENTENCE_START_RE = regex.compile(
    r"(?:[.!?…][»\"”’)\]]*[ \t]+|(?<![\s«\"“(\[])\n)[\s«\"“(\[]*([\p{L}])")
_TEXT_START_RE = regex.compile(r"[\s«\"“(\[]*([\p{L}])")
# Where French goes on in lower case after a stop: an ellipsis, "etc.", an initial ("L.",
# also at the end of a line: « l'article L.\ncent douze »), an abbreviation ("litt. « la
# voie »", "auj."), a question or exclamation inside brackets.
_NOT_AN_END_RE = regex.compile(
    r"(?:\.\.\.|…|\betc\.|(?<![\p{L}])\p{Lu}\.|[?!]\)"
    r"|\b(?:cf|litt|env|p|M|MM|Mme|Mgr|Me|Dr|Pr|St|Co|auj|art|chap|coll|dir|éd|ex|fig|ibid|trad|vol)\.)"
    r"[»\"”’)\]]*\s+[«\"“(\[]*\s*$"
)


# French written without accents (forums, old systems): ``ne`` for ``né``, ``a`` for ``à``. The
# spinner's damage is not what its words show, and rules "found" there are false (``pas → ne``
# from every ``né``). A French text this long nearly always has an accent (about 3 % of its
# letters; none in 300 characters happens about once in 1,500 texts; never on the tune split).
ACCENTLESS_LENGTH = 300
_ACCENT_RE = regex.compile(r"[àâäçéèêëîïôöùûüÿÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ\u0300-\u036f]")


def accentless(text: str) -> bool:
    """``text`` is long enough to hold French accents and has none: written without them, or
    not French. Left as it is."""
    return len(text) >= ACCENTLESS_LENGTH and _ACCENT_RE.search(text) is None


# Text in another language or garbled (OCR, encoded data) is mostly words no lexicon knows: not
# French the engine can read, and slow to weigh (every word is a candidate). Spun French keeps
# most of its words: on the tune split every spun text had at least 64 % of its distinct
# lower-case words known (1 % of them less than 84 %); Polish has about 27 %, gibberish 5 %.
FOREIGN_MIN_WORDS = 20
FOREIGN_UNKNOWN_SHARE = 0.5


def _mostly_unknown(n_words: int, n_unknown: int) -> bool:
    return n_words >= FOREIGN_MIN_WORDS and n_unknown > FOREIGN_UNKNOWN_SHARE * n_words


def mostly_unknown(text: str, lex: Lexicon) -> bool:
    """Most distinct lower-case words of ``text`` are unknown to every lexicon: another
    language, or garbled text. Left as it is."""
    freqs = lex.frequencies
    distinct = {normalize(w) for w in WORD_RE.findall(prose(text)) if w[0].islower() and len(w) >= 2}
    return _mostly_unknown(len(distinct), sum(1 for k in distinct if freqs.get(k, 0.0) == 0.0))


@dataclass(frozen=True, slots=True)
class Traces:
    """What the screen found in a text:

    * ``words``: an unknown or rare word that a swap explains (or a hyphenated synonym inside
      a compound);
    * ``grammar``: a break of elision, contraction or agreement, a sentence starting in lower
      case;
    * ``swaps``: the whole-word swaps ``(original, replacement)`` whose trace it saw (a
      synonym standing where a missing frequent word reads far better, or standing out by
      its count where the original reads better too, or repeated);
    * ``gender``: a determiner of the gender a word never takes, where a headword of that
      gender lists the word (``le race``). Unlike a grammar break, it does not send a text
      where no rule is found to the content hypothesis (``RuleEngine.content_hypothesis``):
      clean text has such pairs (« un gymnaste », « une auteur »).

    A text with none is left alone; a text with any is analysed in full.
    """

    words: bool
    grammar: bool
    swaps: frozenset[tuple[str, str]]
    gender: bool = False

    def __bool__(self) -> bool:
        return self.words or self.grammar or bool(self.swaps) or self.gender


NO_TRACE = Traces(False, False, frozenset())


def needs_analysis(text: str, engine: RuleEngine) -> bool:
    """False when ``text`` carries none of the traces every detectable rule leaves."""
    return bool(traces(text, engine))


def traces(text: str, engine: RuleEngine) -> Traces:
    """Every trace in ``text`` (:class:`Traces`), for the repairer."""
    words = _Words.of(text, engine)
    if words is None:
        return NO_TRACE
    missing = _missing_beside_synonyms(words, engine)
    in_context = _swaps_in_context(words, engine, missing)
    found = Traces(
        _word_trace(words, engine),
        _grammar_trace(words.text, engine.lex.thesaurus.headwords_listing),
        frozenset({pair for pair in _swaps_standing_out(words, engine)
                   if in_context.get(pair, -math.inf) >= STANDING_OUT_MARGIN}
                  | {pair for pair, score in in_context.items()
                     if score >= CONTEXT_TRACE_MARGIN}
                  | _repeated_unmodelled(words, _unmodelled_swaps(engine, missing))),
    )
    if not found and GENDER_TRACE:
        found = replace(found, gender=_gender_trace(words.text, engine))
    if not found:
        # the last trace looked for, the dearest: a text let in for another one has its
        # repeated content words weighed by the engine anyway
        found = replace(found, swaps=frozenset(_repeated_content_swaps(words, engine)))
    return found


def _gender_trace(text: str, engine: RuleEngine) -> bool:
    """A determiner of the gender a word never takes, where a headword of that gender lists
    the word (``le race``: ``pays``)."""
    return any(engine.gender_originals(m.group(1).lower(), normalize(m.group(2)))
               for m in _GENDER_RE.finditer(text))


def _repeated_unmodelled(words: _Words, unmodelled: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of the swaps the screen cannot weigh in context, those whose replacement stands
    several times (``léproserie`` twice, ``les`` nowhere): a trace."""
    if not unmodelled:
        return set()
    counts = words.counts
    return {pair for pair in unmodelled if counts[pair[1]] >= UNMODELLED_TRACE_COUNT}


def _unmodelled_swaps(engine: RuleEngine, missing: list[tuple[str, float, str]]
                      ) -> set[tuple[str, str]]:
    """Of the frequent words ``missing`` beside a synonym, those whose synonym the language
    model does not know (``conséquemment`` for ``pour``): no context can speak for them in
    the screen."""
    knows = engine.lex.knows
    return {(original, s) for original, _, s in missing if not knows(s)}


@dataclass
class _Words:
    """The words of a text as the screen reads them (markup and links blanked)."""

    text: str
    found: list[str]
    distinct: set[str]
    # lower-case words that are unknown or rare, with their keys
    suspicious: list[tuple[str, str]]
    # hyphenated compounds that hold a hyphenated synonym (counted as one word)
    compounds: list[str]
    # how a word becomes its key: lower-casing when the text is NFC and has no format
    # character (nearly always), else the full normalisation
    fold: Callable[[str], str]
    # the distinct keys, compounds included
    lowered: set[str]

    @cached_property
    def counts(self) -> Counter[str]:
        """How often each key stands, a compound counted as one word (built when first
        asked: most texts never need it)."""
        counts = Counter(map(self.fold, self.found))
        counts.update(self.compounds)
        return counts

    def window(self, j: int, k: int = 1) -> tuple[str, str, str, str]:
        """The keys of the two words before and the two after the ``k`` words from ``j`` on,
        padded as :meth:`neighbours` pads: the trigram model's window."""
        found = self.found
        n = len(found)
        p2 = normalize(found[j - 2]) if j > 1 else "<s>"
        n2 = normalize(found[j + k + 1]) if j + k + 1 < n else "</s>"
        prev, nxt = self.neighbours(j, k)
        return p2, prev, nxt, n2

    def neighbours(self, j: int, k: int = 1) -> tuple[str, str]:
        """The keys of the words before and after the ``k`` words from ``j`` on, padded with
        ``<s>``/``</s>`` (taken across sentence ends)."""
        found = self.found
        prev = normalize(found[j - 1]) if j else "<s>"
        nxt = normalize(found[j + k]) if j + k < len(found) else "</s>"
        return prev, nxt

    @classmethod
    def of(cls, text: str, engine: RuleEngine) -> _Words | None:
        """None for text left alone whatever it holds (mostly unknown words)."""
        freqs = engine.lex.frequencies
        text = prose(text)
        found = WORD_RE.findall(text)
        distinct = set(found)
        suspicious: list[tuple[str, str]] = []
        n_lower = n_unknown = 0
        for w in distinct:
            if not w[0].islower() or len(w) < 2:
                continue
            n_lower += 1
            key = normalize(w)
            f = freqs.get(key, 0.0)
            if f < SUSPICIOUS_FREQUENCY:
                n_unknown += f == 0.0
                if not engine.lex.looks_foreign(key):
                    suspicious.append((w, key))
        if _mostly_unknown(n_lower, n_unknown):
            return None
        compounds = [c for c in map(normalize, _hyphen_compounds(text)) if engine.joins(c)]
        fold = str.lower if simple_keys(text) else normalize
        lowered = set(map(fold, distinct))
        lowered.update(compounds)
        return cls(text, found, distinct, suspicious, compounds, fold, lowered)


def _word_trace(words: _Words, engine: RuleEngine) -> bool:
    """An unknown or rare word that a swap explains, where the swap may hold."""
    freqs = engine.lex.frequencies
    explained: list[tuple[str, list[tuple[str, str, RuleScope, str]]]] = []
    for w, key in words.suspicious:
        explanations = engine.explanations(key)
        if explanations:
            explained.append((w, explanations))
    if explained and _explained_trace(words.text, explained, engine, words.distinct):
        return True
    for key in set(words.compounds):
        # a part no lexicon knows (``vcelui-làle``); known words joined are mostly a French
        # compound the model has rarely seen (``plate-bande``), and a spinner's rare compound
        # synonym comes with other traces
        if (key[0].islower()
                and any(freqs.get(p, 0.0) < SUSPICIOUS_FREQUENCY for p in key.split(HYPHEN))
                and engine.explanations(key)):
            return True
    return False


def _swaps_standing_out(words: _Words, engine: RuleEngine) -> set[tuple[str, str]]:
    """Whole-word swaps whose count gives them away: a frequent word that French would use
    several times is missing, while a synonym stands more often than French has it."""
    lex = engine.lex
    lowered = words.lowered
    n = len(words.found)
    swaps: set[tuple[str, str]] = set()
    for original, f, synonyms in engine.frequent_originals():
        if f * n < MISSING_WORD_EXPECTED:
            break
        if original in lowered or synonyms.isdisjoint(lowered):
            continue
        # the synonym that took its place must stand more often than French has it
        for s in synonyms & lowered:
            if words.counts[s] >= lex.frequency(s) * n + SYNONYM_EXCESS * f * n:
                swaps.add((original, s))
    return swaps


def _repeated_content_swaps(words: _Words, engine: RuleEngine) -> set[tuple[str, str]]:
    """A content word repeated in lower case far more than French has it, out of place
    beside its neighbours, where a headword listing it reads better: the engine's own test
    (``RuleEngine.repeated_content_swaps``), with neighbours taken across sentence ends, and
    a second look at the swaps it puts near the bar (``REPEAT_SECOND_LOOK``)."""
    found, fold = words.found, words.fold
    n = len(found)
    repeated = {w for w, c in Counter(found).items()
                if c >= REPEAT_TRACE_MIN and w[0].islower() and engine.repeated_enough(fold(w), c, n)}
    if not repeated:
        return set()
    occurrences: dict[str, list[tuple[str, str]]] = {}
    at: dict[str, list[int]] = {}
    for j, w in enumerate(found):
        if w in repeated:
            occurrences.setdefault(fold(w), []).append(words.neighbours(j))
            at.setdefault(fold(w), []).append(j)
    second_look = REPEAT_TRACE_CONTEXT if REPEAT_SECOND_LOOK is None else REPEAT_SECOND_LOOK
    near = list(engine.repeated_content_swaps(occurrences, n, words.lowered, second_look))
    swaps = {(o, s) for o, s, context in near if context >= REPEAT_TRACE_CONTEXT}
    if swaps:
        return swaps
    lex = engine.lex
    for o, s, _ in near:
        rate_o, rate_s = engine.word_rate(o), max(engine.word_rate(s), 1e-7)
        windows = [words.window(j) for j in at[s]]
        if window_context_llr(lex, o, s, rate_o / (rate_o + rate_s), windows) >= REPEAT_TRACE_CONTEXT:
            swaps.add((o, s))
    return swaps


def _grammar_trace(text: str, listed: Callable[[str], object]) -> bool:
    """A break of elision, contraction or agreement, or a sentence starting in lower case in a text
    that capitalises its sentences, with a word that is ``listed`` (a synonym a spinner may
    have written there: not « cent douze » or « il » on a new line)."""
    if _ELIDED_RE.search(text):
        return True
    if any(breaks_elision(m.group(1).lower(), m.group(2).lower())
           for m in _ELISION_RE.finditer(text)):
        return True
    for m in _CONTRACTION_RE.finditer(text):
        if not infinitive_like(normalize(m.group(1))):
            return True
    if any(breaks_agreement(m.group(1).lower(), normalize(m.group(2)))
           for m in _AGREEMENT_RE.finditer(text)):
        return True
    first = _TEXT_START_RE.match(text)
    starts = [m for m in _SENTENCE_START_RE.finditer(text)
              if first is None or m.start(1) != first.start(1)]
    if first is not None:
        starts.insert(0, first)
    if len(starts) >= 3:
        lower = [m for m in starts if m.group(1).islower()
                 and not _NOT_AN_END_RE.search(text, max(0, m.start() - 12), m.start(1))]
        if lower and len(lower) <= 0.2 * len(starts):
            return any(listed(normalize(WORD_RE.match(text, m.start(1)).group()))  # type: ignore[union-attr]
                       for m in lower)
    return False


def _frequent_enough(engine: RuleEngine, n_words: int) -> Iterator[tuple[str, float, frozenset[str]]]:
    """The frequent words (with their synonyms) that a text of ``n_words`` words should hold
    at least ``CONTEXT_TRACE_EXPECTED`` times."""
    for original, f, synonyms in engine.frequent_originals():
        if f * n_words < CONTEXT_TRACE_EXPECTED:
            return
        yield original, f, synonyms


def _missing_beside_synonyms(words: _Words, engine: RuleEngine) -> list[tuple[str, float, str]]:
    """``(original, frequency, synonym)`` for each frequent word the text should hold
    (``_frequent_enough``) but does not, with each of its synonyms that stands in it."""
    lowered = words.lowered
    return [(original, f, s)
            for original, f, synonyms in _frequent_enough(engine, len(words.found))
            if original not in lowered for s in synonyms & lowered]


def _swaps_in_context(words: _Words, engine: RuleEngine, missing: list[tuple[str, float, str]]
                      ) -> dict[tuple[str, str], float]:
    """Whole-word swaps whose context may give them away, with their score: a frequent word
    is ``missing`` from the text and a synonym stands where the original reads better. The score
    is the engine's log-odds for the swap (its prior, the pick among the original's
    synonyms, the replacement's excess, and the context of every occurrence), with the
    bigram model between the nearest neighbours instead of the trigram model."""
    lex = engine.lex
    found, fold = words.found, words.fold
    pairs = [(original, f, s) for original, f, s in missing if lex.knows(s)]
    scores: dict[tuple[str, str], float] = {}
    if not pairs:
        return scores
    # where each replacement stands, and its neighbours (only those are normalised)
    wanted = {s for _, _, s in pairs}
    # a compound (``là-dedans``) stands as its parts among the words: found by its first part
    compounds: dict[str, list[list[str]]] = {}
    for s in wanted:
        if HYPHEN in s:
            parts = s.split(HYPHEN)
            compounds.setdefault(parts[0], []).append(parts)
    where: dict[str, list[tuple[str, str]]] = {}
    for j, w in enumerate(found):
        key = fold(w)
        if key in wanted:
            where.setdefault(key, []).append(words.neighbours(j))
        if key in compounds:
            for parts in compounds[key]:
                if [fold(x) for x in found[j:j + len(parts)]] == parts:
                    where.setdefault(HYPHEN.join(parts), []).append(
                        words.neighbours(j, len(parts)))
    # how well each replacement fits where it stands: shared by all its originals
    fits: dict[str, list[float]] = {}
    for original, f, s in pairs:
        contexts = where.get(s)
        if not contexts:
            continue
        fits_s = fits.get(s)
        if fits_s is None:
            fits_s = fits[s] = neighbour_fits(lex, s, contexts)
        scores[(original, s)] = engine.cheap_swap_score(original, f, s, contexts, fits_s)
    return scores


def _explained_trace(text: str, explained: list[tuple[str, list[tuple[str, str, RuleScope, str]]]],
                     engine: RuleEngine, distinct: set[str]) -> bool:
    """Whether one of the unknown or rare words some swap explains could carry a rule.

    Clean text is full of rare words that a swap "explains" (``magistralement`` is
    ``parfaitement`` under ``parfait → magistral``). The engine never counts such a word in a
    sentence where the swap's original stands (the spinner replaces every occurrence), and a
    swap of a long original explained by one word and nothing else stays far below acceptance
    (``rules.LONG_SUBSTRING``): neither is a trace.
    """
    sentences = _Sentences(text, {w for w, _ in explained})
    shared = Counter(pair for _, expl in explained for pair in {(o, s) for o, s, _, _ in expl})
    lowered: set[str] | None = None
    for w, explanations in explained:
        for o, s, scope, _ in explanations:
            if scope == "substring" and len(o) > LONG_ORIGINAL and shared[(o, s)] < 2:
                if lowered is None:
                    lowered = {normalize(x) for x in distinct}
                if s not in lowered and engine.substring_rate(o) * len(text) < LONG_ABSENCE:
                    continue
            if sentences.uncontradicted(w, o, scope):
                return True
    return False


class _Sentences:
    """The sentences of a text as the rule engine cuts them (its "units"), built on demand.

    A rule is contradicted in every sentence where its original occurs (the spinner replaces
    every occurrence), and the engine never counts an explained word there. Clean text is
    full of rare words that some swap "explains" (``magistralement``), but the short original
    of that swap (``en``, ``le``) nearly always stands in the same sentence: such a word is no
    trace.
    """

    def __init__(self, text: str, words: set[str]) -> None:
        self.text = text
        self.spans = list(sentence_spans(text))
        self.starts = [a for a, _ in self.spans]
        self._keys: dict[int, tuple[str, frozenset[str]]] = {}
        # where each of ``words`` stands, in one pass over the text
        self._positions: dict[str, list[int]] = {}
        for m in WORD_RE.finditer(text):
            if m.group() in words:
                self._positions.setdefault(m.group(), []).append(m.start())

    def _unit(self, position: int) -> tuple[str, frozenset[str]]:
        """Key text (forms joined by spaces) and forms of the sentence holding ``position``."""
        u = bisect_right(self.starts, position) - 1
        cached = self._keys.get(u)
        if cached is None:
            a, b = self.spans[max(u, 0)]
            forms = [normalize(m) for m in WORD_RE.findall(self.text, a, b)]
            cached = self._keys[u] = (" ".join(forms), frozenset(forms))
        return cached

    def uncontradicted(self, word: str, original: str, scope: RuleScope) -> bool:
        """Whether some occurrence of ``word`` stands in a sentence without ``original``."""
        for p in self._positions.get(word, ()):
            key_text, forms = self._unit(p)
            if (original not in key_text) if scope == "substring" else (original not in forms):
                return True
        return False


def _hyphen_compounds(text: str) -> list[str]:
    """The words joined by hyphens in ``text`` (``celui-là``, ``vis-à-vis``)."""
    out: list[str] = []
    end = 0
    for m in _JUNCTION_RE.finditer(text):
        p = m.start()
        if p < end:
            continue
        start = p
        while start > 0 and _LETTER_RE.match(text, start - 1):
            start -= 1
        c = _COMPOUND_RE.match(text, start)
        if c is not None:
            out.append(c.group())
            end = c.end()
    return out
