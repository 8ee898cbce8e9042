"""The corrector: for every word an active rule may have produced, decide whether to undo it.

Three situations, from the easiest to the hardest:

* the word is unknown and undoing the rule gives a known word (``préschezte`` → ``présente``):
  fixed with the rule's confidence, lowered a little for capitalised words inside a sentence
  (names are the usual genuine unknown words);
* the word *is* the replacement (``une`` under ``la → une``): the language model compares the
  original and the replacement between the same neighbours; genuine uses (« que ce soit »,
  « chez nous ») keep the replacement, and so does a capitalised one (« Une », « Aigle »):
  spinners fold the case of what they write;
* a known word contains the replacement and undoing it gives another known word
  (``rale`` → ``race`` under ``ce → le``): the same context comparison decides. Under a
  whole-word rule only a word far rarer than its undo is weighed (``lee`` → ``une`` under
  ``un → le``): the engine reads a swap as whole words when no unknown word shows it inside
  others, and the spinner may have swapped inside words all the same.

Under a rule that continues a chain (``en → parmi`` through ``dans``), an occurrence is
restored to whichever of the first original and the middle word reads better.

The decision's confidence is P(rule active) × P(this occurrence was the original | context).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from . import rules as _rules
from .document import Document
from .grammar import LOWERCASE_START_LLR
from .lexicon import KNOWN_FREQUENCY, Lexicon
from .rules import (
    MIN_FREQUENCY_GAIN,
    DetectedRule,
    common_undos,
    swap_posterior,
    undo_in_context,
    undo_variants,
)
from .tokenize import spelling

# Share of unknown words, explained by an active rule, that were nonetheless genuine.
GENUINE_UNKNOWN = 0.03
# Names: a capitalised unknown word inside a sentence is more often genuine.
GENUINE_UNKNOWN_CAPITALISED = 0.15
# An unknown word that no undo makes known is repaired only under a rule this sure, when
# undoing it makes the spelling this many nats more French (``Lexicon.letters``): at that
# gain the edit is even odds.
SURE_FOR_SPELLING = 0.95
SPELLING_GAIN = 3.0
# Under a whole-word rule, weigh the known words holding its replacement that are
# ``MIN_FREQUENCY_GAIN`` times rarer than their undo (``lee`` for ``une``), as inside a
# substring rule's region. Eight tune samples of the corpora: token errors 8,985 → 8,942 in
# single documents and 3,933 → 3,925 in four-article texts, sound tokens broken and clean
# documents unchanged, the tune halves of the manual pages and the programs' messages too.
WORD_RULES_INSIDE_WORDS = True
# Under a chain (``en → dans → parmi``), an occurrence of the last replacement may have been
# the middle word (the text's own « dans »): the corrector restores whichever of the two reads
# better. Eight tune samples of the corpora: no change (the middle word is rarely the text's
# own); it undoes the chain of ``tests/test_rules.py`` exactly.
CHAIN_MIDDLE = True


@dataclass(frozen=True, slots=True)
class Proposal:
    token: int
    new_form: str
    rule: DetectedRule
    confidence: float
    kind: str  # "unknown", "word" or "inner"


def propose(doc: Document, rule: DetectedRule, lex: Lexicon) -> list[Proposal]:
    """Every change the rule suggests inside its region, with a confidence each."""
    o, s = rule.original, rule.replacement
    out: list[Proposal] = []
    p_rule = rule.confidence
    for u in range(rule.first_unit, rule.last_unit + 1):
        for i in doc.unit_token_ranges[u]:
            form = doc.forms[i]
            if s not in form:
                continue
            if i in rule.explained:
                fix = rule.explained[i]
                tok = doc.tokens[i].text
                capitalised = tok[:1].isupper() and not doc.sentence_initial[i]
                genuine = GENUINE_UNKNOWN_CAPITALISED if capitalised else GENUINE_UNKNOWN
                out.append(Proposal(i, fix, rule, p_rule * (1.0 - genuine), "unknown"))
            elif _capital_in_replacement(doc, i, form, s):
                continue  # « Une », « Aigle »: spinners fold case, the author wrote this
            elif form == s:
                post = rule.word_posteriors.get(i)
                if post is None:
                    post = _word_posterior(doc, i, u, o, s, lex)
                fix = o
                if rule.via is not None and CHAIN_MIDDLE:
                    # a chain swapped the middle word too (the text's own « dans » became
                    # « parmi » under ``en → dans → parmi``): the occurrence may be either
                    post_via = _word_posterior(doc, i, u, rule.via, s, lex)
                    if post_via > post:
                        fix, post = rule.via, post_via
                out.append(Proposal(i, fix, rule, p_rule * post, "word"))
            elif rule.scope != "substring":
                # the engine reads a swap as whole words when no unknown word shows it inside
                # others, but the spinner may have swapped inside words too: a known word far
                # rarer than its undo (``lee`` for ``une`` under ``un → le``) is weighed as
                # one inside a substring rule's region is
                if WORD_RULES_INSIDE_WORDS and lex.is_known(form):
                    out.extend(_inner(doc, i, u, form, rule, lex, MIN_FREQUENCY_GAIN))
                continue
            elif not lex.is_known(form) and p_rule >= SURE_FOR_SPELLING:
                # an unknown word that no undo makes known (a name: ``Carquipasz``) is
                # repaired when undoing the swap makes it read far more like French
                here = lex.letters.logprob(form)
                gain, fix = max((lex.letters.logprob(v) - here, v)
                                for v in undo_variants(form, s, o))
                p_fix = 1.0 / (1.0 + math.exp(-(gain - SPELLING_GAIN)))
                out.append(Proposal(i, fix, rule, p_rule * p_fix, "spelling"))
            elif lex.is_known(form):
                out.extend(_inner(doc, i, u, form, rule, lex, 0.0))
    return out


def _word_posterior(doc: Document, i: int, u: int, o: str, s: str, lex: Lexicon) -> float:
    """P(token ``i``, in unit ``u``, the word ``s``, was ``o``) from its context."""
    bonus = LOWERCASE_START_LLR if doc.lowercase_start(i) else 0.0
    return swap_posterior(lex, *doc.context(i, u), o, s, bonus)


def _inner(doc: Document, i: int, u: int, form: str, rule: DetectedRule, lex: Lexicon,
           gain: float) -> list[Proposal]:
    """The known word ``form`` (token ``i``, in unit ``u``) with the rule's replacement
    inside it, undone to the known word at least ``gain`` times as frequent that fits best
    (``rules.common_undos``, ``rules.undo_in_context``): at most one proposal."""
    undos = common_undos(lex, form, rule.replacement, rule.original, gain)
    if not undos:
        return []
    best = undo_in_context(lex, *doc.context(i, u), form, undos)
    return [] if best is None else [Proposal(i, best[1], rule, rule.confidence * best[0], "inner")]


def _capital_in_replacement(doc: Document, i: int, form: str, s: str) -> bool:
    """Token ``i`` holds a capital where ``s`` stands in it: spinners fold the case of what
    they write, so no occurrence there is theirs."""
    return any(doc.written_by_hand(i, k, k + len(s)) for k in _rules.occurrence_starts(form, s))


def propose_chains(doc: Document, rules: list[DetectedRule], lex: Lexicon,
                   skip: set[int]) -> list[Proposal]:
    """Unknown words that two active rules damaged together (``absence`` → ``absdansce`` by
    ``en → dans``, then ``absdansun`` by ``ce → un``): undo both, in either order."""
    out: list[Proposal] = []
    unit_of = doc.unit_of_token()
    for i, form in enumerate(doc.forms):
        if i in skip or lex.is_known(form):
            continue
        u = unit_of[i]
        active = [r for r in rules if r.first_unit <= u <= r.last_unit and r.replacement in form]
        if len(active) < 2:
            continue
        best: tuple[float, str, DetectedRule, DetectedRule] | None = None
        for r1 in active:
            for r2 in active:
                if r1 is r2:
                    continue
                for v1 in undo_variants(form, r1.replacement, r1.original):
                    for v2 in undo_variants(v1, r2.replacement, r2.original) or [v1]:
                        f = lex.frequency(v2)
                        if f >= KNOWN_FREQUENCY and (best is None or f > best[0]):
                            best = (f, v2, r1, r2)
        if best is not None:
            _, fix, r1, r2 = best
            conf = r1.confidence * r2.confidence * (1.0 - GENUINE_UNKNOWN)
            out.append(Proposal(i, fix, r1, conf, "chain"))
    return out


def restore_case(original_token: str, old_form: str, new_form: str, capital: bool,
                 whole: bool = False) -> str:
    """Write ``new_form`` with the case of the token it replaces.

    Characters shared with the old form at either end keep their exact bytes; the changed
    middle is upper-cased in an all-caps word, capitalised at the start of a capitalised word
    or where ``capital`` says a capital belongs (a sentence start: the spinner wrote ``une``
    for ``La``; a part of a name: ``États-ceis``), lower-cased otherwise. ``whole``: the
    spinner wrote the whole old form (a whole-word swap), so a first letter it shares with
    the new one is the spinner's too, and takes the capital that belongs there (``lésiner``
    for ``Les`` gives back ``Les``, not ``les``).
    """
    token = spelling(original_token)
    was_nfd = unicodedata.normalize("NFC", original_token) != original_token
    if len(token) != len(old_form) or token.lower() != old_form:
        token = old_form if not token.isupper() else old_form.upper()
    p = 0
    while p < min(len(old_form), len(new_form)) and old_form[p] == new_form[p]:
        p += 1
    q = 0
    while (q < min(len(old_form), len(new_form)) - p
           and old_form[len(old_form) - 1 - q] == new_form[len(new_form) - 1 - q]):
        q += 1
    middle = new_form[p:len(new_form) - q]
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        middle = middle.upper()
    elif p == 0 and (token[:1].isupper() or capital):
        middle = middle[:1].upper() + middle[1:]
    out = token[:p] + middle + token[len(token) - q:]
    if whole and capital and p > 0:
        out = out[:1].upper() + out[1:]
    return unicodedata.normalize("NFD", out) if was_nfd else out
