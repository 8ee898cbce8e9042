"""A content spinner that damages clean French the way real spinners do, recording the truth.

Use it to measure frtextfix (or anything else) on your own text: spin clean text, repair it,
compare with the original (``frtextfix.evaluation.evaluate`` does all three). The model follows the damage seen in the wild (see
``docs/PROBLEM.md``):

* per article, a handful of rules ``original → replacement`` (default 1 to 4), where
  ``original`` is a thesaurus headword that occurs in the text and ``replacement`` one of its
  synonyms (single words by default);
* about half the rules are drawn among the frequent function words present in the text
  (``en``, ``la``, ``ou``, ``ce``…), the others among the other headwords present (content
  words), uniformly at random: there is no fixed list;
* a rule replaces *every* occurrence, matched case-insensitively, and writes the replacement
  in lower case (``La Guinée`` → ``une Guinée``);
* short headwords (2 to 3 letters by default) are replaced as substrings, inside words too
  (``présente`` → ``préschezte`` for ``en → chez``); longer ones (and one-letter ones) as
  whole words (``croissance`` → ``essor``);
* rules are applied in sequence, so they chain (``pays → race`` then ``ce → le`` gives
  ``rale``);
* optionally (``off_thesaurus_rate``) a rule is a letter-group swap the thesaurus does not
  list, as OCR or other spinners produce.

Every recorded rule changed the text, and once applied its original no longer occurs in the
text (as a word for word rules, as a substring for substring rules): a candidate that would
break this (a later rule bringing back an earlier original) is drawn again.

>>> from frtextfix.spinner import MappingThesaurus, spin
>>> th = MappingThesaurus({"en": ("chez",), "croissance": ("essor",)})
>>> spun = spin("En 2024, la croissance en France se présente bien.", seed=1, n_rules=2,
...             thesaurus=th)
>>> spun.text
'chez 2024, la essor chez France se préschezte bichez.'
>>> [(str(rule), rule.scope, rule.count) for rule in spun.rules]
[('en→chez', 'substring', 4), ('croissance→essor', 'word', 1)]

Without ``thesaurus=``, the French thesaurus shipped with the package is used.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import regex

from .resources import word_frequencies
from .tokenize import normalize, word_keys
from .types import RuleScope

__all__ = [
    "MappingThesaurus",
    "SpinRule",
    "SpunText",
    "ThesaurusLike",
    "spin",
    "spin_articles",
]

ARTICLE_SEPARATOR = "\n\n"
# Letters as the tokenizer sees them (a word is a run of letters and combining marks).
_LETTER = r"[\p{L}\p{M}]"
_MAX_ATTEMPTS = 30  # candidates tried per rule before giving up on that rule


class ThesaurusLike(Protocol):
    """What the spinner needs from a thesaurus (``frtextfix.resources.thesaurus()`` fits)."""

    @property
    def headwords(self) -> frozenset[str]: ...

    def synonyms(self, headword: str) -> tuple[str, ...]: ...


class MappingThesaurus:
    """A thesaurus from a plain mapping ``headword -> synonyms``, for tests and custom lists."""

    def __init__(self, entries: Mapping[str, Iterable[str]]) -> None:
        self._entries = {normalize(h): tuple(s) for h, s in entries.items()}
        self.headwords = frozenset(self._entries)

    def synonyms(self, headword: str) -> tuple[str, ...]:
        return self._entries.get(headword, ())


@dataclass(frozen=True, slots=True)
class SpinRule:
    """One substitution applied to an article: every ``original`` became ``replacement``.

    ``count`` is the number of occurrences replaced. ``in_thesaurus`` tells whether the
    thesaurus lists ``replacement`` as a synonym of ``original``.
    """

    original: str
    replacement: str
    scope: RuleScope
    in_thesaurus: bool
    count: int

    def __str__(self) -> str:
        return f"{self.original}→{self.replacement}"


@dataclass(frozen=True, slots=True)
class SpunText:
    """A spun text and its truth.

    ``rules`` are in the order they were applied. For :func:`spin_articles`, ``articles``
    holds one :class:`SpunText` per article, in order, and ``spans`` their ``(start, end)``
    offsets in ``text`` (``spans`` is empty for a single article); ``rules`` is then the
    concatenation of the articles' rules.
    """

    text: str
    original: str
    rules: tuple[SpinRule, ...]
    articles: tuple[SpunText, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original


def spin(
    text: str,
    *,
    seed: int | random.Random | None = None,
    n_rules: int | tuple[int, int] = (1, 4),
    substring_max_len: int = 3,
    substring_min_len: int = 2,
    function_word_share: float = 0.5,
    function_word_zipf: float = 6.0,
    off_thesaurus_rate: float = 0.0,
    multiword_synonyms: bool = False,
    thesaurus: ThesaurusLike | None = None,
) -> SpunText:
    """Spin one article; never raises on a ``str`` (no rule applies to empty text).

    seed:
        An int (deterministic), a ``random.Random`` (drawn from, so successive calls differ
        reproducibly), or None (fresh randomness).
    n_rules:
        The number of rules, or an inclusive range drawn uniformly. Fewer are applied when
        the text offers fewer candidates.
    substring_max_len, substring_min_len:
        Headwords whose length is in this range are replaced as substrings, inside words too;
        the others as whole words.
    function_word_share:
        The probability that a rule is drawn among the frequent function words present in
        the text rather than among the other headwords present.
    function_word_zipf:
        A headword is a frequent function word when its ``wordfreq`` Zipf frequency in French
        reaches this (6.0: about the 60 most frequent words, ``de``, ``la``, ``en``, ``ou``…).
    off_thesaurus_rate:
        The probability that a rule is instead a swap of one frequent 2–3 letter group of the
        text for another, applied as a substring, which the thesaurus need not list.
    multiword_synonyms:
        Allow replacements of several words (``ou → ou bien``).
    thesaurus:
        Where headwords and synonyms come from; default ``frtextfix.resources.thesaurus()``.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    if not isinstance(text, str):
        raise TypeError(f"spin expects a str, got {type(text).__name__}")
    spinner = _Spinner(
        thesaurus if thesaurus is not None else _default_thesaurus(),
        substring_len=(substring_min_len, substring_max_len),
        function_word_share=function_word_share,
        function_word_zipf=function_word_zipf,
        off_thesaurus_rate=off_thesaurus_rate,
        multiword_synonyms=multiword_synonyms,
    )
    low, high = (n_rules, n_rules) if isinstance(n_rules, int) else n_rules
    return spinner.spin(text, rng.randint(low, high) if high > low else max(low, 0), rng)


