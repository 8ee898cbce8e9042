"""Every grammar check carries examples and counterexamples, and they hold (Grammalecte's
discipline: an untested check fails the suite)."""

from __future__ import annotations

import _invariants  # noqa: F401  (puts src/ on sys.path in a bare checkout)
import pytest

from frtextfix import grammar
from frtextfix.lexicon import Lexicon

CHECKS = grammar.CHECKS
IDS = [c.id for c in CHECKS]


def test_there_are_checks_with_unique_ids():
    assert CHECKS
    assert len(IDS) == len(set(IDS))
    for c in CHECKS:
        assert c.id and c.message


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_check_has_examples_and_counterexamples(check):
    assert len(check.examples) >= 1, f"{check.id} has no example"
    assert len(check.counterexamples) >= 1, f"{check.id} has no counterexample"
    for triple in (*check.examples, *check.counterexamples):
        assert len(triple) == 3 and all(isinstance(w, str) for w in triple), triple


@pytest.mark.parametrize(
    ("check_id", "triple"),
    [pytest.param(c.id, t, id=f"{c.id}:{'_'.join(t)}") for c in CHECKS for t in c.examples],
)
def test_example_violates(check_id, triple):
    assert check_id in grammar.violations(*triple)


@pytest.mark.parametrize(
    ("check_id", "triple"),
    [pytest.param(c.id, t, id=f"{c.id}:{'_'.join(t)}") for c in CHECKS for t in c.counterexamples],
)
def test_counterexample_does_not_violate(check_id, triple):
    assert check_id not in grammar.violations(*triple)


@pytest.mark.parametrize(
    "triple",
    [
        ("que", "ce", "soit"),  # « que ce soit »
        ("<s>", "chez", "nous"),  # « chez nous »
        ("vous", "cherchez", "un"),
        ("carlos", "sanchez", "</s>"),
        ("de", "le", "faire"),  # pronoun before an infinitive
        ("à", "en", "être"),
        ("de", "le", "reconnaître"),  # an infinitive in -re
        ("ce", "à", "quoi"),  # « ce » a pronoun before a preposition
        ("la", "ou", "les"),  # « le ou la », « la ou les »
    ],
)
def test_sound_french_breaks_no_check(triple):
    assert grammar.violations(*triple) == []


@pytest.mark.parametrize("noun", ["centre", "maître", "militaire", "délire", "nombre"])
def test_a_noun_ending_like_an_infinitive_still_breaks_the_contraction(noun):
    assert "contraction" in grammar.violations("de", "le", noun)


def test_grammar_llr_favours_the_original_that_breaks_nothing():
    assert grammar.grammar_llr("à", "en", "chez", "être") > 0
    assert grammar.grammar_llr("de", "croissance", "essor", "externe") > 0
    assert grammar.grammar_llr("de", "ce", "le", "petit") > 0
    assert grammar.grammar_llr("le", "chat", "chat", "dort") == 0


@pytest.mark.parametrize(
    ("text", "i", "prev", "nxt"),
    [
        # a number or punctuation between two words: they are no neighbours for the checks
        ("Il est né le 28 avril.", 3, "né", grammar.GAP),
        ("De 10 à 20 ans.", 1, grammar.GAP, grammar.GAP),
        ("Il parle de, euh, autre chose.", 3, grammar.GAP, grammar.GAP),
        # spaces, an apostrophe or a hyphen between them: neighbours
        ("une opération de essor externe", 3, "de", "externe"),
        ("l'homme est là", 1, "l", "est"),
    ],
)
def test_only_adjacent_words_are_neighbours(text, i, prev, nxt):
    from frtextfix.document import Document

    doc = Document.from_text(text)
    assert doc.grammar_prev(i, doc.forms[i - 1]) == prev
    assert doc.grammar_next(i, doc.forms[i + 1]) == nxt


def test_sentence_scores_count_no_break_across_a_number():
    # the scorer judges adjacent words only, as the engine does: « né le 28 avril » breaks
    # nothing, « de essor » does
    import frtextfix
    from frtextfix.scoring import FEATURES, sentence_features

    lex = frtextfix.Repairer().lexicon
    k = FEATURES.index("grammar_breaks")

    def breaks(text: str) -> float:
        return sentence_features(lex, text, (0, len(text)), (), 0.0, after=False)[k]

    assert breaks("Il est né le 28 avril à Paris.") == 0
    assert breaks("De 10 à 20 ans.") == 0
    assert breaks("une opération de essor externe") > 0


def test_pairs_of_frequent_words_french_never_writes_side_by_side():
    # learnt from the language model, not listed: « la de », « les est » never stand side
    # by side, « de la », « il est » do; the evidence goes to the word that avoids them
    lex = Lexicon()
    unseen = lex.unseen_pairs
    assert ("la", "de") in unseen and ("les", "est") in unseen
    assert ("de", "la") not in unseen and ("il", "est") not in unseen
    # « une de » is French, « la de » is not: the replacement « une » reads better here
    assert lex.pair_llr("<s>", "la", "une", "de") < 0
    assert lex.pair_llr("<s>", "une", "la", "de") > 0
    assert lex.pair_llr("<s>", "chat", "chien", "dort") == 0


def test_a_determiner_of_the_gender_a_noun_never_takes_counts_against_it():
    # learnt from the language model's counts after « le », « un », « la », « une »…, not
    # listed: « le race » is a spinner's « race » where « pays » stood; a noun French uses
    # with both genders (« le/la ministre », « le/la tour ») has none and breaks nothing
    lex = Lexicon()
    assert lex.gender("pays") == "m" and lex.gender("race") == "f"
    assert lex.gender("ministre") is None and lex.gender("tour") is None
    assert lex.breaks_gender("le", "race") and lex.breaks_gender("une", "pays")
    assert not lex.breaks_gender("la", "race") and not lex.breaks_gender("la", "ministre")
    assert not lex.breaks_gender("les", "race")  # no gender in the plural
    assert lex.pair_llr("le", "pays", "race", "pétrolier") > 0
    assert lex.pair_llr("le", "race", "pays", "pétrolier") < 0
    assert lex.pair_llr("la", "croissance", "hausse", "de") == 0  # both agree
