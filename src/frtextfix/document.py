"""The working state of one text while it is repaired: its words, its sentences ("units", the
grain at which rules are localised) and the current form of every word.

Forms are lookup keys (NFC, lower case). Rounds of repair update the forms; the input text is
never modified, and edits are derived from the forms at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .grammar import GAP, adjacency, as_seen
from .tokenize import HYPHEN, Token, normalize, prose, sentence_spans, spelling, words


@dataclass
class Document:
    text: str
    tokens: list[Token]
    forms: list[str]
    unit_spans: list[tuple[int, int]]
    unit_token_ranges: list[range]
    sentence_initial: list[bool]
    # token index -> list of (rule id, old form, new form, confidence), in the order applied
    history: dict[int, list[tuple[str, str, str, float]]] = field(default_factory=dict)
    _capitalises: bool = False

    @classmethod
    def from_text(cls, text: str, joins: Callable[[str], bool] | None = None) -> Document:
        """``joins`` says which hyphenated compounds (lookup keys such as ``celui-là``) are
        one word here: a spinner may put a hyphenated synonym in the place of one word."""
        readable = prose(text)  # markup and addresses blanked, same offsets
        tokens = words(readable)
        if joins is not None and HYPHEN in text:
            tokens = _join_compounds(text, tokens, joins)
        forms = [t.key for t in tokens]
        unit_spans = list(sentence_spans(readable))
        ranges: list[range] = []
        initial = [False] * len(tokens)
        i = 0
        for _, end in unit_spans:
            first = i
            while i < len(tokens) and tokens[i].start < end:
                i += 1
            ranges.append(range(first, i))
            if i > first:
                initial[first] = True
        doc = cls(text, tokens, forms, unit_spans, ranges, initial)
        doc._capitalises = doc.capitalises_sentences
        return doc

    @classmethod
    def empty(cls, text: str) -> Document:
        """A document with no words analysed (the screen found nothing to do)."""
        return cls(text, [], [], [], [], [])

    @property
    def capitalises_sentences(self) -> bool:
        """Whether this text starts its sentences with a capital (nearly all do). Spinners
        write their replacements in lower case, so in such a text a lower-case sentence start
        is a trace of a swap."""
        starts = [self.tokens[r.start].text for r in self.unit_token_ranges if len(r)]
        if len(starts) < 3:
            return False
        upper = sum(1 for t in starts if t[:1].isupper())
        return upper >= 0.8 * len(starts)

    def lowercase_start(self, i: int) -> bool:
        """Token ``i`` starts a sentence in lower case, in a text that capitalises them."""
        return (self.sentence_initial[i] and self.tokens[i].text[:1].islower()
                and self._capitalises)

    @cached_property
    def capitalised(self) -> frozenset[int]:
        """The tokens written with a capital (:meth:`written_by_hand`): never a spinner's
        replacement. The tokens' text never changes (repairs change their forms)."""
        return frozenset(i for i in range(len(self.tokens)) if self.written_by_hand(i))

    def written_by_hand(self, i: int, start: int = 0, end: int | None = None) -> bool:
        """Token ``i`` (or its letters ``start:end``) holds a capital: spinners fold the case
        of what they write (``La`` → ``une``), so that part is not a replacement."""
        text = spelling(self.tokens[i].text)  # offsets of the lookup key
        return any(ch.isupper() for ch in text[start:end])

    def in_capitalised_name(self, i: int) -> bool:
        """Token ``i`` is joined by hyphens to a part capitalised other than by a sentence
        start: a name (``Clichy-sous-Bois``, ``États-Unis``), whose parts a spinner writes in
        lower case when it swaps them."""
        tokens, text = self.tokens, self.text
        first = last = i
        while first > 0 and _hyphen_between(text, tokens[first - 1], tokens[first]):
            first -= 1
        while last + 1 < len(tokens) and _hyphen_between(text, tokens[last], tokens[last + 1]):
            last += 1
        if any(tokens[m].text[:1].isupper() for m in range(first + 1, last + 1) if m != i):
            return True
        if first == i or not tokens[first].text[:1].isupper() or self.sentence_initial[first]:
            return False
        # a first part capitalised in the middle of a sentence, not after a colon or a quote
        # (« est : Peut-on »)
        before = text[:tokens[first].start].rstrip()
        return bool(before) and (before[-1].isalnum() or before[-1] == ",")

    @property
    def n_units(self) -> int:
        return len(self.unit_spans)

    def unit_key_text(self, unit: int) -> str:
        """The unit's current forms joined by spaces: what substring counts are taken on."""
        return " ".join(self.forms[i] for i in self.unit_token_ranges[unit])

    def window(self, i: int, unit: int) -> tuple[str, str, str, str]:
        """Two words before and two after token ``i`` inside its sentence, padded with
        ``<s>``/``</s>``: the context the language model judges a word in. A hyphenated
        neighbour counts as its parts (the model knows words, not compounds)."""
        r = self.unit_token_ranges[unit]
        f = self.forms
        p1 = f[i - 1] if i - 1 >= r.start else "<s>"
        p2 = f[i - 2] if i - 2 >= r.start else "<s>"
        n1 = f[i + 1] if i + 1 < r.stop else "</s>"
        n2 = f[i + 2] if i + 2 < r.stop else "</s>"
        if HYPHEN in p1 or HYPHEN in p2 or HYPHEN in n1 or HYPHEN in n2:
            before = [p for j in range(max(r.start, i - 2), i) for p in f[j].split(HYPHEN)]
            after = [p for j in range(i + 1, min(r.stop, i + 3)) for p in f[j].split(HYPHEN)]
            before = ["<s>", "<s>", *before]
            after = [*after, "</s>", "</s>"]
            return before[-2], before[-1], after[0], after[1]
        return p2, p1, n1, n2

    def apostrophe_before(self, i: int) -> bool:
        """Token ``i`` follows the previous one after an apostrophe alone (``l'élevage``)."""
        if i == 0:
            return False
        end = self.tokens[i - 1].end
        return self.tokens[i].start == end + 1 and self.text[end] in "'’"

    @cached_property
    def _adjacent(self) -> list[bool]:
        """``grammar.adjacency`` of the tokens: asked for every occurrence weighed, so worked
        out once per document."""
        return adjacency(self.text, self.tokens)

    def grammar_prev(self, i: int, prev: str) -> str:
        """``prev`` as the grammar checks should see it before token ``i`` (``grammar.as_seen``;
        ``grammar.GAP`` when something other than a space stands between them)."""
        if i == 0 or prev == "<s>":
            return prev
        if not self._adjacent[i]:
            return GAP
        return as_seen(prev, self.apostrophe_before(i))

    def grammar_next(self, i: int, nxt: str) -> str:
        """``nxt`` as the grammar checks should see it after token ``i`` (``grammar.GAP`` when
        something other than a space stands between them)."""
        if nxt == "</s>" or i + 1 >= len(self.tokens) or self._adjacent[i + 1]:
            return nxt
        return GAP

    def context(self, i: int, unit: int) -> tuple[tuple[str, str, str, str], str, str]:
        """Token ``i``'s window (:meth:`window`) and its neighbours as the grammar checks see
        them (:meth:`grammar_prev`, :meth:`grammar_next`): what a swap is weighed on."""
        window = self.window(i, unit)
        return window, self.grammar_prev(i, window[1]), self.grammar_next(i, window[2])

    def unit_of_token(self) -> list[int]:
        out = [0] * len(self.tokens)
        for u, r in enumerate(self.unit_token_ranges):
            for i in r:
                out[i] = u
        return out

    def set_form(self, i: int, new: str, rule: str, confidence: float) -> None:
        self.history.setdefault(i, []).append((rule, self.forms[i], new, confidence))
        self.forms[i] = new


def _hyphen_between(text: str, a: Token, b: Token) -> bool:
    return b.start == a.end + 1 and text[a.end] == HYPHEN


def _join_compounds(text: str, tokens: list[Token], joins: Callable[[str], bool]) -> list[Token]:
    """Merge the runs of words joined by single hyphens whose key ``joins`` accepts."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        m = k
        while m + 1 < n and _hyphen_between(text, tokens[m], tokens[m + 1]):
            m += 1
        if m > k:
            start, end = tokens[k].start, tokens[m].end
            piece = text[start:end]
            if joins(normalize(piece)):
                out.append(Token(start, end, piece))
                k = m + 1
                continue
        out.append(tokens[k])
        k += 1
    return out
