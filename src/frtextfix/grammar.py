"""Grammar checks used as *evidence*, never as corrections on their own.

A spinner that swaps words blindly breaks rules French never breaks: it writes ``de essor``
(French elides: ``d'essor``), ``de le petit`` (French contracts: ``du petit``), ``à chez être``
(``chez`` does not take an infinitive). When the original word would not break the rule but
the replacement does, that is strong evidence for the swap. Each check has a stable id, a
message, and examples and counterexamples that the tests run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from .tokenize import Token

# Words that French always elides before a vowel or a mute h.
ELIDING = frozenset({"de", "le", "la", "que", "je", "me", "te", "se", "ne", "ce", "jusque",
                     "lorsque", "puisque", "quoique"})
VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæ")
# What those words become once elided (``l'``, ``qu'``): the apostrophe is gone from the keys,
# the letter stays. Before a consonant French never writes them (``l'culture`` is a spinner's
# ``culture`` put where ``l'élevage`` stood).
ELIDED = frozenset({"l", "d", "j", "m", "n", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"})
# What callers pass instead of such a letter when no apostrophe follows it in the text (the
# variable ``n``, ``5 l``): keys carry no apostrophe, so only the text can tell.
NOT_ELIDED = "<letter>"
# Vowel-initial words that do not take elision (or are too often quoted/foreign).
NO_ELISION = frozenset({"onze", "onzième", "oui", "ouate", "yacht", "yaourt", "yoga", "youpi",
                        "ululement", "uhlan", "ouistiti", "yeux", "yen", "y", "ou"})
# Before a vowel ``ce`` is elided (``c'est``) or becomes ``cet`` (``cet homme``), except as a
# pronoun before a preposition or a conjunction: « ce à quoi », « ce en quoi » are French.
CE_IN_FULL_BEFORE = frozenset({"à", "au", "aux", "en", "avec", "après", "auprès", "avant",
                               "envers", "entre", "ou", "et", "afin", "autour", "alors"})
CONTRACTING = frozenset({("de", "le"), ("de", "les"), ("à", "le"), ("à", "les")})
NO_INFINITIVE = frozenset({"chez", "dans", "pendant", "parmi", "vers", "sous"})
COMMON_INFINITIVES = frozenset({"être", "avoir", "faire", "dire", "voir", "aller", "prendre",
                                "mettre", "savoir", "pouvoir", "vouloir", "venir", "devoir"})
# Subject pronouns that never take a verb in -ez or -ons, which only « vous » and « nous » take
# (« tu avez », « il pouvons »: a spinner's « tu » where « vous » stood). In 6 million words
# of the corpora the model never saw one of them before a word in -ez or -ons. « on » is
# checked before -ez only: English writes « on questions ».
NOT_PLURAL_SUBJECTS = frozenset({"je", "j", "tu", "il", "elle", "ils", "elles", "on"})
# Words in -ez that are no verb.
NOT_VERBS_IN_EZ = frozenset({"chez", "assez", "nez"})


@dataclass(frozen=True, slots=True)
class GrammarCheck:
    id: str
    message: str
    examples: tuple[tuple[str, str, str], ...]  # (prev, word, next) that break the rule
    counterexamples: tuple[tuple[str, str, str], ...]  # that do not


CHECKS: tuple[GrammarCheck, ...] = (
    GrammarCheck(
        "elision",
        "a word French elides stands in full before a vowel",
        (("de", "essor", "externe"), ("à", "de", "une"), ("de", "une", "peine"),
         ("de", "ce", "objet")),
        (("de", "croissance", "externe"), ("d", "une", "peine"), ("de", "onze", "ans"),
         ("<s>", "ce", "à"), ("<s>", "le", "ou")),
    ),
    GrammarCheck(
        "elided-before-consonant",
        "an elided word (l', d', qu'…) stands before a consonant",
        (("l", "culture", "de"), ("d", "distinctif", "</s>"), ("qu", "celui", "ci")),
        (("l", "élevage", "de"), ("l", "homme", "de"), ("d", "être", "</s>")),
    ),
    GrammarCheck(
        "contraction",
        "« de le », « à les »… stand where French contracts (du, aux) before a noun",
        (("de", "le", "petit"), ("à", "les", "enfants")),
        (("de", "le", "faire"), ("de", "ce", "petit"), ("de", "le", "construire"),
         ("à", "les", "rejoindre")),
    ),
    GrammarCheck(
        "agreement",
        "a subject pronoun other than « vous » or « nous » before a verb in -ez or -ons",
        (("<s>", "tu", "avez"), ("et", "il", "pouvons"), ("<s>", "on", "savez"),
         ("tu", "avez", "compris")),
        (("<s>", "vous", "avez"), ("<s>", "nous", "pouvons"), ("de", "il", "est"),
         ("avec", "elle", "chez"), ("mais", "on", "questions"), ("il", "assez", "de")),
    ),
    GrammarCheck(
        "preposition-infinitive",
        "a preposition that never takes an infinitive precedes one",
        (("à", "chez", "être"), ("sans", "dans", "aller")),
        (("à", "en", "être"), ("chez", "chez", "nous")),
    ),
)


def _vowel_initial(word: str) -> bool:
    return bool(word) and word[0] in VOWELS and word not in NO_ELISION


def breaks_elision(first: str, second: str) -> bool:
    """``first`` stands in full where French elides it before ``second``."""
    return (first in ELIDING and _vowel_initial(second)
            and not (first == "ce" and second in CE_IN_FULL_BEFORE))


# What callers pass for a neighbour that is not adjacent (a number, punctuation or a symbol
# stands between): the checks judge adjacent words only (``le 28 avril`` is no ``le avril``).
GAP = "<gap>"
# What may stand between two words that the checks judge as neighbours.
_ADJACENT_RE = regex.compile(r"\s+|['’]|-")


def adjacency(text: str, tokens: Sequence[Token]) -> list[bool]:
    """For each token of ``text``, whether only spaces, an apostrophe or a hyphen stand
    between it and the token before (never for the first)."""
    return [k > 0 and _ADJACENT_RE.fullmatch(text, tokens[k - 1].end, tokens[k].start) is not None
            for k in range(len(tokens))]


def as_seen(prev: str, apostrophe_follows: bool) -> str:
    """``prev`` as the checks should see it: a letter of ``ELIDED`` that no apostrophe follows
    in the text (the variable ``n``, ``5 l``) is no elided word. Keys carry no apostrophe, so
    every caller that has the text asks here."""
    return NOT_ELIDED if prev in ELIDED and not apostrophe_follows else prev


def breaks_agreement(subject: str, verb: str) -> bool:
    """``subject`` is a pronoun that ``verb``, a form in -ez or -ons, does not agree with."""
    if subject not in NOT_PLURAL_SUBJECTS or len(verb) < 4:
        return False
    if verb.endswith("ez"):
        return verb not in NOT_VERBS_IN_EZ
    return verb.endswith("ons") and subject != "on"


def _consonant_initial(word: str) -> bool:
    """Starts with a consonant other than ``h`` (which may be mute: ``l'homme``)."""
    return bool(word) and word[0].isalpha() and word[0] not in VOWELS and word[0] != "h"


# Infinitives in -re, by their verb's ending (``défendre``, ``reconnaître``, ``construire``)
# or in full where the ending also makes nouns (``maître``, ``militaire``, ``délire``): « de
# le construire » is French, « de le centre » is not.
RE_INFINITIVE_ENDINGS = (
    "prendre", "mettre", "naître", "araître", "croître", "duire", "struire",
    "crire", "faire", "plaire", "dire", "tendre", "fendre", "pondre", "vendre", "perdre",
    "rendre", "pendre", "fondre", "tordre", "mordre", "soudre", "coudre", "moudre", "aindre",
    "eindre", "joindre", "battre", "clure", "suivre", "vivre", "vaincre", "rompre",
)
RE_INFINITIVES = frozenset({"lire", "élire", "relire", "rire", "sourire", "boire", "croire",
                            "cuire", "suffire", "taire", "extraire", "distraire", "soustraire",
                            "paître"})


def infinitive_like(word: str) -> bool:
    """A known infinitive, or a word with an infinitive's ending (lookup key)."""
    return (word in COMMON_INFINITIVES or word in RE_INFINITIVES
            or (len(word) > 4 and word.endswith(("er", "ir", "oir")))
            or word.endswith(RE_INFINITIVE_ENDINGS))


# Evidence, in nats, that a word breaking a check (where its rival does not) was swapped in.
VIOLATION_LLR = 3.0
# Evidence that a word starting a sentence in lower case, in a text that capitalises its
# sentences, was written by a spinner (they write replacements in lower case).
LOWERCASE_START_LLR = 3.0


@lru_cache(maxsize=65536)
def grammar_llr(prev: str, original: str, replacement: str, nxt: str) -> float:
    """Log-likelihood ratio for ``original`` against ``replacement`` from the checks alone."""
    return VIOLATION_LLR * (
        len(violations(prev, replacement, nxt)) - len(violations(prev, original, nxt))
    )


def violations(prev: str, word: str, nxt: str) -> list[str]:
    """Ids of the checks that ``word`` breaks between ``prev`` and ``nxt`` (lookup keys;
    ``<s>``/``</s>`` at sentence edges). Only adjacent words should be passed."""
    out = []
    if breaks_elision(prev, word) or breaks_elision(word, nxt):
        out.append("elision")
    if prev in ELIDED and _consonant_initial(word):
        out.append("elided-before-consonant")
    if ((prev, word) in CONTRACTING and not infinitive_like(nxt)) or (
        (word, nxt) in CONTRACTING
    ):
        out.append("contraction")
    if breaks_agreement(word, nxt) or breaks_agreement(prev, word):
        out.append("agreement")
    if word in NO_INFINITIVE and infinitive_like(nxt):
        out.append("preposition-infinitive")
    return out
