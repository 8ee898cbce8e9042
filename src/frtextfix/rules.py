"""The rule engine: find the substitutions a spinner applied, and where, from evidence.

A candidate rule ``original → replacement`` comes from the text itself:

* an unknown word becomes a known one when an occurrence of a thesaurus synonym inside it is
  turned back into its headword (``préschezte`` → ``présente`` for ``en → chez``);
* the same, for a letter group the thesaurus does not list, when the original group is
  missing from the neighbourhood although French would use it (other spinners, OCR);
* a frequent word is missing from a stretch of text where one of its synonyms stands;
* a word breaks grammar where a headword listing it would not (``de essor``, ``tu avez``) or
  starts a sentence in lower case;
* inside a stretch where a sure rule holds, a content word may be a swap of any headword
  listing it; outside, a content word repeated far more than French has it.

Each candidate is then weighed sentence by sentence ("units") as a log-likelihood ratio of
"the rule is active here" against "this is ordinary French":

* absence — the spinner replaces *every* occurrence, so under the rule the original never
  occurs; in French it would occur ``λ`` times (Poisson), which is worth ``λ`` nats;
* excess — the replacement occurs as a word more often than French would have it;
* explanations — each distinct unknown word that the rule turns into a known word;
* context — for every occurrence of the replacement as a word, how much better the original
  fits between its neighbours (trigram language model), and the grammar checks it breaks.

Any occurrence of the original contradicts the rule in that sentence, so rules are localised
in the maximal runs of sentences without one. The posterior log-odds (prior + evidence)
becomes the rule's confidence.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Any, cast

import regex

from .document import Document
from .grammar import (
    ELIDED,
    ELIDING,
    LOWERCASE_START_LLR,
    NOT_PLURAL_SUBJECTS,
    breaks_agreement,
    grammar_llr,
    violations,
)
from .lexicon import KNOWN_FREQUENCY, PRONOUN_CONTEXT, SUSPICIOUS_FREQUENCY, Lexicon, remember
from .lm import LetterModel
from .tokenize import HYPHEN
from .topics import TopicContext
from .types import RuleScope

# Prior log-odds that a candidate is an active rule, before any evidence. Thesaurus swaps are
# what spinners use; other letter-group swaps need much more evidence.
PRIOR_THESAURUS = -5.0
PRIOR_OFF_THESAURUS = -11.0
# A rule that explains no unknown word rests on counts and context alone; so many frequent
# words and synonyms are tried that it needs much stronger evidence.
PRIOR_UNEXPLAINED = -14.0
# Between the two: the replacement breaks a grammar check (``de essor``) that the original
# would not.
PRIOR_GRAMMAR = -12.0
# Spinners apply several rules per article: inside a stretch where a rule is already
# established, further rules are far less improbable a priori.
SPUN_REGION_BONUS = 6.0
# The bigram model's context ratios are overconfident (neighbouring decisions are not
# independent, and the model is small): their log-likelihood ratios are tempered.
CONTEXT_WEIGHT = 0.6
# The same for deciding one occurrence once the rule is established (tuned on the tune split).
TOKEN_CONTEXT_WEIGHT = 0.6
# A substring rule's region reaches, as far as nothing contradicts it, the sentences holding a
# known word it made of a more common one (``lee`` from ``une`` under ``un → le``), where the
# undo reads better in context (``RuleEngine._inner_reach``). Eight tune samples of the
# corpora: token errors 9,145 → 9,014 in single documents and 4,012 → 3,940 in four-article
# texts, sound tokens broken 616 → 621, clean documents and the manual pages' and messages'
# tune halves unchanged.
INNER_REACH = True
# So does a whole-word rule's, to the words the corrector weighs under it: those
# ``MIN_FREQUENCY_GAIN`` times rarer than their undo (``corrector.WORD_RULES_INSIDE_WORDS``).
# Tune samples: token errors 8,942 → 8,938 and 3,925 → 3,918, nothing else changed.
REACH_WORD = True
# Swaps the thesaurus does not list must explain at least this many distinct unknown words.
MIN_OFF_THESAURUS_FORMS = 3
# Look for chains through a sure rule's replacement (``RuleEngine.candidates``): after
# ``en → dans`` inside words, then ``dans → parmi``, every « en » reads « parmi ». Eight tune
# samples of the corpora: token errors 8,938 → 8,869 in single documents and 3,918 → 3,901 in
# four-article texts, sound tokens broken 621 → 625, clean documents and the out-of-domain
# tune halves unchanged. Through any rule accepted, not only the sure ones: three tokens.
CHAINS = True
# Spinners replace short words inside longer ones; a long original replaced as a substring is
# much rarer (and "explanations" of it are often inflections: ``tempos`` → ``rythmes``;
# ``préréglages`` → ``sélections`` in a manual page that names its presets). At −4 such rules
# made two fifths of the false edits on manual pages; at −12 only many explained families
# carry one. Tune half of the pages, tokens changed in clean sections 206 → 158 (−8) → 122;
# corpora, eight tune samples: 2 more token errors (``deux → couple`` had been found as a
# substring rule), the rest the same (the benchmark's spinner, like the seed's, swaps short
# words only inside others).
LONG_SUBSTRING = -12.0
# ... "long" meaning an original of more letters than this.
LONG_ORIGINAL = 3
# A swap between two content words: the context model is weakest there.
CONTENT_SWAP = -2.0
# A replacement unknown to every lexicon is as often a rare genuine word as a swapped one.
UNKNOWN_REPLACEMENT = -1.0
# A spinner picks one synonym of the original: the more one-word synonyms a content word has,
# the less likely any one of them (``lovelace`` lists only ``séducteur``, ``groupe`` 95 words).
# The evidence is SYNONYM_CHOICE × log(synonyms / TYPICAL_SYNONYMS) nats; a logistic fit on
# the tune split's weighed regions gave about -1, and -0.5 did best end to end (tune split,
# eight samples of 600 documents and 80 four-article texts: 9 % fewer sound tokens broken,
# 113 fewer token errors, docs/design.md). Function words are left out: their rules are judged by
# count and context, and the seed page lost ``les → leptocéphale`` with them in.
SYNONYM_CHOICE = -0.5
TYPICAL_SYNONYMS = 8.0
# A content word that the author also writes with a capital (``Léopard``: spinners write in
# lower case) is most likely the text's own word: a swap to it needs this much more evidence
# (nats; only overwhelming evidence survives it). Tune split, eight samples of 600 documents
# and 80 four-article texts: 20 fewer sound tokens broken, 8 fewer token errors; skipping
# such candidates outright lost a rule that 75 nats supported.
AUTHOR_WRITES_REPLACEMENT = -20.0
# The same where the author writes the replacement, a content word, in another number or
# gender in the same stretch (``numéros`` beside ``numéro``, ``nœuds`` beside ``nœud``): a
# whole-word swap writes one form only. Tune halves, tokens changed in clean text: manual
# pages 79 → 74 (122 → 104 before substring rules stopped counting absence without a damaged
# word), programs' messages 123 → 120; corpora, eight tune samples of 500 documents and 60
# four-article texts: sound tokens broken 639 → 636, token errors in four-article texts
# 4,000 → 4,006 (a text on islands that also writes « archipels »: ``île → archipel``),
# single documents the same. Reading the endings off as well (``disparu`` beside
# ``disparue``) cost 15 more token errors; −6 nats instead of −20 did about as well.
INFLECTED_REPLACEMENT = True
# A content word's swap, weighed against the subject of the text around it (``topics``):
# nats per unit of cosine gap between original and replacement, within these bounds. On the
# tune split a gap of 0.3 is about 2.5 nats on its own (true swaps against every swap a
# clean text offers); the engine's context evidence overlaps with it, so it counts for less.
# Tune split, eight samples: weight 4 up to 3 nats restored more and broke fewer sound tokens
# than 6 up to 4 or 9 up to 5 (docs/design.md).
TOPIC_WEIGHT = 4.0
TOPIC_MIN = -2.0
TOPIC_MAX = 3.0
# Words at least this frequent are function words (about the hundred most frequent).
FUNCTION_WORD_FREQUENCY = 1e-3
# Look for content-word swaps inside stretches where a sure rule holds.
CONTENT_SWAPS_IN_SPUN = True
# ... weighing in full only those whose cheap reading (``RuleEngine._spun_content_scores``: the
# prior of a content swap in a spun stretch and ``RuleEngine._cheap_pair_scores``) reaches
# this many nats: a content word has a dozen headwords to weigh, and weighing them was about a
# quarter of the time spent on spun text. Tune split, eight samples of 600 documents and 80
# four-article texts: at −12, −10 and −8, 0, 2 and 1 more token errors in single documents
# (of 10,739), the same in four-article texts, the same sound tokens broken and clean edits.
# In 150 spun documents −8 weighs 6,296 of the 14,024 content-word candidates (−12: 13,956),
# every one that reaches 0 nats among them, and takes about 13 % less time. None weighs every
# swap.
SPUN_CONTENT_GATE: float | None = -8.0
# A determiner of the gender a word never takes (``le race``, ``Lexicon.breaks_gender``) makes
# the headwords listing the word that agree with it candidates, as an elision break does.
GENDER_CANDIDATES = True
# A text where no rule was found may still be spun with content-word swaps alone (a spinner
# that drew no function word), which leave few traces: its content words are then weighed
# as inside a spun stretch, less this many nats for that hypothesis
# (``RuleEngine.content_hypothesis``; the repairer asks it where the screen saw a grammar
# break or a swap in context; a word the text repeats keeps the lower prior of repeated words,
# ``REPEATED_CONTENT_PRIOR``). Tune split, eight samples of 600 documents and 80
# four-article texts: token errors 10,825 → 10,760 in single documents and 5,199 → 5,186 in
# four-article texts (fewer or as many in every sample), sound tokens broken (917) and clean
# edits (17) unchanged. At 3 nats 15 more clean edits, at 2 nats 19 more (docs/design.md).
# None: not looked for.
CONTENT_HYPOTHESIS_PENALTY: float | None = 4.0
# ... and only the swaps whose cheap reading (``RuleEngine._cheap_pair_scores``, with the
# prior of a content swap in a spun stretch, less the penalty) reaches this many nats are
# weighed in full: most content words have a dozen headwords to weigh. (Tune split, two
# samples: of the content swaps weighed inside spun stretches, those that reached 4 nats all
# read at least −6.9 nats this way, −10.9 less the penalty; about a tenth of all reach −12.
# Eight samples: the same figures at −12 and −13.)
CONTENT_HYPOTHESIS_GATE = -12.0
# ... and only in a text (or a piece of a long one) of at most this many words: the texts of
# the benchmark where it helps have a few hundred (four-article texts up to 1,600), while in
# pieces of 20,000 characters of long clean text it took a fifth of the time for nothing
# found.
CONTENT_HYPOTHESIS_MAX_WORDS = 2000
# Outside them, a content word repeated at least this many times, and this many times more
# than French has it, is looked at as a swap too.
MIN_CONTENT_REPEATS = 2
REPEAT_EXCESS = 3.0
# (Shorter words are mostly function words and abbreviations.)
MIN_CONTENT_REPEAT_LENGTH = 4
# ... and needs this much more evidence than a candidate that something else suggested.
REPEATED_CONTENT_PRIOR = -2.0
# Such a word is weighed only where it reads out of place (its mean pointwise association
# with its nearest neighbours, bigram model, below this many nats), and a headword only when
# its context evidence there reaches this many nats. Tune split: the same repairs (down to
# -4 and up to 4 nats respectively), 529 → 20 pairs weighed in the clean documents let in.
MAX_REPLACEMENT_FIT = -3.0
MIN_REPEAT_CONTEXT = 2.0
# ... and an original seen fewer times than this by the language model is not weighed (tune
# split: a clean text on « zoroastrisme » turned into « parsisme » eight times, without it).
# The same bar holds for the content-word swaps looked for inside a spun stretch, where a
# spun text on Zoroaster got the same eight false edits (tune split, four samples of 600
# documents and 80 four-article texts: 17 fewer token errors, 18 fewer sound tokens broken).
MIN_REPEAT_ORIGINAL_COUNT = 20
# How many originals (the most frequent headwords listing a word) are tried for a content word
# (tune split, eight samples of 600 documents and 80 four-article texts, 32 against 16: 25
# fewer token errors in single documents and 29 in four-article texts, fewer or as many in
# every sample; sound tokens broken and clean edits unchanged; spun text about 5 % slower).
MAX_CONTENT_ORIGINALS = 32
# A frequent word is tried as the original of a whole-word swap when the text should hold it
# this many times (tuned on the tune split: 0.5 missed the swaps of short texts).
MIN_EXPECTED_MISSING = 0.1
# ... but only this many while no sure rule holds in the text: most texts analysed are clean
# (the screen is cautious), and the rarer originals cost more than they find there (tune
# split: clean text analysed a quarter faster; error reduction -0.2 points on one sample,
# unchanged on another).
MIN_EXPECTED_MISSING_UNSPUN = 0.3
# In a text where no sure rule holds yet, a missing frequent word's swap is weighed only when
# the screen's cheap reading of it (``RuleEngine._cheap_pair_scores``: the prior, the
# replacement's excess, its context under the bigram model) reaches this many nats of
# log-odds. Most such pairs score about the prior (−14: nothing speaks for them) and the
# engine's full weighing of them was most of the time spent on long clean texts. Tune split,
# eight samples of 600 documents and 80 four-article texts: the same token errors, sound
# tokens broken and clean edits at −13 and −12, 8 more token errors at −10; clean texts of
# 10,000 characters repaired 1.7 times as fast, spun documents 1.1 times. None weighs every
# pair.
MISSING_PAIR_GATE: float | None = -12.0
# Between two content words, repeats of the replacement are mostly the text's topic (a word
# on orbits says « orbite » fifteen times): the excess counts them at most this many times.
MAX_CONTENT_BURST = 2.0
# A content word's context evidence over its repeats counts in full only when grammar breaks
# stand by at least this share of them; one break among many repeats no longer does (manual
# pages: ``collège → paquet`` over 31 « paquet » with one break). With the word families
# (FAMILY_LETTERS): tune half of the pages, tokens changed in clean sections 1,238 → 763;
# corpora, eight tune samples: token errors in single documents 10,506 → 10,493, four-article
# texts 5,048 → 5,071, sound tokens broken 918 → 914, clean edits 17 → 17. A share of one half
# cost `La essor … cette essor … une essor` (one elision break in three), a case of
# fixtures/cases/synthetic.jsonl.
GRAMMAR_SHARE_UNDAMPED = 1 / 3
# A replacement the language model does not know (« spécification », « décompression ») gives
# no context comparison, only how well the original fits there; repeated this many times or
# more, it is the text's own term, and that fit is damped as a repeated content word's is
# (manual pages: ``volonté → spécification`` over 18 « spécification »). Tune half of the
# pages, tokens changed in clean sections 717 → 569; corpora, eight tune samples: token errors
# in single documents 10,493 → 10,494, four-article texts 5,071 → 5,065, sound tokens broken
# 914 → 884, clean edits 17 → 17. From two repeats: 10,523 / 5,081 / 881; from six: 10,526 /
# 5,071 / 914.
MIN_UNKNOWN_REPEATS_DAMPED = 4
# ...unless the original is a function word: a text's own term does not stand where « de » or
# « les » reads well, time after time, while those words are missing (« munition
# conséquemment calibre », `de → conséquemment` through `aussi`; « lésiner nazis »). Eight
# tune samples of the corpora: token errors in single documents 8,869 → 8,819, four-article
# texts, sound tokens broken and clean documents unchanged; the tune halves of the manual
# pages and the programs' messages unchanged in clean text (spun manual pages 67.5 → 67.7 %).
UNKNOWN_FOR_FUNCTION_WORD_UNDAMPED = True
# Damped, a repeated content word's context still grew as 1 + ln(repeats): « l'attribut « c » »
# 39 times in one manual page made ``adjectif → attribut`` sure. It grows no further than this
# (about seven repeats), as the excess does (MAX_CONTENT_BURST). Tune half of the pages,
# tokens changed in clean sections 488 → 426; corpora, eight tune samples: token errors
# unchanged (10,516 and 5,084), sound tokens broken 884, clean edits 17. A ceiling of 2 cost
# 44 token errors in single documents.
MAX_CONTEXT_BURST = 3.0
# A context window (two words either side) met again in other sentences counts in full this
# many times, then less and less: pages 426 → 404, corpora 10,516 → 10,515 and 5,084 →
# 5,087. Damped from the second meeting it cost 44 token errors, for 35 fewer sound tokens
# broken. Each side of the window is counted apart, and the more repeated side damps
# (``_window_sides``: templates change one side, « option non valable », « argument non
# valable »): tune halves of the manual pages and of the French messages of this machine's
# programs, tokens changed 312 → 242 and 749 → 419; corpora, eight tune samples of this
# pass: token errors 9,117 → 9,137 and 4,047 → 4,054 (two documents repeating a content
# word), broken tokens and clean edits unchanged. Whole windows: 312 and 749; the sides
# apart but not those at a sentence's edge (``<s>``): 268, 519, and 9,127 and 4,047. The
# replacement's excess counts its occurrences with the same weights (« non » thirty times in
# a template): messages 419 → 397, manual pages the same, corpora 9,137 → 9,136 and 4,054,
# sound tokens broken 669 → 665.
WINDOW_REPEATS_FREE = 2
# A rule that explains no word, whose replacement reads better as itself at most of its
# occurrences, has its context damped as a repeated content word's is (MAX_CONTEXT_BURST):
# « pour » 69 times in a catalog of messages, each leaning 0.26 nats towards « avec » on
# average, made `avec → pour` sure; the model's leanings in a genre it was not trained on are
# one bias, not 69 pieces of evidence. Tune half of the programs' messages, tokens changed in
# clean text 120 → 62 (manual pages the same); corpora, eight tune samples: sound tokens broken
# 636 → 616, token errors 9,126 → 9,145 in single documents and 4,006 → 4,012 in four-article
# texts (true ``une → la`` and ``un → le`` rules, whose « la » and « le » mostly read as
# themselves, are lost).
DAMP_WEAK_MAJORITY = True
# Cap on the evidence from the original's absence (nats).
MAX_ABSENCE_LLR = 10.0
# Log-likelihood ratio contributed by each distinct unknown word a rule explains.
EXPLANATION_LLR = 4.0
# A candidate fix must be this many times more frequent than the form it replaces.
MIN_FREQUENCY_GAIN = 20.0
# A word the language model has seen this often is French, never a damaged word. One it has
# seen fewer times (« lette », five times: a name) may be a damaged word inside which a swap
# is undone (``cette`` under ``ce → le``), though not a whole synonym (« méat » is no
# ``jour``): rare words in the corpora are mostly genuine, and such a reading of them made
# clean documents' false edits go 17 → 27. Eight tune samples: token errors 9,014 → 8,985
# in single documents and 3,940 → 3,933 in four-article texts, sound tokens broken and clean
# documents unchanged (the same at 100); the tune halves of the manual pages and the
# programs' messages unchanged. Until the twenty-sixth pass no word the model had seen was
# read as damaged.
EXPLAINED_MAX_MODEL_COUNT = 20
# Frequent words whose disappearance is checked (top of the thesaurus headwords by frequency).
N_FREQUENT_ORIGINALS = 400
# Letter groups considered for swaps the thesaurus does not list.
MIN_GROUP_RATE = 0.004
MAX_SUBSTRING = 16
# Longer runs of hyphenated words are lists or art (``a-b-c-…``), not a swapped word.
MAX_COMPOUND = 64
# Tokens in a unit beyond which it is no sentence but a list, a menu or markup (no full stop):
# there a repeated context counts once.
LONG_UNIT = 150


# The features a region of a candidate rule is judged on, and the weights that turn them into
# the rule's log-odds. The weights are fitted on spun and clean text of the tune split
# (``benchmarks/fit_rules.py``) and shipped with the calibration; the defaults below are the
# hand-set model they started from (a prior per kind of evidence, plus log-likelihood ratios).
RULE_FEATURES = (
    "bias",
    "absence",            # nats: the original, expected λ times as a substring, never occurs
    "excess",             # nats: the replacement occurs as a word more than French has it
    "context",            # nats: the original reads better than the replacement (LM, grammar)
    "explained",          # distinct unknown words the rule turns into known ones
    "grammar",            # occurrences where the replacement breaks grammar, the original not
    "unexplained",        # 1 when no unknown word is explained
    "grammar_only",       # 1 when unexplained but grammar breaks are repaired
    "off_thesaurus",      # 1 when the thesaurus does not list the swap
    "spun_unexplained",   # 1 when unexplained inside a stretch where a sure rule holds
    "unknown_replacement",  # 1 when the replacement is unknown to the language model
    "log_freq_original",  # log10 of the original's frequency
    "log_explained",      # log(1 + explained)
    "mean_posterior",     # mean probability that a replacement word was the original
    "log_replacement_words",  # log(1 + occurrences of the replacement as a word)
    "log_freq_replacement",   # log10 of the replacement's frequency (floored at 1e-8)
    "long_substring",     # 1 for a substring rule whose original has more than 3 letters
    "content_swap",       # 1 for a whole-word swap between two content words
    "log_synonyms",       # log(one-word synonyms / TYPICAL_SYNONYMS) of a content original
    "topic",              # nats of "context" that came from the subject (``topics``)
)
_BIAS, _UNEXPLAINED, _LOG_SYNONYMS, _SPUN_UNEXPLAINED, _CONTENT_SWAP = (
    RULE_FEATURES.index(name)
    for name in ("bias", "unexplained", "log_synonyms", "spun_unexplained", "content_swap"))
DEFAULT_RULE_WEIGHTS = (
    PRIOR_THESAURUS, 1.0, 1.0, 1.0, EXPLANATION_LLR, 0.0,
    PRIOR_UNEXPLAINED - PRIOR_THESAURUS, PRIOR_GRAMMAR - PRIOR_UNEXPLAINED,
    PRIOR_OFF_THESAURUS - PRIOR_THESAURUS, SPUN_REGION_BONUS, UNKNOWN_REPLACEMENT, 0.0, 0.0,
    0.0, 0.0, 0.0, LONG_SUBSTRING, CONTENT_SWAP, SYNONYM_CHOICE, 0.0,
)


@lru_cache(maxsize=2)
def rule_weights(unexplained: bool = False) -> tuple[float, ...]:
    """The weights for regions that explain unknown words (hand-set) or for regions that
    explain none (fitted on the tune split when shipped: ``benchmarks/fit_rules.py
    --unexplained-only``; the hand-set defaults otherwise)."""
    from . import resources

    if not unexplained:
        return DEFAULT_RULE_WEIGHTS
    try:
        model = resources.calibration()
    except resources.DataFileError:
        return DEFAULT_RULE_WEIGHTS
    rules = model.get("unexplained_rules")
    if not isinstance(rules, dict) or tuple(rules.get("features", ())) != RULE_FEATURES:
        return DEFAULT_RULE_WEIGHTS
    return tuple(float(w) for w in rules["weights"])


@dataclass
class UnitIndex:
    """What every candidate's evaluation reads about a document, computed once per round."""

    unit_texts: list[str]
    # form -> sorted units where it occurs as a word
    form_units: dict[str, list[int]]
    # form -> its token indices, in order
    form_tokens: dict[str, list[int]]
    unit_of: list[int]
    # a unit whose text repeats an earlier one (boilerplate) carries no new evidence
    duplicate: list[bool]
    # prefix sums over non-duplicate units: tokens, and characters of the space-joined forms
    _tok: list[int]
    _chr: list[int]
    # token -> how well its own form fits its context (filled on demand)
    replacement_fit: dict[int, float] = field(default_factory=dict)
    # token -> its context as every candidate reads it (filled on demand: ``context``)
    _contexts: dict[int, tuple[tuple[str, str, str, str], str, str, bool]] = field(
        default_factory=dict)
    # the subject around each sentence (made by the first content swap weighed)
    topic: TopicContext | None = None
    _unknown: list[tuple[str, list[int]]] | None = None

    @classmethod
    def build(cls, doc: Document) -> UnitIndex:
        texts = [doc.unit_key_text(u) for u in range(doc.n_units)]
        form_units: dict[str, list[int]] = {}
        form_tokens: dict[str, list[int]] = {}
        for u, r in enumerate(doc.unit_token_ranges):
            for i in r:
                form = doc.forms[i]
                form_tokens.setdefault(form, []).append(i)
                # the parts of a compound occur too (``lui`` in ``lui-même`` contradicts a
                # rule that replaced every ``lui``)
                for key in (form, *form.split(HYPHEN)) if HYPHEN in form else (form,):
                    units = form_units.setdefault(key, [])
                    if not units or units[-1] != u:
                        units.append(u)
        seen: set[str] = set()
        duplicate = []
        tok = [0]
        chars = [0]
        for u, text in enumerate(texts):
            dup = text in seen
            seen.add(text)
            duplicate.append(dup)
            tok.append(tok[-1] + (0 if dup else len(doc.unit_token_ranges[u])))
            chars.append(chars[-1] + (0 if dup else len(text) + 1))
        return cls(texts, form_units, form_tokens, doc.unit_of_token(), duplicate, tok, chars)

    def unknown_forms(self, lex: Lexicon) -> list[tuple[str, list[int]]]:
        """The forms of letters no lexicon knows, with their tokens (worked out once)."""
        if self._unknown is None:
            self._unknown = [(form, tokens) for form, tokens in self.form_tokens.items()
                             if form.isalpha() and not lex.is_known(form)]
        return self._unknown

    def context(self, doc: Document, i: int) -> tuple[tuple[str, str, str, str], str, str, bool]:
        """Token ``i``'s window (``Document.window``), its neighbours as the grammar checks see
        them, and whether it starts a sentence in lower case: the same for every candidate
        weighed in a round, so worked out once."""
        found = self._contexts.get(i)
        if found is None:
            found = self._contexts[i] = (*doc.context(i, self.unit_of[i]),
                                         doc.lowercase_start(i))
        return found

    def tokens_between(self, first: int, last: int) -> int:
        return self._tok[last + 1] - self._tok[first]

    def chars_between(self, first: int, last: int) -> int:
        return self._chr[last + 1] - self._chr[first]