def spin_articles(
    articles: Sequence[str],
    *,
    seed: int | random.Random | None = None,
    separator: str = ARTICLE_SEPARATOR,
    **options: object,
) -> SpunText:
    """Spin each article with its own rules and join them with ``separator`` (a blank line).

    ``options`` are those of :func:`spin`. The result records each article's
    :class:`SpunText` and its span in the joined text.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    spun = tuple(spin(article, seed=rng, **options) for article in articles)  # type: ignore[arg-type]
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in spun:
        spans.append((pos, pos + len(part.text)))
        pos += len(part.text) + len(separator)
    return SpunText(
        text=separator.join(part.text for part in spun),
        original=separator.join(part.original for part in spun),
        rules=tuple(rule for part in spun for rule in part.rules),
        articles=spun,
        spans=tuple(spans),
    )


def _default_thesaurus() -> ThesaurusLike:
    from .resources import thesaurus  # the shipped data, loaded once by resources

    return thesaurus()


def _zipf(word: str) -> float:
    """Zipf frequency of ``word`` in French (log10 of occurrences per billion words)."""
    freq = word_frequencies().get(word, 0.0)
    return math.log10(freq) + 9.0 if freq > 0 else 0.0


@lru_cache(maxsize=4096)
def _pattern(original: str, whole_word: bool) -> regex.Pattern[str]:
    """Case-insensitive matcher of ``original``, in NFC or NFD, optionally as a whole word."""
    forms = sorted({unicodedata.normalize(f, original) for f in ("NFC", "NFD")}, key=len)
    body = "|".join(regex.escape(form) for form in reversed(forms))
    if whole_word:
        body = rf"(?<!{_LETTER})(?:{body})(?!{_LETTER})"
    return regex.compile(body, regex.IGNORECASE)


class _Spinner:
    def __init__(
        self,
        thesaurus: ThesaurusLike,
        *,
        substring_len: tuple[int, int],
        function_word_share: float,
        function_word_zipf: float,
        off_thesaurus_rate: float,
        multiword_synonyms: bool,
    ) -> None:
        self.thesaurus = thesaurus
        self.substring_len = substring_len
        self.function_word_share = function_word_share
        self.function_word_zipf = function_word_zipf
        self.off_thesaurus_rate = off_thesaurus_rate
        self.multiword_synonyms = multiword_synonyms

    def scope(self, original: str) -> RuleScope:
        low, high = self.substring_len
        return "substring" if low <= len(original) <= high else "word"

    def usable_synonyms(self, headword: str) -> list[str]:
        out = []
        for synonym in self.thesaurus.synonyms(headword):
            synonym = synonym.lower()
            if synonym == headword or not synonym.strip():
                continue
            if not self.multiword_synonyms and any(c.isspace() for c in synonym):
                continue
            out.append(synonym)
        return sorted(set(out))

    def spin(self, text: str, n_rules: int, rng: random.Random) -> SpunText:
        current = text
        rules: list[SpinRule] = []
        for _ in range(n_rules):
            step = self.next_rule(current, rules, rng)
            if step is None:
                break
            rule, current = step
            rules.append(rule)
        return SpunText(text=current, original=text, rules=tuple(rules))

    def next_rule(
        self, text: str, done: list[SpinRule], rng: random.Random
    ) -> tuple[SpinRule, str] | None:
        """Draw one rule that changes ``text`` and keeps every rule's original out of it."""
        if self.off_thesaurus_rate > 0 and rng.random() < self.off_thesaurus_rate:
            candidates = self.letter_group_candidates(text, rng)
        else:
            candidates = self.thesaurus_candidates(text, done, rng)
        for attempt, (original, replacement, scope) in enumerate(candidates):
            if attempt >= _MAX_ATTEMPTS:
                break
            new_text, count = _pattern(original, scope == "word").subn(
                _constant(replacement),
                text,  # a function: no backslash escapes
            )
            rule = SpinRule(
                original=original,
                replacement=replacement,
                scope=scope,
                in_thesaurus=replacement in (s.lower() for s in self.thesaurus.synonyms(original)),
                count=count,
            )
            if count and _originals_gone(new_text, [*done, rule]):
                return rule, new_text
        return None

    def thesaurus_candidates(
        self, text: str, done: list[SpinRule], rng: random.Random
    ) -> Iterable[tuple[str, str, RuleScope]]:
        used = {rule.original for rule in done}
        present = sorted(
            key
            for key in set(word_keys(text))
            if key in self.thesaurus.headwords and key not in used
        )
        function = [w for w in present if _zipf(w) >= self.function_word_zipf]
        content = [w for w in present if _zipf(w) < self.function_word_zipf]
        first, second = (
            (function, content) if rng.random() < self.function_word_share else (content, function)
        )
        rng.shuffle(first)
        rng.shuffle(second)
        for headword in [*first, *second]:
            synonyms = self.usable_synonyms(headword)
            if synonyms:
                yield headword, rng.choice(synonyms), self.scope(headword)

    def letter_group_candidates(
        self, text: str, rng: random.Random
    ) -> Iterable[tuple[str, str, RuleScope]]:
        """Frequent 2–3 letter groups of the text, each paired with another frequent group."""
        groups: Counter[str] = Counter()
        for key in word_keys(text):
            for n in (2, 3):
                groups.update(key[i : i + n] for i in range(len(key) - n + 1))
        common = sorted(g for g, _ in groups.most_common(40))
        if len(common) < 2:
            return
        rng.shuffle(common)
        for original in common[:20]:
            replacement = rng.choice(common)
            if original not in replacement:
                yield original, replacement, "substring"


def _originals_gone(text: str, rules: list[SpinRule]) -> bool:
    """True when no rule's original occurs in ``text`` (as a word / as a substring)."""
    keys: set[str] | None = None
    folded: str | None = None
    for rule in rules:
        if rule.scope == "word":
            if keys is None:
                keys = set(word_keys(text))
            if normalize(rule.original) in keys:
                return False
        else:
            if folded is None:
                folded = normalize(text)
            if normalize(rule.original) in folded:
                return False
    return True


def _constant(value: str) -> Callable[[regex.Match[str]], str]:
    """A replacement function returning ``value`` verbatim (no backslash escapes)."""
    return lambda _match: value
