"""The cheap screen that lets clean text through without analysis.

Most text in a crawl is clean. Every rule the engine can accept leaves at least one of these
traces, which are found with a regular expression and set look-ups on the *distinct* words:

* a lower-case word that no lexicon knows (substring swaps: ``préschezte``; unknown
  synonyms: ``leptocéphale``);
* a sentence that starts in lower case in a text that capitalises its sentences (spinners
  write their replacements in lower case), not counting what French continues in lower case
  (after an ellipsis, "etc.", an initial);
* a break of elision or contraction (``de essor``, ``l'culture``, ``de le petit``);
* a frequent word that the text should use several times missing, while a synonym of it
  stands more often than French has it (``pour`` gone, ``afin`` everywhere).

A text with none of them is returned unchanged. Rules that leave no such trace (a whole-word
swap between two common words, far from any other damage) are rarely established anyway; the
benchmark measures what the screen costs (docs/benchmarks.md).
"""

from __future__ import annotations

from collections import Counter

import regex

from .grammar import ELIDED, ELIDING, VOWELS, infinitive_like
from .lexicon import SUSPICIOUS_FREQUENCY
from .rules import RuleEngine
from .tokenize import HYPHEN, WORD_RE, normalize


def _alternatives(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# The word lists are ``grammar``'s, so the screen and the checks agree on what breaks. (The
# patterns start at the space or the apostrophe and look behind for the word: a scan for one
# character is several times faster than trying the word at every position.)
_ELISION_RE = regex.compile(
    rf"(?<=(?<![\p{{L}}\p{{M}}'’])(?i:{_alternatives(ELIDING)})) [{''.join(sorted(VOWELS))}]"
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
# A frequent word whose absence is worth a look: expected at least this many times.
MISSING_WORD_EXPECTED = 3.0
# ... and one of its synonyms stands more often than French has it, by at least this share of
# the missing word's expected count (tuned on the tune split: a quarter fewer clean texts
# analysed, error reduction within 0.2 points).
SYNONYM_EXCESS = 0.5
# Words joined by hyphens: a spinner may put ``celui-là`` for ``il``. Hyphens are rare, so
# the junctions are found first (a scan for one character) and only then the compounds.
_JUNCTION_RE = regex.compile(r"(?<=[\p{L}\p{M}])-(?=[\p{L}\p{M}])")
_COMPOUND_RE = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)+")
_LETTER_RE = regex.compile(r"[\p{L}\p{M}]")
# The first letter of each sentence: after a stop and spaces or a line break, and at the start
# of the text (matched apart: a ``^`` alternative is tried at every position, six times slower).
_SENTENCE_START_RE = regex.compile(r"(?:[.!?…][»\"”’)\]]*[ \t]+|\n)[\s«\"“(\[]*([\p{L}])")
_TEXT_START_RE = regex.compile(r"[\s«\"“(\[]*([\p{L}])")
# Where French goes on in lower case after a stop: an ellipsis, "etc.", an initial ("L."),
# a question or exclamation inside brackets.
_NOT_AN_END_RE = regex.compile(
    r"(?:\.\.\.|…|\betc\.|(?<![\p{L}])\p{Lu}\.|[?!]\)|\b(?:cf|litt|env|p|M|MM|Mme|St)\.)[»\"”’)\]]*[ \t]+$"
)


def needs_analysis(text: str, engine: RuleEngine) -> bool:
    """False when ``text`` carries none of the traces every detectable rule leaves."""
    lex = engine.lex
    freqs = lex.frequencies
    found = WORD_RE.findall(text)
    distinct = set(found)
    for w in distinct:
        if not w[0].islower() or len(w) < 2:
            continue
        key = normalize(w)
        if freqs.get(key, 0.0) < SUSPICIOUS_FREQUENCY and engine.explanations(key):
            return True
    # hyphenated compounds that hold a hyphenated synonym count as one word
    compounds = [c for c in map(normalize, _hyphen_compounds(text)) if engine.joins(c)]
    for key in set(compounds):
        # a part no lexicon knows (``vcelui-làle``); known words joined are mostly a French
        # compound the model has rarely seen (``plate-bande``), and a spinner's rare compound
        # synonym comes with other traces
        if (key[0].islower()
                and any(freqs.get(p, 0.0) < SUSPICIOUS_FREQUENCY for p in key.split(HYPHEN))
                and engine.explanations(key)):
            return True
    # a frequent word missing although French would use it several times, while one of its
    # synonyms stands out: the trace of a whole-word swap
    lowered = {w.lower() for w in distinct}
    lowered.update(compounds)
    n = len(found)
    counts: Counter[str] | None = None
    for original, f, synonyms in engine.frequent_originals():
        if f * n < MISSING_WORD_EXPECTED:
            break
        if original in lowered or synonyms.isdisjoint(lowered):
            continue
        if counts is None:
            counts = Counter(w.lower() for w in found)
            counts.update(compounds)
        # the synonym that took its place must stand more often than French has it
        for s in synonyms & lowered:
            if counts[s] >= lex.frequency(s) * n + SYNONYM_EXCESS * f * n:
                return True
    if _ELISION_RE.search(text) or _ELIDED_RE.search(text):
        return True
    for m in _CONTRACTION_RE.finditer(text):
        if not infinitive_like(normalize(m.group(1))):
            return True
    first = _TEXT_START_RE.match(text)
    starts = [m for m in _SENTENCE_START_RE.finditer(text)
              if first is None or m.start(1) != first.start(1)]
    if first is not None:
        starts.insert(0, first)
    if len(starts) >= 3:
        lower = sum(1 for m in starts if m.group(1).islower()
                    and not _NOT_AN_END_RE.search(text, max(0, m.start() - 12), m.start(1)))
        if lower and lower <= 0.2 * len(starts):
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
