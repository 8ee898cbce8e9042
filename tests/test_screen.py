"""The screen (``frtextfix.screen``): clean text passes without analysis, damage does not."""

from __future__ import annotations

import pytest
from _invariants import read_fixture

import frtextfix
from frtextfix.screen import needs_analysis
from frtextfix.spinner import spin


@pytest.fixture(scope="module")
def engine():
    return frtextfix.Repairer().engine


CAPITALISED = "Le chat dort. Il fait beau. Nous partons demain. Le train est à huit heures. "


def test_clean_sentences_pass(engine):
    assert not needs_analysis(CAPITALISED, engine)
    assert not needs_analysis("", engine)


def test_unknown_word_that_a_swap_explains_is_a_trace(engine):
    assert needs_analysis("Nvidia préschezte sa nouvelle carte. " + CAPITALISED, engine)


def test_rare_word_beside_the_swaps_original_is_no_trace(engine):
    # ``servile`` is ``service`` with ``ce`` written ``le``; but ``ce`` stands in its
    # sentence, so no spinner replaced every ``ce`` there
    originals = {o for o, _, _, _ in engine.explanations("servile")}
    assert originals and all(len(o) <= 3 for o in originals)
    with_original = "Un valet " + " ".join(sorted(originals)) + " servile attend. "
    assert not needs_analysis(CAPITALISED + with_original, engine)
    assert needs_analysis(CAPITALISED + "Un valet servile attend. ", engine)


def test_rare_word_explained_by_one_long_swap_alone_is_no_trace(engine):
    # ``magistralement`` is ``parfaitement`` under ``parfait → magistral``: one word and
    # nothing else cannot establish a swap of a long original
    explanations = engine.explanations("magistralement")
    assert explanations and all(len(o) > 3 for o, _, _, _ in explanations)
    assert not needs_analysis(CAPITALISED + "Elle a joué magistralement. ", engine)
    replacement = explanations[0][1]
    assert needs_analysis(
        CAPITALISED + f"Elle a joué magistralement, un jeu {replacement}. ", engine)


def test_lower_case_sentence_start_is_a_trace(engine):
    assert needs_analysis(CAPITALISED + "une Guinée équatoriale a aboli la peine de mort.", engine)


@pytest.mark.parametrize(
    "continuation",
    [
        "Il hésite... puis il part.",
        "Il aime les fruits (pommes, poires, etc.) produits dans la région.",
        "La lettre est signée par L. martin et envoyée.",
        "Il demanda (pourquoi pas ?) une réponse.",
        "Il cite l'article L.\ncent douze du code.",
        "Le shinto (litt. « la voie des dieux ») est ancien.",
        "Elle est née à Pazova (auj. en Serbie) en 1950.",
        # a word no spinner writes there: it is no thesaurus synonym
        "Il cite l'article.\ncent douze alinéas suivent.",
    ],
)
def test_french_that_goes_on_in_lower_case_is_no_trace(engine, continuation):
    assert not needs_analysis(CAPITALISED + continuation, engine)


def test_elision_break_is_a_trace(engine):
    assert needs_analysis(CAPITALISED + "Le rythme de essor ralentit.", engine)


@pytest.mark.parametrize(
    "sentence",
    ["Il a vécu de onze à vingt ans.", "Posons-le en principe.", "Est-ce un problème ?",
     "Voilà ce à quoi il pense.", "Le ou la ministre signe.", "Il tient à le construire."],
)
def test_french_that_does_not_elide_is_no_trace(engine, sentence):
    # no elision before « onze » or « ou » (``grammar.NO_ELISION``), nor of a pronoun after a
    # hyphen or of « ce » before a preposition; no contraction before an infinitive in -re
    assert not needs_analysis(CAPITALISED + sentence, engine)


def test_spun_seed_articles_are_analysed(engine):
    damaged = read_fixture("seed-damaged.txt")
    spun_part = damaged[damaged.index("Les plus récents"):]
    assert needs_analysis(spun_part, engine)