@dataclass
class Candidate:
    original: str
    replacement: str
    scope: RuleScope
    in_thesaurus: bool
    # token index -> restored forms proposed for that unknown token
    explained: dict[int, str] = field(default_factory=dict)
    # log-odds added to the model's (a candidate that weaker evidence suggested)
    prior: float = 0.0
    # a chain (``de → aussi``, then ``aussi → conséquemment``): the replacement of the rule
    # already found that this one continues
    via: str | None = None


@dataclass
class DetectedRule:
    """An accepted candidate, with the units where it holds and the numbers behind it."""

    original: str
    replacement: str
    scope: RuleScope
    in_thesaurus: bool
    first_unit: int
    last_unit: int
    log_odds: float
    explained: dict[int, str]
    # token index -> posterior that this occurrence of the replacement word was the original
    word_posteriors: dict[int, float]
    # builds the numbers behind the rule (``evidence``): most regions weighed are rejected, so
    # they are put in words only when read
    evidence_source: Callable[[], dict[str, Any]]
    round: int = 1
    # the units with strong support (explained words, grammar breaks), inside the region
    core_first: int = -1
    core_last: int = -1
    # the whole stretch where nothing contradicts the rule (no occurrence of the original),
    # around first_unit..last_unit
    run_first: int = -1
    run_last: int = -1
    # the occurrences of the replacement that break grammar beside a neighbour (``de une``):
    # evidence that another rule changing that neighbour may explain away
    grammar_tokens: frozenset[int] = frozenset()
    # a chain: the replacement of the rule already found that this one continues
    via: str | None = None

    @property
    def confidence(self) -> float:
        return _sigmoid(self.log_odds)

    @cached_property
    def evidence(self) -> dict[str, Any]:
        """The features and counts the log-odds rests on."""
        return self.evidence_source()

    @property
    def key(self) -> tuple[str, str, RuleScope]:
        return (self.original, self.replacement, self.scope)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def undo_variants(form: str, replacement: str, original: str) -> list[str]:
    """Every way of turning occurrences of ``replacement`` in ``form`` back into ``original``.

    Several occurrences may be genuine (``lentrale``: only the first ``le`` was ``ce``), so
    every non-empty subset is tried for up to four occurrences; beyond that, all of them.
    """
    return _variants_at(form, occurrence_starts(form, replacement), len(replacement), original)