def test_clean_fixture_blocks_mostly_pass(engine):
    blocks = [b for b in read_fixture("gsd-dev-sample.txt").split("\n\n") if b.strip()]
    flagged = sum(needs_analysis(b, engine) for b in blocks)
    assert flagged < len(blocks)  # a screen that analyses everything saves nothing


def test_a_spun_text_is_flagged_whatever_its_rules(engine):
    blocks = [b for b in read_fixture("gsd-dev-sample.txt").split("\n\n") if b.strip()]
    text = "\n".join(blocks[:3])
    flagged = 0
    for seed in range(10):
        spun = spin(text, seed=seed, n_rules=4, function_word_share=1.0)
        flagged += needs_analysis(spun.text, engine)
    assert flagged >= 8


def test_contraction_break_is_a_trace_but_not_before_an_infinitive(engine):
    assert needs_analysis(CAPITALISED + "Il parle de le petit chat.", engine)
    assert not needs_analysis(CAPITALISED + "Il a décidé de le faire demain.", engine)


def test_subject_pronoun_before_a_verb_it_does_not_agree_with_is_a_trace(engine):
    assert needs_analysis(CAPITALISED + "Mes chers collègues, tu avez compris.", engine)
    assert needs_analysis(CAPITALISED + "Demain il pouvons partir.", engine)
    # « vous » and « nous » take these verbs; « chez » and « assez » are no verbs; English
    # writes « on » before a plural noun
    assert not needs_analysis(
        CAPITALISED + "Vous avez compris et nous pouvons partir chez elle assez tôt.", engine)
    assert not needs_analysis(CAPITALISED + "The talk was based on questions.", engine)


def test_elided_word_before_a_consonant_is_a_trace(engine):
    assert needs_analysis(CAPITALISED + "Il vit de l'culture des champs.", engine)
    # a capital after the apostrophe is a name; a mute h takes the elision
    assert not needs_analysis(CAPITALISED + "Il a joué avec M'Bamou à l'hôpital.", engine)


def test_hyphenated_synonym_inside_an_unknown_compound_is_a_trace(engine):
    # il → celui-là, also inside words: ``ville`` → ``vcelui-làle``
    assert needs_analysis(CAPITALISED + "Nous aimons la vcelui-làle.", engine)
    assert not needs_analysis(CAPITALISED + "Nous aimons celui-là, peut-être.", engine)


def test_a_text_starting_with_a_line_break_counts_its_first_sentence_once(engine):
    # one lower-case start in four is no trace (at most one in five is); counted twice, the
    # first sentence would make it one in five
    assert not needs_analysis("\nLe chat dort. Il fait beau. Nous partons. le train part.", engine)
    assert needs_analysis("\nLe chat dort. Il fait beau. Nous partons. Le car. le train part.",
                          engine)


def test_without_the_screen_every_text_is_analysed_and_clean_text_still_passes():
    repairer = frtextfix.Repairer(frtextfix.RepairConfig(screen=False))
    assert repairer._analyse(CAPITALISED)[0].tokens  # analysed, not waved through
    sample = read_fixture("gsd-dev-sample.txt")
    result = repairer.repair(sample)
    assert result.text == sample
    assert result.rules == ()


def test_whole_word_swap_in_a_short_text_is_a_trace_through_its_context(engine):
    """Too short for counts (``dans`` is expected less than MISSING_WORD_EXPECTED times),
    a whole-word swap still shows where the original reads far better than its synonym."""
    import re

    from frtextfix import screen
    from frtextfix.tokenize import WORD_RE

    text = ("Il habite dans une petite maison au bord du lac. Les enfants jouent dans le jardin "
            "tout l'après-midi. Le soir, nous dînons dans la cuisine avec les voisins.")
    n = len(WORD_RE.findall(text))
    assert engine.lex.frequency("dans") * n < screen.MISSING_WORD_EXPECTED
    assert not needs_analysis(text, engine)
    synonyms = [s for s in engine.lex.thesaurus.synonyms("dans") if s.isalpha()]
    flagged = [s for s in synonyms if needs_analysis(re.sub(r"\bdans\b", s, text), engine)]
    assert flagged, "no synonym of « dans » put in its place left a trace"
    assert len(flagged) < len(synonyms)  # not every word in that place reads badly