def occurrence_starts(form: str, sub: str) -> list[int]:
    """Start of every non-overlapping occurrence of ``sub`` in ``form``, left to right."""
    starts = []
    i = form.find(sub)
    while i >= 0:
        starts.append(i)
        i = form.find(sub, i + len(sub))
    return starts


def _variants_at(form: str, starts: list[int], length: int, original: str) -> list[str]:
    """:func:`undo_variants` for occurrences already located (``length`` characters each)."""
    if not starts:
        return []
    if len(starts) > 4:
        pieces = []
        pos = 0
        for s in starts:
            pieces.append(form[pos:s])
            pieces.append(original)
            pos = s + length
        pieces.append(form[pos:])
        return ["".join(pieces)]
    out = []
    n = len(starts)
    for mask in range((1 << n) - 1, 0, -1):
        pieces = []
        pos = 0
        for bit, s in enumerate(starts):
            if mask >> bit & 1:
                pieces.append(form[pos:s])
                pieces.append(original)
                pos = s + length
        pieces.append(form[pos:])
        out.append("".join(pieces))
    return out


def _short_substrings(form: str) -> list[tuple[str, list[int]]]:
    """The distinct substrings of 1–4 characters of ``form`` (never the whole form), in order
    of first appearance, each with its non-overlapping occurrences: what a letter-group swap
    may have written."""
    seen: dict[str, list[int]] = {}
    n = len(form)
    for a in range(n):
        for b in range(a + 1, min(n, a + 4) + 1):
            if b - a == n:
                continue
            sub = form[a:b]
            if sub not in seen:
                seen[sub] = occurrence_starts(form, sub)
    return list(seen.items())