def _unmodelled_swap(engine, clean):
    """A frequent word absent from ``clean`` and a synonym of it that the lexicon knows but
    the language model does not (``conséquemment`` for ``pour``)."""
    lex = engine.lex
    words = set(clean.lower().replace(".", " ").split())
    return next(
        (o, s) for o, f, synonyms in engine.frequent_originals() if f > 0.01 and o not in words
        for s in sorted(synonyms) if s.isalpha() and not lex.knows(s) and lex.is_known(s)
    )


def test_a_replacement_the_model_does_not_know_standing_twice_is_a_trace(engine):
    """``léproserie`` for ``les``: the screen cannot weigh it in context, but a synonym of a
    missing frequent word that the model does not know, standing twice, is a trace; once, it
    is not."""
    from frtextfix.screen import traces

    clean = CAPITALISED * 4
    original, replacement = _unmodelled_swap(engine, clean)
    sentence = f"Le rythme ralentit {replacement} la saison. "
    assert (original, replacement) in traces(clean + sentence * 2, engine).swaps
    assert not traces(clean + sentence, engine)


def test_a_hyphenated_replacement_is_weighed_in_context(engine):
    """The screen's words split ``là-dedans`` at the hyphen; a swap ``dans → là-dedans`` is
    still weighed where the compound stands (its parts in a row, under the bigram model)."""
    import re

    from frtextfix import screen

    text = ("Il habite dans une petite maison au bord du lac. Les enfants jouent dans le jardin "
            "tout l'après-midi. Le soir, nous dînons dans la cuisine avec les voisins.")
    # twice: long enough for « dans » to be expected (``CONTEXT_TRACE_EXPECTED``)
    words = screen._Words.of(re.sub(r"\bdans\b", "là-dedans", text * 2), engine)
    assert words is not None
    missing = screen._missing_beside_synonyms(words, engine)
    assert ("dans", "là-dedans") in screen._swaps_in_context(words, engine, missing)
    lex, lm = engine.lex, engine.lex.lm
    assert lex.neighbour_fit("est", "là-dedans", "et") == lm.sequence_logprob(
        ["est", "là", "dedans", "et"])


def test_a_repeated_content_word_out_of_place_is_a_trace(engine, monkeypatch):
    """« proportion » four times where the text speaks of « prix », and no other trace: the
    screen weighs the repeated word in context as the engine would, and lets the text in.
    (« le proportion » is also a gender trace, looked for first: turned off here.)"""
    from frtextfix import screen
    from frtextfix.screen import traces

    monkeypatch.setattr(screen, "GENDER_TRACE", False)
    clean = ("Le prix du pain a encore augmenté cette année. Les boulangers expliquent que le "
             "prix de la farine a doublé. Dans les villages, le prix de la baguette dépasse "
             "désormais un euro. Les clients se plaignent du prix élevé des produits. ")
    assert not needs_analysis(clean, engine)
    found = traces(clean.replace("prix", "proportion"), engine)
    assert ("prix", "proportion") in found.swaps
    assert not found.words and not found.grammar


def test_a_determiner_of_the_other_gender_is_a_trace(engine):
    """« ce race » (« pays » spun): a determiner of the gender the word never takes, where a
    headword of that gender lists it. Neither « cette race » nor « ce pays » is one, nor a
    word the model cannot gender (« le ministre », « la ministre »)."""
    from frtextfix.screen import traces

    text = "Le président de {} pétrolier a parlé hier soir devant {} ministre."
    found = traces(text.format("ce race", "la"), engine)
    assert found.gender and not found.grammar and not found.words
    # a soft hyphen or a zero-width space inside the word changes nothing
    assert traces(text.format("ce ra\u00adce", "la"), engine) == found
    assert traces(text.format("ce ra\u200bce", "la"), engine) == found
    assert not traces(text.format("cette race", "la"), engine)
    assert not traces(text.format("ce pays", "le"), engine)
    assert not traces(text.format("ce pays", "la"), engine)
    # « le », « la » after a subject pronoun are object pronouns before a verb
    assert not traces("Ton cas, je le règle demain à la première heure.", engine)