class RuleEngine:
    """Finds rules in a :class:`Document`. Stateless apart from caches of lexicon statistics."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self._explanation_cache: dict[str, list[tuple[str, str, RuleScope, str]]] = {}
        self._frequent: list[tuple[str, float, frozenset[str]]] | None = None
        self._group_cache: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self._well_known_cache: dict[str, list[str]] = {}
        self._synonym_cache: dict[str, float] = {}
        self._joins_cache: dict[str, bool] = {}
        # replacement -> its single-word headwords (a bounded set: the thesaurus's synonyms)
        self._word_heads_cache: dict[str, tuple[str, ...]] = {}

    # ----- statistics of French, from the lexicon -------------------------------------
    def substring_rate(self, s: str) -> float:
        """Expected occurrences of ``s`` per character of space-joined French words."""
        if len(s) <= SHORT_SUBSTRING:
            return _short_substring_rates(self.lex).get(s, 0.0)
        return _substring_rate(self.lex, s)

    @property
    def _top_words(self) -> list[tuple[str, float]]:
        return _top_words(self.lex)

    def word_rate(self, w: str) -> float:
        return max(self.lex.frequency(w), 1e-8)

    def joins(self, key: str) -> bool:
        """Whether the hyphenated compound ``key`` holds a hyphenated synonym of the thesaurus
        (``celui-là``; ``marsecelui-làle`` is ``marseille`` under ``il → celui-là``): such a
        compound is taken as one word, what the spinner put in the place of one."""
        if len(key) > MAX_COMPOUND:
            return False
        cached = self._joins_cache.get(key)
        if cached is None:
            hyphenated, longest = _hyphenated_synonyms(self.lex)
            n = len(key)
            cached = any(
                key[a:b] in hyphenated
                for h in (j for j, ch in enumerate(key) if ch == HYPHEN)
                for a in range(max(0, h - longest), h)
                for b in range(h + 2, min(n, a + longest) + 1)
            )
            remember(self._joins_cache, key, cached)
        return cached

    # ----- candidate generation --------------------------------------------------------
    def candidates(self, doc: Document, spun_units: frozenset[int] = frozenset(),
                   index: UnitIndex | None = None,
                   sure: Sequence[tuple[str, str]] = ()) -> list[Candidate]:
        """The candidate rules of ``doc`` (``spun_units``: the sentences where a sure rule
        already holds; ``index``: the round's :class:`UnitIndex` of ``doc``, built here if
        not given; ``sure``: the (original, replacement) of those sure rules, which chains
        continue)."""
        lex = self.lex
        thes = lex.thesaurus
        found: dict[tuple[str, str, RuleScope], Candidate] = {}

        def add(o: str, s: str, scope: RuleScope, token: int | None, fix: str | None) -> None:
            if o == s:
                return
            key = (o, s, scope)
            c = found.get(key)
            if c is None:
                c = found[key] = Candidate(o, s, scope, thes.lists(o, s))
            if token is not None and fix is not None:
                c.explained[token] = fix

        unit_of = doc.unit_of_token()
        missing_cache: dict[int, list[str]] = {}
        for i, form in enumerate(doc.forms):
            if len(form) < 2 or lex.frequency(form) >= SUSPICIOUS_FREQUENCY:
                continue
            if _looks_like_name_or_acronym(doc.tokens[i].text) or not _LATIN_WORD_RE.fullmatch(form):
                continue
            if lex.looks_foreign(form):
                continue  # ``zsh``, a term left in English (``socket``)
            for o, s, scope, fix in self.explanations(form):
                add(o, s, scope, i, fix)
            # swaps the thesaurus does not list: original groups missing around the token
            u = unit_of[i]
            missing = missing_cache.get(u)
            if missing is None:
                missing = missing_cache[u] = self._missing_groups(doc, u)
            if missing and not doc.tokens[i].text[:1].isupper():
                for o, s, fix in self._group_explanations(form, missing):
                    add(o, s, "substring", i, fix)
        # a sentence starting in lower case (spinners write ``une`` for ``La``)
        for i, form in enumerate(doc.forms):
            if doc.lowercase_start(i) and _is_word(form):
                for o in self._word_headwords(form):
                    add(o, form, "word", None, None)
        # a word that breaks elision (``de essor``, ``l'culture``): which headwords would not?
        for i, form in enumerate(doc.forms):
            if i == 0 or doc.tokens[i].text[:1].isupper():
                continue
            prev = doc.forms[i - 1]
            if prev not in ELIDING and prev not in ELIDED:
                continue  # (what the grammar checks see there is in neither either)
            prev = doc.grammar_prev(i, prev)
            if prev not in ELIDING and prev not in ELIDED:
                continue
            u = unit_of[i]
            if doc.unit_token_ranges[u].start == i:
                continue
            nxt = doc.grammar_next(
                i, doc.forms[i + 1] if i + 1 < doc.unit_token_ranges[u].stop else "</s>")
            broken = violations(prev, form, nxt)
            if not {"elision", "elided-before-consonant"} & set(broken):
                continue
            # French never writes ``l'culture``: like an unknown word, the token is damage for
            # sure and only the original is in question (the context chooses among them;
            # measured on the tune split: docs/design.md)
            certain = "elided-before-consonant" in broken
            for o in self._word_headwords(form):
                if not violations(prev, o, nxt):
                    add(o, form, "word", i if certain else None, o if certain else None)
        # a determiner of the gender a word never takes (``le race``): which headwords of the
        # determiner's gender would the spinner have replaced?
        if GENDER_CANDIDATES:
            for i, form in enumerate(doc.forms):
                if i == 0 or doc.tokens[i].text[:1].isupper():
                    continue
                prev = doc.forms[i - 1]
                if not lex.breaks_gender(prev, form):
                    continue
                span = doc.unit_token_ranges[unit_of[i]]
                if span.start == i or doc.grammar_prev(i, prev) != prev:
                    continue  # (a determiner ends no sentence; a gap is no neighbour)
                if i - 1 > span.start and doc.forms[i - 2] in PRONOUN_CONTEXT:
                    continue  # « je le règle »: a pronoun, not a determiner
                for o in self.gender_originals(prev, form):
                    add(o, form, "word", None, None)
        # a subject pronoun before a verb it does not agree with (``tu avez``): which
        # headwords would agree (``vous``)?
        for i, form in enumerate(doc.forms):
            if form not in NOT_PLURAL_SUBJECTS or doc.tokens[i].text[:1].isupper():
                continue
            span = doc.unit_token_ranges[unit_of[i]]
            if i + 1 >= span.stop:
                continue
            nxt = doc.grammar_next(i, doc.forms[i + 1])
            if not breaks_agreement(form, nxt):
                continue
            prev = doc.grammar_prev(i, doc.forms[i - 1]) if i > span.start else "<s>"
            for o in self._word_headwords(form):
                if not violations(prev, o, nxt):
                    add(o, form, "word", None, None)
        # a swap the thesaurus does not list must explain several distinct words
        for key in [k for k, c in found.items() if not c.in_thesaurus and c.explained
                    and len({doc.forms[i] for i in c.explained}) < MIN_OFF_THESAURUS_FORMS]:
            del found[key]
        # inside a stretch already shown to be spun, content words may be swaps too: every
        # headword listing one that the model knows well, absent from the text, is a
        # candidate (the context decides)
        if spun_units and CONTENT_SWAPS_IN_SPUN:
            swaps = sorted(set(self._content_swaps(doc, spun_units)))
            if SPUN_CONTENT_GATE is not None and swaps:
                index = index if index is not None else UnitIndex.build(doc)
                cheap = self._spun_content_scores(doc, index, swaps)
                swaps = [pair for pair in swaps if cheap[pair] >= SPUN_CONTENT_GATE]
            for o, s in swaps:
                add(o, s, "word", None, None)
        # frequent words missing where one of their synonyms stands; in a text where no sure
        # rule holds yet, only those whose context may speak for them (``MISSING_PAIR_GATE``)
        pairs = list(self._missing_word_pairs(
            doc, MIN_EXPECTED_MISSING if spun_units else MIN_EXPECTED_MISSING_UNSPUN))
        bar = None if spun_units else MISSING_PAIR_GATE
        scores: dict[tuple[str, str], float] = {}
        absence: dict[str, float] = {}
        if bar is not None and pairs:
            index = index if index is not None else UnitIndex.build(doc)
            scores = self._cheap_pair_scores(doc, index, pairs)
            absence = {o: self._most_absence(doc, index, o) for o, _ in pairs if len(o) <= 3}
        for o, s in pairs:
            score = scores.get((o, s), 0.0)
            if bar is None or score >= bar:
                add(o, s, "word", None, None)
            if len(o) <= 3 and (bar is None or score + absence[o] >= bar):
                add(o, s, "substring", None, None)
        # a chain: the spinner swapped ``de`` for ``aussi``, then ``aussi`` for
        # ``conséquemment``, so every word ``de`` became ``conséquemment``. Once ``de → aussi``
        # is found, the synonyms of ``aussi`` standing in the text are candidates for ``de``:
        # the thesaurus lists each step, and the context reads the first original
        if CHAINS:
            present = index.form_tokens if index is not None else set(doc.forms)
            for o, x in sure:
                if not _is_word(x):
                    continue
                for s in thes.synonyms(x):
                    if s != o and s in present and _is_word(s) and (o, s, "word") not in found:
                        found[o, s, "word"] = Candidate(o, s, "word", True, via=x)
        # a content word repeated far more than French has it, where no sure rule holds yet;
        # suggested by nothing else, it starts from a lower prior
        for o, s in self._repeated_content_pairs(doc, spun_units):
            if (o, s, "word") not in found:
                found[o, s, "word"] = Candidate(o, s, "word", thes.lists(o, s),
                                                prior=REPEATED_CONTENT_PRIOR)
        return list(found.values())

    def _content_swaps(self, doc: Document,
                       spun_units: frozenset[int]) -> Iterator[tuple[str, str]]:
        """``(original, replacement)`` for each content word of the ``spun_units`` and each
        headword listing it that may have stood there: one the model knows well, absent from
        the stretch (the spinner replaced every occurrence there; another article of the
        page may use it), and seen beside both neighbours."""
        lex = self.lex
        lm = lex.lm
        unit_of = doc.unit_of_token()
        for run in _runs(sorted(spun_units)):
            tokens = range(doc.unit_token_ranges[run[0]].start,
                           doc.unit_token_ranges[run[-1]].stop)
            present = {doc.forms[i] for i in tokens}
            present.update(p for f in list(present) if HYPHEN in f for p in f.split(HYPHEN))
            for i in tokens:
                form = doc.forms[i]
                if len(form) < 4 or lex.frequency(form) >= FUNCTION_WORD_FREQUENCY:
                    continue
                _, prev, nxt, _ = doc.window(i, unit_of[i])
                for o in self._well_known_originals(form):
                    if o in present:
                        continue
                    # an original the model never saw beside both neighbours rarely wins on
                    # context: not worth weighing (tune split: same repairs, spun text a
                    # third faster)
                    if not (lm.bigram_count(prev, o) and lm.bigram_count(o, nxt)):
                        continue
                    yield o, form

    def content_hypothesis(self, doc: Document, index: UnitIndex) -> list[DetectedRule]:
        """The regions of content-word swaps in a text where no rule was found, weighed as if
        the whole text were spun, with ``CONTENT_HYPOTHESIS_PENALTY`` nats taken off for that
        hypothesis (and ``REPEATED_CONTENT_PRIOR`` more for a word the text repeats). A
        spinner whose rules all swap content words leaves few other traces. Only the swaps
        whose cheap reading reaches ``CONTENT_HYPOTHESIS_GATE`` are weighed, and only in a
        text of at most ``CONTENT_HYPOTHESIS_MAX_WORDS`` words."""
        penalty = CONTENT_HYPOTHESIS_PENALTY
        n = len(doc.forms)
        if penalty is None or n > CONTENT_HYPOTHESIS_MAX_WORDS:
            return []
        everywhere = frozenset(range(len(index.unit_texts)))
        # both words of each pair are content words already (``_content_swaps``)
        pairs = sorted(set(self._content_swaps(doc, everywhere)))
        if not pairs:
            return []
        scores = self._spun_content_scores(doc, index, pairs)
        thes = self.lex.thesaurus
        regions: list[DetectedRule] = []
        for o, s in pairs:
            # a word the text repeats far more than French has it is mostly its subject: its
            # swap keeps the lower prior of a repeated word (a clean text on emeralds became
            # one on olives six times over without it)
            prior = -penalty
            if self.repeated_enough(s, len(index.form_tokens.get(s, ())), n):
                prior += REPEATED_CONTENT_PRIOR
            if scores[o, s] + prior >= CONTENT_HYPOTHESIS_GATE:
                c = Candidate(o, s, "word", thes.lists(o, s), prior=prior)
                regions.extend(self.evaluate(doc, c, index, everywhere))
        return regions

    def explanations(self, form: str) -> list[tuple[str, str, RuleScope, str]]:
        """Thesaurus swaps that turn the unknown ``form`` into a known word (cached: the same
        forms recur across a corpus); for a word the language model has seen a few times,
        only swaps inside it (``EXPLAINED_MAX_MODEL_COUNT``)."""
        cached = self._explanation_cache.get(form)
        if cached is None:
            seen = self.lex.lm.count(form)
            if seen >= EXPLAINED_MAX_MODEL_COUNT:
                cached = []
            else:
                cached = [e for e in self._explanations(form)
                          if not seen or e[2] == "substring"]
            remember(self._explanation_cache, form, cached)
        return cached

    def _repeated_content_pairs(self, doc: Document,
                                spun_units: frozenset[int]) -> Iterable[tuple[str, str]]:
        """Outside the stretches where a sure rule holds, a content word that the text
        repeats far more than French has it may be a swap that left no other trace
        (``proportion`` 26 times for ``prix``): the headwords listing it that the text never
        uses are candidates (the context decides)."""
        unit_of = doc.unit_of_token()
        forms = doc.forms
        positions: dict[str, list[int]] = {}
        for i, form in enumerate(forms):
            if unit_of[i] not in spun_units and len(form) >= MIN_CONTENT_REPEAT_LENGTH:
                positions.setdefault(form, []).append(i)
        n = sum(1 for u in unit_of if u not in spun_units)
        # the spinner writes in lower case: capitalised occurrences are the author's
        occurrences = {
            s: [doc.window(i, unit_of[i])[1:3] for i in where
                if not doc.tokens[i].text[:1].isupper()]
            for s, where in positions.items() if self.repeated_enough(s, len(where), n)
        }
        return ((o, s) for o, s, _ in self.repeated_content_swaps(occurrences, n, set(forms)))

    def repeated_enough(self, s: str, count: int, n: int) -> bool:
        """Whether a word standing ``count`` times in ``n`` words is a content word repeated
        far more than French has it (the cheap half of :meth:`repeated_content_swaps`)."""
        return (count >= MIN_CONTENT_REPEATS and len(s) >= MIN_CONTENT_REPEAT_LENGTH
                and _is_word(s) and self.lex.frequency(s) < FUNCTION_WORD_FREQUENCY
                and count >= REPEAT_EXCESS * self.word_rate(s) * n)

    def repeated_content_swaps(self, occurrences: dict[str, list[tuple[str, str]]], n: int,
                               present: Container[str],
                               min_context: float = MIN_REPEAT_CONTEXT
                               ) -> Iterator[tuple[str, str, float]]:
        """The swaps ``(original, replacement, context)`` that a content word repeated far
        more than French has it suggests, from its lower-case ``occurrences`` (the nearest
        neighbours of each) in ``n`` words of text; ``present`` holds the text's words, which
        are no original; the context between the nearest neighbours must give the swap at
        least ``min_context`` nats (``context``). The engine and the screen both ask it."""
        lex = self.lex
        lm = lex.lm
        for s, neighbours in occurrences.items():
            if not self.repeated_enough(s, len(neighbours), n):
                continue
            # only an original the model knows well can win on context: of two words it
            # has rarely seen (``parsisme`` for ``zoroastrisme``), the context says little
            originals = [o for o in self._well_known_originals(s) if o not in present]
            if not originals:
                continue
            fits_s = neighbour_fits(lex, s, neighbours)
            if sum(fits_s) / len(neighbours) > MAX_REPLACEMENT_FIT:
                continue
            rate_s = max(self.word_rate(s), 1e-7)
            for o in originals:
                if not any(lm.bigram_count(prev, o) and lm.bigram_count(o, nxt)
                           for prev, nxt in neighbours):
                    continue
                # the context between the nearest neighbours must already speak for the swap
                # (as the screen reads it): most pairs weighed are not
                rate_o = self.word_rate(o)
                context = neighbour_context_llr(lex, o, rate_o / (rate_o + rate_s),
                                                neighbours, fits_s)
                if context >= min_context:
                    yield o, s, context

    def _well_known_originals(self, form: str) -> list[str]:
        """The most frequent content-word headwords listing ``form`` (``MAX_CONTENT_ORIGINALS``
        of them) that the language model has seen at least ``MIN_REPEAT_ORIGINAL_COUNT``
        times: only those can win on context. Cached per form."""
        cached = self._well_known_cache.get(form)
        if cached is None:
            lex = self.lex
            lm = lex.lm
            heads = [o for o in self._word_headwords(form)
                     if o in lm and lex.frequency(o) < FUNCTION_WORD_FREQUENCY]
            heads.sort(key=lambda o: -lex.frequency(o))
            cached = remember(self._well_known_cache, form,
                              [o for o in heads[:MAX_CONTENT_ORIGINALS]
                               if lm.count(o) >= MIN_REPEAT_ORIGINAL_COUNT])
        return cached

    def frequent_originals(self) -> list[tuple[str, float, frozenset[str]]]:
        """The frequent headwords, most frequent first, each with its one-word synonyms."""
        if self._frequent is None:
            thes = self.lex.thesaurus
            self._frequent = [
                (o, f, frozenset(s for s in thes.synonyms(o) if _is_word(s)))
                for o, f in _frequent_originals(self.lex)
            ]
        return self._frequent

    def _explanations(self, form: str) -> list[tuple[str, str, RuleScope, str]]:
        lex = self.lex
        thes = lex.thesaurus
        floor = max(KNOWN_FREQUENCY, MIN_FREQUENCY_GAIN * lex.frequency(form))
        out: list[tuple[str, str, RuleScope, str]] = []
        n = len(form)
        seen: set[str] = set()
        for a in range(n):
            for b in range(a + 2, min(n, a + MAX_SUBSTRING) + 1):
                s = form[a:b]
                heads = thes.headwords_listing(s)
                if not heads or s in seen:
                    continue
                seen.add(s)  # every occurrence of ``s`` is undone at once, in any subset
                if s == form:
                    # a whole unknown word that is a synonym (``leptocéphale``)
                    if lex.frequency(form) < KNOWN_FREQUENCY:
                        out.extend((o, s, "word", o) for o in heads
                                   if o.isalpha() and lex.frequency(o) >= floor)
                    continue
                if _is_inflection(form, s, lex):
                    continue
                starts = occurrence_starts(form, s)
                for o in self._word_headwords(s):
                    best = self._best_undo(form, starts, len(s), o, floor)
                    if best is not None:
                        out.append((o, s, "substring", best))
        return out

    def _best_undo(self, form: str, starts: list[int], length: int, original: str,
                   floor: float) -> str | None:
        """The most frequent way, at least ``floor``, of turning the occurrences (at
        ``starts``, ``length`` letters each) back into ``original``; ``None`` if none is.
        One occurrence, the usual case, gives one variant, built directly."""
        if len(starts) == 1:
            a = starts[0]
            v = form[:a] + original + form[a + length:]
            return v if self.lex.frequency(v) >= floor else None
        best = None
        for v in _variants_at(form, starts, length, original):
            f = self.lex.frequency(v)
            if f >= floor:
                best, floor = v, f
        return best

    def log_synonyms(self, original: str) -> float:
        """log(one-word synonyms of ``original`` / ``TYPICAL_SYNONYMS``) for a content word,
        0 for a function word: how unlikely the spinner's pick of any one synonym is, against
        a typical headword's (``SYNONYM_CHOICE``; cached)."""
        cached = self._synonym_cache.get(original)
        if cached is None:
            n = len({w.lower() for w in self.lex.thesaurus.synonyms(original)
                     if " " not in w and w.lower() != original})
            cached = self._synonym_cache[original] = (
                math.log(max(n, 1) / TYPICAL_SYNONYMS)
                if self.word_rate(original) < FUNCTION_WORD_FREQUENCY else 0.0)
        return cached

    def gender_originals(self, determiner: str, s: str) -> list[str]:
        """The headwords listing ``s`` that take the gender of ``determiner``, which ``s``
        never takes (``pays`` for ``le race``); empty when ``s`` agrees with it."""
        lex = self.lex
        if not lex.breaks_gender(determiner, s):
            return []
        return [o for o in self._word_headwords(s)
                if lex.gender(o) is not None and not lex.breaks_gender(determiner, o)]

    def _word_headwords(self, s: str) -> tuple[str, ...]:
        """The headwords listing ``s`` that are single words (letters only); cached."""
        cached = self._word_heads_cache.get(s)
        if cached is None:
            cached = self._word_heads_cache[s] = tuple(
                o for o in self.lex.thesaurus.headwords_listing(s) if o.isalpha())
        return cached

    def _missing_groups(self, doc: Document, unit: int) -> list[str]:
        """Common letter groups absent from the unit and its neighbours though expected."""
        lo = max(0, unit - 2)
        hi = min(doc.n_units, unit + 3)
        text = " ".join(doc.unit_key_text(u) for u in range(lo, hi))
        n = len(text) + 1
        out = []
        for g, rate in _common_groups(self.lex):
            if rate * n >= 3.0 and g not in text:
                out.append(g)
        return out

    def _group_explanations(self, form: str, missing: list[str]) -> list[tuple[str, str, str]]:
        """Letter-group swaps (``original`` among the groups missing around the word) that
        turn the unknown ``form`` into a known word. Worked out per (form, group) on demand
        and cached: a crawl keeps bringing new rare forms, and only a few groups are missing
        around each."""
        per_group = self._group_cache.get(form)
        if per_group is None:
            per_group = remember(self._group_cache, form, {})
        out: list[tuple[str, str, str]] = []
        pieces: list[tuple[str, list[int]]] | None = None
        floor = 0.0
        for o in missing:
            found = per_group.get(o)
            if found is None:
                if pieces is None:
                    pieces = _short_substrings(form)
                    floor = max(KNOWN_FREQUENCY, MIN_FREQUENCY_GAIN * self.lex.frequency(form))
                found = []
                for sub, starts in pieces:
                    if sub == o:
                        continue
                    best = self._best_undo(form, starts, len(sub), o, floor)
                    if best is not None:
                        found.append((sub, best))
                per_group[o] = found
            out.extend((o, sub, fix) for sub, fix in found)
        return out

    def cheap_swap_score(self, original: str, f: float, replacement: str,
                         contexts: Sequence[tuple[str, str]], fits: Sequence[float]) -> float:
        """The screen's cheap reading of a whole-word swap that explains nothing, as log-odds:
        the rule model's prior for such a swap, the pick among the original's synonyms, the
        excess of the replacement standing ``len(contexts)`` times, and the context of each
        occurrence under the bigram model between its ``(prev, next)`` neighbours (``fits``:
        :func:`neighbour_fits` of the replacement there). ``f``: the original's frequency."""
        weights = rule_weights(unexplained=True)
        rate_s = self.word_rate(replacement)
        return (weights[_BIAS] + weights[_UNEXPLAINED]
                + weights[_LOG_SYNONYMS] * self.log_synonyms(original)
                + replacement_excess(len(contexts), f, rate_s)
                + neighbour_context_llr(self.lex, original, f / (f + rate_s), contexts, fits))

    def _spun_content_scores(self, doc: Document, index: UnitIndex,
                             pairs: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """:meth:`_cheap_pair_scores` of content-word swaps with the prior they have inside a
        spun stretch: what the gates on such swaps read (``SPUN_CONTENT_GATE``,
        ``CONTENT_HYPOTHESIS_GATE``)."""
        weights = rule_weights(unexplained=True)
        spun_prior = weights[_SPUN_UNEXPLAINED] + weights[_CONTENT_SWAP]
        return {pair: score + spun_prior
                for pair, score in self._cheap_pair_scores(doc, index, pairs).items()}

    def _cheap_pair_scores(self, doc: Document, index: UnitIndex,
                           pairs: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """For each ``(original, replacement)`` pair, :meth:`cheap_swap_score` over the whole
        text, as the screen reads swaps. An upper bound it is not, but a pair far below the
        gate is never a rule the engine accepts in such a text (tune split, see
        ``MISSING_PAIR_GATE``, ``SPUN_CONTENT_GATE`` and ``CONTENT_HYPOTHESIS_GATE``)."""
        lex = self.lex
        wanted = {s for _, s in pairs}
        unit_of = index.unit_of
        where: dict[str, list[tuple[str, str]]] = {}
        for i, form in enumerate(doc.forms):
            if form in wanted:
                window = doc.window(i, unit_of[i])
                where.setdefault(form, []).append((window[1], window[2]))
        fits: dict[str, list[float]] = {}
        scores: dict[tuple[str, str], float] = {}
        for o, s in pairs:
            contexts = where.get(s, [])
            fits_s = fits.get(s)
            if fits_s is None:
                fits_s = fits[s] = neighbour_fits(lex, s, contexts)
            scores[o, s] = self.cheap_swap_score(o, self.word_rate(o), s, contexts, fits_s)
        return scores

    def _most_absence(self, doc: Document, index: UnitIndex, original: str) -> float:
        """The most absence evidence a substring rule of ``original`` can have in a region of
        ``doc`` (``evaluate`` counts it over a run of sentences without the original)."""
        rate_sub, rate_word = self.substring_rate(original), self.word_rate(original)
        best = here = 0.0
        for u, text in enumerate(index.unit_texts):
            if original in text:
                here = 0.0
                continue
            here = max(here + rate_sub * (len(text) + 1)
                       - rate_word * len(doc.unit_token_ranges[u]), 0.0)
            best = max(best, here)
        return min(best, MAX_ABSENCE_LLR)

    def _missing_word_pairs(self, doc: Document,
                            min_expected: float) -> Iterable[tuple[str, str]]:
        """(original, replacement) for frequent words absent over a stretch where a synonym is,
        the text being long enough to hold the original ``min_expected`` times."""
        present = set(doc.forms)
        n_tokens = len(doc.forms)
        for o, f, synonyms in self.frequent_originals():
            if f * n_tokens < min_expected:
                break
            common = synonyms & present
            if common:
                yield from ((o, s) for s in sorted(common))

    # ----- weighing the evidence -------------------------------------------------------
    def evaluate(self, doc: Document, c: Candidate, index: UnitIndex,
                 spun_units: frozenset[int] = frozenset()) -> list[DetectedRule]:
        """The regions of ``doc`` where the candidate may hold, each weighed on its own.

        Only the sentences that contradict the rule (the original occurs) and those that can
        speak for it (the replacement as a word, an explained word) are visited; the absence
        of the original over a stretch comes from prefix sums, so the cost does not grow with
        the number of sentences in between.
        """
        lex = self.lex
        o, s = c.original, c.replacement
        lam_ow_rate = self.word_rate(o)
        lam_s_rate = max(self.word_rate(s), 1e-7)
        lam_sub_rate = self.substring_rate(o) if c.scope == "substring" else 0.0
        q = lam_ow_rate / (lam_ow_rate + lam_s_rate)
        log_p_o = lex.unigram_logprob(o)
        log_p_s = lex.unigram_logprob(s)
        # an unknown replacement always looks out of place to the model: no context evidence
        use_context = lex.knows(s)
        unit_of = index.unit_of
        unit_of_expl: dict[int, list[int]] = {}
        for i in c.explained:
            unit_of_expl.setdefault(unit_of[i], []).append(i)
        # unit -> unknown forms whose spelling the undo makes far more French
        spelled: dict[int, set[str]] = (
            self._spelled_better(doc, index, o, s, c.explained)
            if c.scope == "substring" and SPELLING_EVIDENCE_WEIGHT else {})

        if c.scope == "substring":
            contra = [u for u, text in enumerate(index.unit_texts) if o in text]
        else:
            contra = index.form_units.get(o, [])
        contra_set = set(contra)
        interesting = sorted(
            (set(index.form_units.get(s, ())) | set(unit_of_expl) | set(spelled)) - contra_set
        )
        if not interesting:
            return []

        # the replacement's occurrences, by unit
        occurrences: dict[int, list[int]] = {}
        content_swap = (c.scope == "word" and lam_ow_rate < FUNCTION_WORD_FREQUENCY
                        and lam_s_rate < FUNCTION_WORD_FREQUENCY)
        prior = c.prior
        for i in index.form_tokens.get(s, ()):
            if i in doc.capitalised:  # « Aigle », « Une » : spinners fold case
                if content_swap:
                    # the author writes this content word too (``Léopard``): most likely
                    # the text's own word
                    prior = c.prior + AUTHOR_WRITES_REPLACEMENT
                continue
            occurrences.setdefault(unit_of[i], []).append(i)
        # the sentences where the author writes the replacement in another number or gender
        inflected = (sorted(unit_of[i] for f in _number_and_gender(s, lex)
                            for i in index.form_tokens.get(f, ()))
                     if INFLECTED_REPLACEMENT and c.scope == "word"
                     and lam_s_rate < FUNCTION_WORD_FREQUENCY else [])
        # a content word's swap is weighed against the subject of the text around it too
        subject: TopicContext | None = None
        if content_swap and use_context and lex.topics is not None:
            if index.topic is None:
                index.topic = TopicContext(lex.topics, doc.forms, doc.unit_token_ranges)
            subject = index.topic
        topic_at: dict[int, float] = {}  # unit -> nats of its context from the subject
        # per interesting unit: (posteriors, context llr, grammar breaks, occurrences of the
        # replacement, those occurrences weighted as their windows are)
        visited: dict[int, tuple[dict[int, float], float, int, int, float]] = {}
        grammar_at: list[int] = []
        window_repeats: dict[tuple[str, ...], int] = {}
        for u in interesting:
            posts: dict[int, float] = {}
            ctx_llr = 0.0
            n_grammar = 0
            n_weighted = 0.0
            # in a "sentence" far longer than any (a list, a menu, markup: no full stop), a
            # phrase that repeats is one piece of evidence, as a repeated sentence is
            span = doc.unit_token_ranges[u]
            seen: set[tuple[str, str, str, str]] | None = (
                set() if span.stop - span.start > LONG_UNIT else None)
            for i in occurrences.get(u, ()):
                window, grammar_prev, grammar_next, lowercase_start = index.context(doc, i)
                fresh = seen is None or window not in seen
                if seen is not None:
                    seen.add(window)
                # a phrase met again in other sentences (« poser ou retirer » sixteen times,
                # « … non valable » in every other message) counts in full
                # WINDOW_REPEATS_FREE times, then less and less: k meetings of the more
                # repeated side weigh free + ln(k / free)
                weight = 1.0
                if fresh and not index.duplicate[u]:
                    for key in _window_sides(window):
                        k = window_repeats[key] = window_repeats.get(key, 0) + 1
                        if k > WINDOW_REPEATS_FREE:
                            weight = min(weight, math.log(k / (k - 1)))
                if fresh:
                    n_weighted += weight
                g = (grammar_llr(grammar_prev, o, s, grammar_next)
                     + lex.pair_llr(grammar_prev, o, s, grammar_next))
                if g > 0 and not index.duplicate[u]:
                    grammar_at.append(i)
                if lowercase_start:
                    g += LOWERCASE_START_LLR
                if g > 0:
                    n_grammar += 1
                if not use_context:
                    # only how well the original fits, to choose among originals; a grammar
                    # break (``d'gouttelette``) counts all the same
                    pmi = lex.fit(window, o) - log_p_o - lex.fit_baseline(window)
                    if fresh:
                        ctx_llr += weight * (CONTEXT_WEIGHT * pmi + g)
                    posts[i] = 1.0
                    continue
                lo_ = lex.fit(window, o) - log_p_o
                ls_ = index.replacement_fit.get(i)
                if ls_ is None:  # shared by every candidate with this replacement
                    ls_ = index.replacement_fit[i] = lex.fit(window, s) - log_p_s
                lm_r = max(min(lo_ - ls_ - lex.backoff_bias(window, o, s), 30.0), -30.0)
                t = 0.0
                if subject is not None:
                    gap = subject.gap(u, o, s)
                    if gap is not None:
                        t = max(min(TOPIC_WEIGHT * gap, TOPIC_MAX), TOPIC_MIN)
                        if fresh:
                            topic_at[u] = topic_at.get(u, 0.0) + t
                if fresh:
                    ctx_llr += weight * context_llr(q, lm_r, g + t)
                rt = math.exp(max(min(TOKEN_CONTEXT_WEIGHT * lm_r + g + t, 30.0), -30.0))
                posts[i] = q * rt / (q * rt + 1.0 - q)
            if index.duplicate[u]:
                # a repeated sentence (boilerplate) is no new evidence; its words still get
                # their posteriors, so they are repaired with the rest
                visited[u] = (posts, 0.0, 0, 0, 0.0)
            else:
                visited[u] = (posts, ctx_llr, n_grammar, len(posts), n_weighted)

        # runs of interesting units between contradictions
        runs: list[list[int]] = []
        current: list[int] = []
        boundaries = iter(contra)
        next_contra = next(boundaries, None)
        for u in interesting:
            while next_contra is not None and next_contra < u:
                if current:
                    runs.append(current)
                    current = []
                next_contra = next(boundaries, None)
            current.append(u)
        if current:
            runs.append(current)

        regions: list[DetectedRule] = []
        for run in runs:
            # sentences that speak for the rule: an unknown word it explains or spells better,
            # a grammar break it repairs, or a replacement word that reads better as the original
            supported = [u for u in run if u in unit_of_expl or u in spelled or visited[u][2]
                         or any(p >= 0.5 for p in visited[u][0].values())]
            if not supported:
                continue
            first, last = supported[0], supported[-1]
            # the whole stretch without a contradiction: where the rule may hold, though
            # only ``first``..``last`` speaks for it
            k = bisect_right(contra, first)
            run_first = contra[k - 1] + 1 if k else 0
            run_last = contra[k] - 1 if k < len(contra) else len(index.unit_texts) - 1
            if use_context and INNER_REACH and (c.scope == "substring" or REACH_WORD):
                first, last = self._inner_reach(
                    doc, index, o, s, run_first, run_last, first, last,
                    1.0 if c.scope == "substring" else MIN_FREQUENCY_GAIN)
            segment = [u for u in run if first <= u <= last]
            strong = [u for u in segment if u in unit_of_expl or visited[u][2]]
            core = (strong[0], strong[-1]) if strong else (first, last)
            n_tok = index.tokens_between(first, last)
            n_chr = index.chars_between(first, last)
            # the absence of the original is capped: over a long stretch, genre and repeated
            # boilerplate make "never used" far less surprising than a Poisson count says
            lam_ow = lam_ow_rate * n_tok
            lam_sub = lam_sub_rate * n_chr if c.scope == "substring" else lam_ow
            absence = min(lam_sub - lam_ow, MAX_ABSENCE_LLR)
            ctx = sum(visited[u][1] for u in segment)
            n_s = sum(visited[u][3] for u in segment)
            # the replacement's count for its excess: a window met again counts as its
            # context does (a template repeats « non valable »)
            n_fresh = sum(visited[u][4] for u in segment)
            posts = {}
            for u in segment:
                posts.update(visited[u][0])
            expl = {i: c.explained[i] for u in segment for i in unit_of_expl.get(u, [])}
            distinct = {doc.forms[i] for i in expl}
            n_grammar = sum(visited[u][2] for u in segment)
            # a content word repeated through a text is its topic: its occurrences, often in
            # the same phrase, are not independent evidence (unless grammar breaks stand by
            # many of them); so is a word the model does not know, repeated often; and so,
            # where the rule explains no word and most occurrences read better as the
            # replacement, are the model's small leanings, which a genre it was not trained on
            # shares (``DAMP_WEAK_MAJORITY``)
            unknown_repeated = (n_s >= MIN_UNKNOWN_REPEATS_DAMPED and not (
                UNKNOWN_FOR_FUNCTION_WORD_UNDAMPED and lam_ow_rate >= FUNCTION_WORD_FREQUENCY))
            topic_repeats = (lam_s_rate < FUNCTION_WORD_FREQUENCY
                             and (use_context or unknown_repeated))
            weak_majority = (DAMP_WEAK_MAJORITY and not distinct
                             and sum(posts.values()) < 0.5 * len(posts))
            if (ctx > 0 and n_s > 1 and n_grammar < GRAMMAR_SHARE_UNDAMPED * n_s
                    and (topic_repeats or weak_majority)):
                ctx *= min(1.0 + math.log(n_s), MAX_CONTEXT_BURST) / n_s
            # excess of the replacement word. Words are bursty (a topic word repeats), so
            # repeats count less and less; an unknown replacement counts once.
            excess = 0.0
            if n_s:
                # between content words, repeats are mostly the topic: they count little
                topic = (lam_ow_rate < FUNCTION_WORD_FREQUENCY
                         and lam_s_rate < FUNCTION_WORD_FREQUENCY)
                excess = replacement_excess(max(n_fresh, 1.0) if use_context else 1,
                                            lam_ow_rate, lam_s_rate,
                                            MAX_CONTENT_BURST if topic else math.inf)
            if c.in_thesaurus is False and len(distinct) < MIN_OFF_THESAURUS_FORMS and distinct:
                continue
            explained_weight = 0.0
            spelled_forms = {f for u in segment for f in spelled.get(u, ())}
            if c.scope == "substring":
                # a capitalised word inside a sentence is often a genuine name: half weight
                explained_weight = sum(
                    0.5 if _is_inner_capitalised(doc, i) else 1.0
                    for i in {_family(doc.forms[i], s): i for i in expl}.values()
                ) + SPELLING_EVIDENCE_WEIGHT * len({_family(f, s) for f in spelled_forms})
            unexplained = 0.0 if distinct else 1.0
            if c.scope == "substring" and not distinct and not spelled_forms:
                # the original missing inside other words says nothing when the rule
                # explains none: under the rule those words would stand damaged, and none
                # does, so they were missing either way. Tune half of the manual pages,
                # tokens changed in clean sections 122 → 79, programs' messages 190 → 123
                # (``un → le`` in templates that never write « un »); corpora, eight tune
                # samples: sound tokens broken 666 → 639, token errors 9,107 → 9,126 in
                # single documents and 4,036 → 4,000 in four-article texts
                absence = 0.0
            in_spun = any(u in spun_units for u in range(first, last + 1))
            features = (
                1.0,
                absence,
                excess,
                ctx,
                explained_weight,
                float(n_grammar),
                unexplained,
                unexplained * (1.0 if n_grammar else 0.0),
                0.0 if c.in_thesaurus else 1.0,
                unexplained * (1.0 if in_spun else 0.0),
                0.0 if use_context else 1.0,
                math.log10(lam_ow_rate),
                math.log1p(explained_weight),
                sum(posts.values()) / len(posts) if posts else 0.0,
                math.log1p(len(posts)),
                math.log10(max(self.lex.frequency(s), 1e-8)),
                1.0 if c.scope == "substring" and len(o) > LONG_ORIGINAL else 0.0,
                1.0 if content_swap else 0.0,
                self.log_synonyms(o),
                sum(topic_at.get(u, 0.0) for u in segment),
            )
            here = prior
            at = bisect_left(inflected, first)
            if at < len(inflected) and inflected[at] <= last:
                here = min(prior, c.prior + AUTHOR_WRITES_REPLACEMENT)
            log_odds = here + sum(
                w * f for w, f in zip(rule_weights(bool(unexplained)), features))
            expected = lam_sub if c.scope == "substring" else lam_ow
            regions.append(DetectedRule(
                o, s, c.scope, c.in_thesaurus, first, last, log_odds,
                expl, posts, core_first=core[0], core_last=core[1],
                run_first=run_first, run_last=run_last,
                grammar_tokens=frozenset(i for i in grammar_at if first <= unit_of[i] <= last),
                via=c.via,
                evidence_source=partial(
                    _evidence, features, ctx, expected, len(posts), lam_s_rate * n_tok,
                    len(expl), len(spelled_forms), n_grammar, here),
            ))
        return regions

    def _inner_reach(self, doc: Document, index: UnitIndex, o: str, s: str, run_first: int,
                     run_last: int, first: int, last: int, gain: float) -> tuple[int, int]:
        """``first``..``last`` widened, within ``run_first``..``run_last``, to the sentences
        holding a known word that the swap made of one at least ``gain`` times more common
        (``lee`` from ``une`` under ``un → le``) where the undo reads better in context: no
        evidence for the rule (a known word is no trace), but the corrector's to weigh once
        the rule holds."""
        lex = self.lex
        unit_of = index.unit_of
        for form, tokens in index.form_tokens.items():
            if s not in form or form == s or not lex.is_known(form):
                continue
            outside = [i for i in tokens
                       if not first <= unit_of[i] <= last and run_first <= unit_of[i] <= run_last
                       and not doc.written_by_hand(i)]
            if not outside:
                continue
            undone = common_undos(lex, form, s, o, gain)
            if not undone:
                continue
            for i in outside:
                window, prev, nxt, _ = index.context(doc, i)
                best = undo_in_context(lex, window, prev, nxt, form, undone)
                if best is not None and best[0] >= 0.5:
                    first, last = min(first, unit_of[i]), max(last, unit_of[i])
        return first, last

    def _spelled_better(self, doc: Document, index: UnitIndex, o: str, s: str,
                        explained: dict[int, str]) -> dict[int, set[str]]:
        """Unknown lower-case words that no undo makes known but whose spelling gains at least
        ``SPELLING_EVIDENCE_GAIN`` nats (letter model) when the swap is undone
        (``inquisitrile`` → ``inquisitrice`` under ``ce → le``), by unit."""
        out: dict[int, set[str]] = {}
        letters = None
        for form, tokens in index.unknown_forms(self.lex):
            if s not in form:
                continue
            mine = [i for i in tokens if i not in explained and doc.tokens[i].text[:1].islower()]
            if not mine:
                continue
            if letters is None:
                letters = self.lex.letters
            here = letters.logprob(form)
            gain = max((letters.logprob(v) - here for v in undo_variants(form, s, o)),
                       default=-math.inf)
            if gain >= SPELLING_EVIDENCE_GAIN:
                for i in mine:
                    out.setdefault(index.unit_of[i], set()).add(form)
        return out


def _family(form: str, replacement: str) -> str:
    """What a word explained by a substring swap shares with its inflections and derived
    words: the replacement and the ``FAMILY_LETTERS`` letters before it (``compressée`` and
    ``décompressés`` are one family under ``posé → pressé``). A technical text repeats one
    word in all its forms; a spinner's swap spreads over words of every kind."""
    p = form.find(replacement)
    if p < 0:
        return form
    return form[max(0, p - FAMILY_LETTERS):p + len(replacement)]


def swap_posterior(lex: Lexicon, window: tuple[str, str, str, str], prev: str, nxt: str,
                   new: str, old: str, bonus: float = 0.0) -> float:
    """P(new | context) among {new, old}, by the language model and grammar checks; ``prev``
    and ``nxt`` are the neighbours as the checks see them (``Document.grammar_prev``,
    ``grammar_next``); ``bonus`` adds evidence (nats) for ``new``."""
    a = lex.fit(window, new)
    b = lex.fit(window, old)
    d = (TOKEN_CONTEXT_WEIGHT * (a - b - lex.backoff_bias(window, new, old))
         + grammar_llr(prev, new, old, nxt)
         + lex.pair_llr(prev, new, old, nxt) + bonus)
    d = max(min(d, 50.0), -50.0)
    return 1.0 / (1.0 + math.exp(-d))


def common_undos(lex: Lexicon, form: str, replacement: str, original: str,
                 gain: float) -> list[str]:
    """The ways of undoing ``replacement`` inside the known word ``form`` that give a known
    word at least ``gain`` times as frequent as ``form``."""
    floor = max(KNOWN_FREQUENCY, gain * lex.frequency(form))
    return [v for v in undo_variants(form, replacement, original) if lex.frequency(v) >= floor]


def undo_in_context(lex: Lexicon, window: tuple[str, str, str, str], prev: str, nxt: str,
                    form: str, undos: Sequence[str]) -> tuple[float, str] | None:
    """Of ``undos`` (:func:`common_undos`), the one that reads best in place of ``form``,
    with its posterior (:func:`swap_posterior`); None if there is none."""
    return max(((swap_posterior(lex, window, prev, nxt, v, form), v) for v in undos),
               key=lambda pv: pv[0], default=None)


def context_llr(q: float, lm_r: float, g: float = 0.0) -> float:
    """Evidence (nats) for "the rule is active" from one occurrence of its replacement: under
    the rule a share ``q`` of the replacement's occurrences were the original, which reads
    ``lm_r`` nats better in this context (tempered by ``CONTEXT_WEIGHT``), plus ``g`` nats of
    grammar."""
    lm_r = max(min(lm_r, 30.0), -30.0)
    rr = math.exp(max(min(CONTEXT_WEIGHT * lm_r + g, 30.0), -30.0))
    return math.log(q * rr + 1.0 - q)


def neighbour_context_llr(lex: Lexicon, original: str, q: float,
                          neighbours: Sequence[tuple[str, str]],
                          replacement_fits: Sequence[float]) -> float:
    """:func:`context_llr` summed over the occurrences of a replacement between the
    ``(prev, next)`` neighbours given, under the bigram model between the nearest neighbours
    (cheap and cached): how the screen reads context. ``replacement_fits`` is
    :func:`neighbour_fits` of the replacement there, shared by every original weighed."""
    log_p_o = lex.unigram_logprob(original)
    fit = lex.neighbour_fit
    return sum(context_llr(q, (fit(prev, original, nxt) - log_p_o) - fit_s)
               for (prev, nxt), fit_s in zip(neighbours, replacement_fits))


def window_context_llr(lex: Lexicon, original: str, replacement: str, q: float,
                       windows: Sequence[tuple[str, str, str, str]]) -> float:
    """:func:`context_llr` summed over the occurrences of ``replacement`` in ``windows`` (two
    words either side), under the trigram model as :meth:`RuleEngine.evaluate` reads them,
    grammar aside: the screen's second look at what :func:`neighbour_context_llr` read
    cheaply."""
    log_p_o, log_p_s = lex.unigram_logprob(original), lex.unigram_logprob(replacement)
    return sum(
        context_llr(q, (lex.fit(w, original) - log_p_o) - (lex.fit(w, replacement) - log_p_s)
                    - lex.backoff_bias(w, original, replacement))
        for w in windows)


def neighbour_fits(lex: Lexicon, word: str, neighbours: Iterable[tuple[str, str]]) -> list[float]:
    """How well ``word`` fits between each pair of neighbours, over its unigram log
    probability (the bigram model's pointwise association)."""
    log_p = lex.unigram_logprob(word)
    fit = lex.neighbour_fit
    return [fit(prev, word, nxt) - log_p for prev, nxt in neighbours]


def replacement_excess(n: float, rate_o: float, rate_s: float, max_burst: float = math.inf) -> float:
    """Evidence (nats) from the replacement standing ``n`` times as a word, more than French
    has it. Words are bursty (a topic word repeats), so repeats count less and less."""
    burst = min(1.0 + math.log(n), max_burst)
    return burst * min(math.log1p(rate_o / rate_s), EXPLANATION_LLR)


def _evidence(features: tuple[float, ...], ctx: float, expected: float, n_words: int,
              expected_words: float, n_explained: int, n_spelled: int, n_grammar: int,
              prior: float) -> dict[str, Any]:
    return {
        "features": dict(zip(RULE_FEATURES, (round(f, 4) for f in features))),
        "extra_prior": prior,
        "context_llr": round(ctx, 3),
        "expected_original": round(expected, 3),
        "observed_original": 0,
        "replacement_words": n_words,
        "expected_replacement_words": round(expected_words, 3),
        "explained_tokens": n_explained,
        "spelling_explained": n_spelled,
        "grammar_breaks": n_grammar,
    }


# Plurals are what a lexicon most often lacks of a real word (``phaétons``); other endings
# count as an inflection only on a form that some lexicon has.
PLURALS = ("s", "x", "es")
INFLECTIONS = ("s", "x", "e", "es", "r", "er", "nt", "ent", "ment", "ée", "ées", "és", "é")


def _is_inflection(form: str, stem: str, lex: Lexicon) -> bool:
    """``form`` is a known word ``stem`` plus an ending (``tempos``, ``phaétons``): a rare
    inflected word, not the trace of a swap. An ending that French cannot add there (an ``e``
    after an ``e``: ``irréductiblee`` is ``une`` under ``un → irréductible``) is no
    inflection, nor is an unknown plural of a frequent word (``aussis`` is ``des`` under
    ``de → aussi``: the plural of a word that frequent would be known, if it had one)."""
    ending = form[len(stem):]
    # a hyphenated stem is a spinner's synonym, not a word French inflects at its end
    if not (len(stem) > 3 and form.startswith(stem) and ending in INFLECTIONS
            and HYPHEN not in stem and lex.is_known(stem)):
        return False
    if stem.endswith("e") and ending.startswith("e"):
        return False
    if ending in PLURALS:
        # a word ending in s, x or z has no other plural (``verss`` is ``des`` under
        # ``de → vers``), but its feminine plural ends in -es (``omises``, ``grises``)
        return (ending == "es" or not stem.endswith(("s", "x", "z"))) and (
            lex.is_known(form) or lex.frequency(stem) < FUNCTION_WORD_FREQUENCY)
    return lex.frequency(form) > 0.0


def _number_and_gender(word: str, lex: Lexicon) -> list[str]:
    """The known forms of ``word`` in the plural or the feminine by the regular endings
    (``numéros``, ``omise``, ``omises``)."""
    return [f for f in (word + "s", word + "x", word + "e", word + "es") if lex.is_known(f)]


def _runs(units: list[int]) -> list[list[int]]:
    """Sorted unit numbers cut into runs of consecutive ones."""
    runs: list[list[int]] = []
    for u in units:
        if runs and runs[-1][-1] == u - 1:
            runs[-1].append(u)
        else:
            runs.append([u])
    return runs


def _is_word(s: str) -> bool:
    """Letters, or letters joined by hyphens (``celui-là``): what can stand for one word."""
    return s.isalpha() or (HYPHEN in s and all(p.isalpha() for p in s.split(HYPHEN)))


@lru_cache(maxsize=8)
def _hyphenated_synonyms(lex: Lexicon) -> tuple[frozenset[str], int]:
    """The thesaurus's hyphenated one-word synonyms of single words, and the longest's length."""
    thes = lex.thesaurus
    found = frozenset(
        s for s in thes.replacements
        if HYPHEN in s and _is_word(s) and any(h.isalpha() for h in thes.headwords_listing(s))
    )
    return found, max((len(s) for s in found), default=0)


def _is_inner_capitalised(doc: Document, i: int) -> bool:
    return doc.tokens[i].text[:1].isupper() and not doc.sentence_initial[i]


# A French spinner writes Latin letters: a word or compound with letters of another script
# (``lе`` with a Cyrillic ``е``: obfuscated or transliterated text) is no replacement of one.
_LATIN_WORD_RE = regex.compile(r"[\p{Latin}\p{M}-]+")


def _window_sides(window: tuple[str, str, str, str]) -> tuple[tuple[str, ...], ...]:
    """The two words before and the two after, each side a key of its own: a template
    repeats one side with the other changing (« option non valable », « argument non
    valable »)."""
    p2, p1, n1, n2 = window
    return (("<", p2, p1), (">", n1, n2))


def _looks_like_name_or_acronym(token: str) -> bool:
    """``RTX``, ``GeForce``, ``iPhone``: capitals after the first letter mark names and
    acronyms, which are not errors; spinners write their replacements in lower case."""
    return any(ch.isupper() for ch in token[1:])


# An unknown word that no undo makes known (``inquisitrile``, from ``inquisitrice`` under
# ``ce → le``) speaks for a substring rule as an explained word does, at this weight, when
# undoing the swap makes its spelling this many nats more French (``Lexicon.letters``). Eight
# tune samples: weight 1 and 4 nats restored the most (docs/design.md, section 3).
SPELLING_EVIDENCE_WEIGHT = 1.0
SPELLING_EVIDENCE_GAIN = 4.0
# Words explained by a substring swap count once per family (``_family``): French manual
# pages repeat ``compressé``, ``compressées``, ``décompressé``, which ``posé → pressé``
# "explains" (benchmarks/out_of_domain.py; with GRAMMAR_SHARE_UNDAMPED, see there).
FAMILY_LETTERS = 2

# Substring rates are counted on the words of letters among the TOP_WORDS most frequent words,
# the letter groups on those among the GROUP_WORDS most frequent.
TOP_WORDS = 60000
GROUP_WORDS = 20000
# Substrings up to this length get their rate from one table (shipped, or built on first use);
# longer ones (rare as substring originals) are counted one by one.
SHORT_SUBSTRING = 3


def compute_word_tables(lex: Lexicon) -> dict[str, Any]:
    """The tables of French words the engine needs for damaged text, computed from ``lex``
    (about 1.5 s): what ``resources.engine_tables`` ships for the default lexicon
    (``scripts/build_engine_tables.py`` writes them, a test checks they are these)."""
    top = _count_top_words(lex, TOP_WORDS)
    return {
        "top_words": [w for w, _ in top],
        "short_substring_rates": _count_short_substring_rates(top),
        "common_groups": _count_common_groups(_count_top_words(lex, GROUP_WORDS)),
        "letter_grams": LetterModel.count_grams(lex.letter_words()),
    }


def _count_top_words(lex: Lexicon, n: int) -> list[tuple[str, float]]:
    items = sorted(lex.frequencies.items(), key=lambda kv: -kv[1])[:n]
    return [(w, f) for w, f in items if w.isalpha()]


@lru_cache(maxsize=8)
def _top_words(lex: Lexicon) -> list[tuple[str, float]]:
    tables = lex.shipped_tables
    if tables is None:
        return _count_top_words(lex, TOP_WORDS)
    freqs = lex.frequencies
    return [(w, freqs[w]) for w in tables["top_words"]]


@lru_cache(maxsize=8)
def _short_substring_rates(lex: Lexicon) -> Mapping[str, float]:
    """Rate of every substring of 1–3 letters of the frequent words (see ``substring_rate``)."""
    tables = lex.shipped_tables
    if tables is None:
        return _count_short_substring_rates(_top_words(lex))
    return cast("Mapping[str, float]", tables["short_substring_rates"])


def _count_short_substring_rates(top: list[tuple[str, float]]) -> dict[str, float]:
    counts: dict[str, float] = {}
    den = 0.0
    for w, f in top:
        den += f * (len(w) + 1)
        n = len(w)
        subs = {w[a:a + k] for k in range(1, SHORT_SUBSTRING + 1) for a in range(n - k + 1)}
        for sub in subs:
            counts[sub] = counts.get(sub, 0.0) + f * w.count(sub)
    return {sub: c / den for sub, c in counts.items()} if den else {}


class _WordText:
    """The frequent words joined in one string, to count a longer substring with ``str.find``
    and attribute each hit to its word (by bisection on the word starts)."""

    def __init__(self, words: list[tuple[str, float]]) -> None:
        self.text = "\n".join(w for w, _ in words)
        self.starts: list[int] = []
        self.freqs = [f for _, f in words]
        pos = 0
        for w, _ in words:
            self.starts.append(pos)
            pos += len(w) + 1
        self.den = sum(f * (len(w) + 1) for w, f in words)

    def rate(self, s: str) -> float:
        if not self.den or not s or "\n" in s:
            return 0.0
        num = 0.0
        i = self.text.find(s)
        while i >= 0:
            num += self.freqs[bisect_right(self.starts, i) - 1]
            i = self.text.find(s, i + len(s))
        return num / self.den


@lru_cache(maxsize=8)
def _word_text(lex: Lexicon) -> _WordText:
    return _WordText(_top_words(lex))


@lru_cache(maxsize=4096)
def _substring_rate(lex: Lexicon, s: str) -> float:
    return _word_text(lex).rate(s)


@lru_cache(maxsize=8)
def _common_groups(lex: Lexicon) -> list[tuple[str, float]]:
    """Letter groups of 2–3 letters frequent enough that their absence is telling."""
    tables = lex.shipped_tables
    if tables is None:
        return _count_common_groups(_count_top_words(lex, GROUP_WORDS))
    return [(g, rate) for g, rate in tables["common_groups"]]


def _count_common_groups(top: list[tuple[str, float]]) -> list[tuple[str, float]]:
    counts: dict[str, float] = {}
    den = 0.0
    for w, f in top:
        den += f * (len(w) + 1)
        for k in (2, 3):
            for a in range(len(w) - k + 1):
                g = w[a:a + k]
                counts[g] = counts.get(g, 0.0) + f
    out = [(g, v / den) for g, v in counts.items() if v / den >= MIN_GROUP_RATE]
    out.sort(key=lambda gv: -gv[1])
    return out


@lru_cache(maxsize=8)
def _frequent_originals(lex: Lexicon) -> list[tuple[str, float]]:
    thes = lex.thesaurus
    freq = lex.frequencies.get  # (``lex.frequency`` without its compounds: none is alphabetic)
    heads = [(h, freq(h, 0.0)) for h in thes.headwords if h.isalpha()]
    # ties (wordfreq's frequencies come in bins) broken by the word: a set's order changes
    # with the hash seed, and the results must not
    return heapq.nsmallest(N_FREQUENT_ORIGINALS, heads, key=lambda hf: (-hf[1], hf[0]))