def test_decomposed_accents_and_invisible_marks_leave_the_decisions_unchanged(engine):
    """Words are compared by their keys (NFC, no format characters), not by their lower case:
    a synonym written ``ré\\u00adcit`` or in NFD is the same word."""
    import re
    import unicodedata

    text = ("Il habite dans une petite maison au bord du lac. Les enfants jouent dans le jardin "
            "tout l'après-midi. Le soir, nous dînons dans la cuisine avec les voisins.")
    synonyms = [s for s in engine.lex.thesaurus.synonyms("dans") if s.isalpha() and len(s) >= 4]
    for s in synonyms:
        spun = re.sub(r"\bdans\b", s, text)
        decision = needs_analysis(spun, engine)
        marked = re.sub(rf"\b{s}\b", s[:2] + "\u00ad" + s[2:], spun)
        assert needs_analysis(marked, engine) == decision, s
        assert needs_analysis(unicodedata.normalize("NFD", spun), engine) == decision, s


def test_traces_name_what_was_found(engine):
    from frtextfix.screen import traces

    found = traces("Nvidia préschezte sa nouvelle carte. " + CAPITALISED, engine)
    assert found.words and not found.grammar
    found = traces(CAPITALISED + "Le rythme de essor ralentit.", engine)
    assert found.grammar and not found.words
    assert not traces(CAPITALISED, engine)


def test_a_swap_that_stands_out_is_named(engine):
    """« pour » gone from a long text while « afin » stands everywhere, where « pour » reads
    far better: the screen names the swap."""
    from frtextfix.screen import traces

    sentence = "Il travaille afin la ville et afin ses habitants. "
    found = traces(CAPITALISED * 6 + sentence * 4, engine)
    assert ("pour", "afin") in found.swaps


def test_a_swap_that_stands_out_but_reads_well_is_no_trace_on_its_own(engine):
    """« de » missing from a long text while « par » stands more often than French has it:
    clean text looks like this about once in eight documents, and the context shows nothing
    wrong: the text is not analysed for that alone."""
    from frtextfix.screen import _swaps_standing_out, _Words, traces

    text = CAPITALISED * 6 + "Il passe par la ville et par le port. " * 4
    words = _Words.of(text, engine)
    assert words is not None and ("de", "par") in _swaps_standing_out(words, engine)
    assert not traces(text, engine)


def test_a_repeated_content_word_near_the_bar_is_read_again_over_two_words(engine, monkeypatch):
    """« un diocèse français situé au … » three times: between its nearest neighbours the
    repeated word reads out of place, but not by the screen's 13 nats; two words either side
    it does (``screen.REPEAT_SECOND_LOOK``)."""
    from frtextfix import screen
    from frtextfix.screen import traces

    clean = ("Le Cantal est un département français situé au centre du pays. Son chef-lieu est "
             "Aurillac. Le Lot est un département français situé au sud-ouest, traversé par la "
             "rivière du même nom. La Lozère est un département français situé au sud du Massif "
             "central, le moins peuplé de France. Ces territoires ruraux vivent de l'élevage et "
             "du tourisme, et leurs habitants sont attachés à leurs paysages.")
    spun = clean.replace("département", "diocèse")
    assert not needs_analysis(clean, engine)
    assert ("département", "diocèse") in traces(spun, engine).swaps
    monkeypatch.setattr(screen, "REPEAT_SECOND_LOOK", None)  # the nearest neighbours alone
    assert not needs_analysis(spun, engine)
