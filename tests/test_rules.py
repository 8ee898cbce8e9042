"""The rule engine's bookkeeping of where a rule may hold (not what it decides)."""

from __future__ import annotations

import math

import regex
from _invariants import gsd_paragraphs, read_fixture, token_distance

import frtextfix
from frtextfix import rules
from frtextfix.document import Document
from frtextfix.rules import Candidate, UnitIndex

TEXT = (
    "Je vois la maison. Il fait beau. Elle mange une pomme. Nous avons une voiture. "
    "Le ciel est bleu. Il voit la mer. Elle a une idée."
)


def test_a_region_knows_the_stretch_free_of_contradictions():
    """A rule ``la → une`` supported in the third and fourth sentences may hold from the
    second to the fifth: the first and sixth use ``la``, which the spinner would have
    replaced. Content swaps are looked for in that whole stretch."""
    engine = frtextfix.Repairer().engine
    doc = Document.from_text(TEXT, engine.joins)
    assert len(doc.unit_spans) == 7
    une = [i for i, form in enumerate(doc.forms) if form == "une"]
    # the occurrences speak for the rule as explained words would, whatever the context model
    # says of them
    candidate = Candidate("la", "une", "word", True, explained={i: "la" for i in une})
    regions = sorted(engine.evaluate(doc, candidate, UnitIndex.build(doc)),
                     key=lambda r: r.first_unit)
    assert [(r.first_unit, r.last_unit) for r in regions] == [(2, 3), (6, 6)]
    assert [(r.run_first, r.run_last) for r in regions] == [(1, 4), (6, 6)]


def test_a_candidate_prior_shifts_its_log_odds():
    """A candidate that weaker evidence suggested (a repeated content word) starts from a lower
    prior: its regions' log-odds move by exactly that much, and the evidence says so."""
    engine = frtextfix.Repairer().engine
    doc = Document.from_text(TEXT, engine.joins)
    index = UnitIndex.build(doc)
    plain = engine.evaluate(doc, Candidate("la", "une", "word", True), index)
    lower = engine.evaluate(doc, Candidate("la", "une", "word", True, prior=-2.0), index)
    assert plain and len(plain) == len(lower)
    for a, b in zip(plain, lower):
        assert abs((a.log_odds - 2.0) - b.log_odds) < 1e-9
        assert b.evidence["extra_prior"] == -2.0 and a.evidence["extra_prior"] == 0.0


def test_repeated_content_words_are_looked_at_outside_spun_stretches_only():
    """Where a sure rule holds, content swaps have their own candidates; the repeated-word
    source looks only at the rest, and never at a capitalised occurrence (the author's)."""
    engine = frtextfix.Repairer().engine
    text = " ".join(["Le cinématographe est un art. Il aime le cinématographe muet."] * 2)
    doc = Document.from_text(text, engine.joins)
    assert list(engine._repeated_content_pairs(doc, frozenset()))  # the word reads odd there
    everything = frozenset(range(len(doc.unit_spans)))
    assert list(engine._repeated_content_pairs(doc, everything)) == []
    capitalised = Document.from_text(text.replace("cinématographe", "Cinématographe"),
                                     engine.joins)
    assert list(engine._repeated_content_pairs(capitalised, frozenset())) == []


def test_an_original_the_model_has_rarely_seen_is_not_weighed_for_a_repeated_word(monkeypatch):
    """Between two words the language model has rarely seen, context says little: a text on
    « zoroastrisme » is no evidence for « parsisme » (seen twice in the corpora), however
    often the topic word repeats."""
    from frtextfix import rules

    engine = frtextfix.Repairer().engine
    text = ("Le zoroastrisme est une religion ancienne de la Perse. Les fidèles du zoroastrisme "
            "vénèrent le feu. On pense que le zoroastrisme a influencé d'autres religions. "
            "Aujourd'hui, le zoroastrisme compte peu de fidèles.")
    doc = Document.from_text(text, engine.joins)
    assert list(engine._repeated_content_pairs(doc, frozenset())) == []
    monkeypatch.setattr(rules, "MIN_REPEAT_ORIGINAL_COUNT", 0)
    unguarded = frtextfix.Repairer().engine  # fresh caches
    assert ("parsisme", "zoroastrisme") in unguarded._repeated_content_pairs(doc, frozenset())


def test_an_original_the_model_has_rarely_seen_is_not_weighed_inside_a_spun_stretch(monkeypatch):
    """The same bar holds for the content-word swaps looked for where a sure rule holds: a
    spun text on Zoroaster got « parsisme » eight times, at a confidence of 0.97."""
    from frtextfix import rules

    engine = frtextfix.Repairer().engine
    text = ("Le zoroastrisme est une religion ancienne de la Perse. Les fidèles du zoroastrisme "
            "vénèrent le feu.")
    doc = Document.from_text(text, engine.joins)
    spun = frozenset(range(len(doc.unit_spans)))

    def pairs(e: rules.RuleEngine) -> set[tuple[str, str]]:
        return {(c.original, c.replacement) for c in e.candidates(doc, spun)}

    assert ("parsisme", "zoroastrisme") not in pairs(engine)
    monkeypatch.setattr(rules, "MIN_REPEAT_ORIGINAL_COUNT", 0)
    assert ("parsisme", "zoroastrisme") in pairs(frtextfix.Repairer().engine)


def test_an_unknown_plural_of_a_frequent_word_is_explained_not_an_inflection():
    """``aussis`` is ``des`` under ``de → aussi`` (found on the test split: 23 damaged words
    of one article left because « aussi » + « s » was taken for a plural); a rare plural of a
    content word (``tempos``) is still an inflection, not a swap's trace."""
    engine = frtextfix.Repairer().engine
    assert ("de", "aussi", "substring", "des") in engine.explanations("aussis")
    assert engine.explanations("tempos") == []


def test_a_word_ending_in_s_has_no_plural_in_s():
    """``verss`` is ``des`` under ``de → vers``, not a plural of ``vers``."""
    engine = frtextfix.Repairer().engine
    assert ("de", "vers", "substring", "des") in engine.explanations("verss")


def test_a_word_ending_in_s_has_a_feminine_plural_in_es():
    """``omises`` is the feminine plural of ``omis``, not ``oubliées`` under ``oublié → omis``
    (a manual page that writes both got seven false edits from that reading)."""
    engine = frtextfix.Repairer().engine
    assert not [e for e in engine.explanations("omises") if e[1] == "omis"]


def test_a_subject_pronoun_that_breaks_agreement_suggests_the_pronoun_that_agrees():
    # « tu avez », « tu proposez »: a spinner's « tu » where « vous » stood, found even in a
    # text too short for « vous » to be missed by its count
    clean = ("Monsieur le ministre, je crois que vous avez raison sur ce point. Le texte que vous "
             "proposez est attendu par les élus locaux, et vous savez combien ils ont besoin de "
             "cette réforme. Le rapporteur a déjà dit que la commission soutient cette démarche. "
             "Nous voterons donc cet article, et nous espérons que vous pourrez répondre à nos "
             "questions sur le calendrier.")
    result = frtextfix.repair(clean.replace("vous", "tu"))
    assert [(r.original, r.replacement) for r in result.rules] == [("vous", "tu")]
    assert result.text == clean
    assert frtextfix.repair(clean).text == clean


def test_a_content_original_with_many_synonyms_makes_its_swap_less_likely():
    """A spinner picks one of the original's synonyms: a swap from a content word that lists
    few (``lovelace``: ``séducteur`` only) starts higher than one from a word that lists many
    (``transformation``); function words are judged by count and context alone."""
    import math

    from frtextfix import rules

    engine = frtextfix.Repairer().engine
    assert engine.log_synonyms("la") == 0.0
    assert engine.log_synonyms("lovelace") == math.log(1 / rules.TYPICAL_SYNONYMS)
    assert engine.log_synonyms("transformation") > math.log(40 / rules.TYPICAL_SYNONYMS)
    assert rules.SYNONYM_CHOICE < 0
    text = "Ada séducteur présente la puce. Ada séducteur parle de la puce."
    doc = Document.from_text(text, engine.joins)
    regions = engine.evaluate(doc, Candidate("lovelace", "séducteur", "word", True),
                              UnitIndex.build(doc))
    assert regions
    for r in regions:
        feature = r.evidence["features"]["log_synonyms"]
        assert abs(feature - engine.log_synonyms("lovelace")) < 1e-4


def test_a_grammar_break_one_rule_explains_does_not_speak_for_another():
    """``de une`` breaks elision: ``la → une`` explains it, and so would any swap that put
    ``de`` there (``par → de``). Once the first rule is chosen, the others wait for the next
    round, where the repaired text has no break left to speak for them (a spun article on the
    « ministère de la Culture » got ``comme → de`` and ``dans → comme`` at 1.0, and « de »
    turned into « dans » 25 times)."""
    import re

    truth = (
        "Le ministère de la Culture est créé en 1959. Il a la charge de la politique de "
        "la lecture, de la musique et du théâtre. La ministre de la Culture présente "
        "chaque année le budget de la Culture et de la Communication devant la commission "
        "de la Défense et de la Santé. Elle parle de la presse, de la radio et de la "
        "télévision publiques. Le ministère de la Culture soutient aussi la création "
        "et la protection de la langue française, par la loi et par la formation."
    )
    spun = re.sub("(?i)la", "une", truth)
    result = frtextfix.repair(spun)
    assert [(r.original, r.replacement) for r in result.rules] == [("la", "une")]
    assert result.text == truth


def test_a_content_word_the_author_writes_with_a_capital_is_hardly_a_swap():
    """Spinners write in lower case: a capitalised « Léopard » is the author's, so the
    lower-case « léopard » of the same text is most likely the author's too, not a swap of
    ``tigre``. The candidate starts ``AUTHOR_WRITES_REPLACEMENT`` nats lower."""
    from frtextfix import rules

    engine = frtextfix.Repairer().engine
    body = ("Le léopard vit en Afrique. Ce léopard chasse la nuit. "
            "On voit le léopard près du fleuve. ")
    for ending, extra in (("Léopard est aussi un nom de char.", rules.AUTHOR_WRITES_REPLACEMENT),
                          ("Panthère est aussi un nom de char.", 0.0)):
        doc = Document.from_text(body + ending, engine.joins)
        regions = engine.evaluate(doc, Candidate("tigre", "léopard", "word", True),
                                  UnitIndex.build(doc))
        assert regions
        assert all(r.evidence["extra_prior"] == extra for r in regions)
    assert rules.AUTHOR_WRITES_REPLACEMENT < 0


def test_the_missing_word_gate_drops_only_swaps_the_engine_would_refuse():
    """In a text where no sure rule holds, a missing frequent word's swap is weighed only when
    the screen's cheap reading of it reaches ``MISSING_PAIR_GATE``: most pairs of a long clean
    text are dropped, and of those dropped, none would have been accepted (clean text and
    text spun at random alike)."""
    from frtextfix import rules
    from frtextfix.spinner import spin

    clean = read_fixture("gsd-dev-sample.txt")
    engine = frtextfix.Repairer().engine
    n_pairs = n_kept = 0
    for text in (clean, *(spin(clean, seed=seed).text for seed in (1, 2, 3))):
        doc = Document.from_text(text, engine.joins)
        index = UnitIndex.build(doc)
        gated = {(c.original, c.replacement, c.scope) for c in engine.candidates(doc)}
        pairs = list(engine._missing_word_pairs(doc, rules.MIN_EXPECTED_MISSING_UNSPUN))
        for o, s in pairs:
            for scope in ("word", "substring") if len(o) <= 3 else ("word",):
                n_pairs += 1
                if (o, s, scope) in gated:
                    n_kept += 1
                    continue
                regions = engine.evaluate(doc, Candidate(o, s, scope, True), index)
                assert all(r.log_odds < 0 for r in regions), (o, s, scope)
    assert n_kept < 0.5 * n_pairs, (n_kept, n_pairs)


def test_the_spun_stretch_gate_drops_only_swaps_the_engine_would_refuse():
    """Inside a stretch where a sure rule holds, a content-word swap is weighed in full only
    when its cheap reading reaches ``SPUN_CONTENT_GATE``: many are dropped, and of those
    dropped, none would have been accepted there."""
    from frtextfix import rules
    from frtextfix.spinner import spin

    assert rules.SPUN_CONTENT_GATE is not None
    engine = frtextfix.Repairer().engine
    n_pairs = n_kept = 0
    for seed in (1, 2, 3):
        text = spin(read_fixture("clean-mixed.txt"), seed=seed).text
        doc = Document.from_text(text, engine.joins)
        index = UnitIndex.build(doc)
        spun = frozenset(range(len(index.unit_texts)))
        gated = {(c.original, c.replacement) for c in engine.candidates(doc, spun, index)
                 if c.scope == "word"}
        for o, s in set(engine._content_swaps(doc, spun)):
            n_pairs += 1
            if (o, s) in gated:
                n_kept += 1
                continue
            dropped = engine.evaluate(doc, Candidate(o, s, "word", True), index, spun)
            assert all(r.log_odds < 0 for r in dropped), (o, s)
    assert n_kept < 0.5 * n_pairs, (n_kept, n_pairs)


def test_the_content_hypothesis_gate_drops_only_swaps_the_engine_would_refuse():
    """In a text where no rule was found, content-word swaps are weighed as if the whole text
    were spun, less ``CONTENT_HYPOTHESIS_PENALTY``; only those whose cheap reading reaches
    ``CONTENT_HYPOTHESIS_GATE`` are weighed in full. Of those dropped, none would have been
    accepted, and every region weighed carries the penalty in its prior (with more taken off
    where the author writes the replacement with a capital)."""
    from frtextfix import rules
    from frtextfix.spinner import spin

    clean = read_fixture("clean-mixed.txt")
    engine = frtextfix.Repairer().engine
    penalty = rules.CONTENT_HYPOTHESIS_PENALTY
    assert penalty is not None and penalty > 0
    n_pairs = n_kept = 0
    for text in (clean, *(spin(clean, seed=seed, function_word_share=0.0).text
                          for seed in (1, 2))):
        doc = Document.from_text(text, engine.joins)
        index = UnitIndex.build(doc)
        everywhere = frozenset(range(len(index.unit_texts)))
        regions = engine.content_hypothesis(doc, index)
        assert all(r.evidence["extra_prior"] <= -penalty for r in regions)
        weighed = {(r.original, r.replacement) for r in regions}
        for o, s in set(engine._content_swaps(doc, everywhere)):
            # content words both, as the engine reads them
            assert max(engine.word_rate(o), engine.word_rate(s)) < rules.FUNCTION_WORD_FREQUENCY
            n_pairs += 1
            if (o, s) in weighed:
                n_kept += 1
                continue
            dropped = engine.evaluate(doc, Candidate(o, s, "word", True, prior=-penalty),
                                      index, everywhere)
            assert all(r.log_odds < 0 for r in dropped), (o, s)
    assert n_kept < 0.5 * n_pairs, (n_kept, n_pairs)


def test_content_swaps_alone_are_found_and_nothing_gets_worse(monkeypatch):
    """A spinner that drew only content words leaves few traces. With the hypothesis that the
    whole text is spun, some such swaps are restored where nothing else was found, and no
    document comes out further from its original than without it."""
    from frtextfix import rules
    from frtextfix.spinner import spin

    blocks = [b for b in read_fixture("clean-mixed.txt").split("\n\n") if b.strip()]
    topic = read_fixture("topic-word.txt")
    docs = {0: blocks[0], 3: blocks[3], 8: topic}
    repairer = frtextfix.Repairer()
    with_hypothesis = without = 0
    penalty = rules.CONTENT_HYPOTHESIS_PENALTY
    for seed in range(33, 47):
        for j, doc in docs.items():
            spun = spin(doc, seed=seed * 1000 + j, function_word_share=0.0, n_rules=(1, 2))
            monkeypatch.setattr(rules, "CONTENT_HYPOTHESIS_PENALTY", penalty)
            a = token_distance(repairer.repair(spun.text).text, doc)
            monkeypatch.setattr(rules, "CONTENT_HYPOTHESIS_PENALTY", None)
            b = token_distance(repairer.repair(spun.text).text, doc)
            assert a <= b, (seed, j, [str(r) for r in spun.rules])
            with_hypothesis += a
            without += b
    assert with_hypothesis < without


def test_a_clean_text_repeating_a_rare_word_is_no_spun_text():
    """The hypothesis that a text is spun with content words alone must not turn a clean
    text's subject into a synonym: « émeraude » six times in snippets on emeralds is the
    text's word, not a spinner's (``fixtures/clean-emeraude.txt``)."""
    text = read_fixture("clean-emeraude.txt")
    result = frtextfix.repair(text)
    assert result.text == text and not result.edits and not result.rules


def test_one_word_family_is_no_substring_rule():
    """Technical French repeats one word in all its forms: « compressé », « compressées »,
    « décompressée » are rare words that ``posé → pressé`` "explains", and counted form by
    form they made a rule that rewrote all sixteen (``fixtures/clean-technical.txt``). A
    family counts once."""
    text = read_fixture("clean-technical.txt")
    result = frtextfix.repair(text)
    assert result.text == text and not result.edits and not result.rules


def test_a_long_word_inside_others_needs_many_families(monkeypatch):
    """A page on compression presets writes « préréglage » and « préréglages », rare words
    that ``sélection → préréglage`` as a substring "explains" (``fixtures/clean-presets.txt``).
    Spinners swap short words inside others; a long original needs far more evidence."""
    from frtextfix import rules

    text = read_fixture("clean-presets.txt")
    result = frtextfix.repair(text)
    assert result.text == text and not result.edits and not result.rules
    monkeypatch.setattr(rules, "DEFAULT_RULE_WEIGHTS", tuple(
        -4.0 if name == "long_substring" else w
        for name, w in zip(rules.RULE_FEATURES, rules.DEFAULT_RULE_WEIGHTS)))
    rules.rule_weights.cache_clear()
    try:
        fresh = frtextfix.Repairer(frtextfix.RepairConfig()).repair(text)
    finally:
        rules.rule_weights.cache_clear()
    assert "sélection→préréglage" in {r.id for r in fresh.rules}


def test_a_word_the_author_writes_in_the_plural_is_the_authors(monkeypatch):
    """A page on a shell's numbering writes « numéro » and « numéros »
    (``fixtures/clean-numbers.txt``). A whole-word swap ``nombre → numéro`` writes one form
    only, so the plural beside it says the author uses the word: without that reading the
    page got ``nombre → numéro`` six times."""
    from frtextfix import rules

    text = read_fixture("clean-numbers.txt")
    result = frtextfix.repair(text)
    assert result.text == text and not result.edits and not result.rules
    monkeypatch.setattr(rules, "INFLECTED_REPLACEMENT", False)
    fresh = frtextfix.Repairer(frtextfix.RepairConfig()).repair(text)
    assert "nombre→numéro" in {r.id for r in fresh.rules}


def test_a_substring_missing_inside_words_is_no_evidence_without_a_damaged_word():
    """Messages that never write « un », not even inside a word: under ``un → le`` as a
    substring those words would stand damaged (``aucle``), and none does, so their absence
    speaks for neither reading. A substring rule that explains no word counts no absence."""
    from frtextfix.config import RepairConfig

    text = "\n".join(f"Impossible de {verb} le fichier « %s » : {why}" for verb, why in [
        ("créer", "accès refusé"), ("lire", "fichier absent"), ("fermer", "erreur de disque"),
        ("copier", "place insuffisante"), ("déplacer", "accès refusé"),
        ("trier", "délai dépassé"), ("supprimer", "fichier verrouillé"),
        ("renommer", "nom déjà pris")])
    assert "un" not in text
    weighed = frtextfix.Repairer(
        RepairConfig(screen=False, report_rule_confidence=1e-6)).detect(text)
    substring = [r for r in weighed if r.id.split("#")[0] == "un→le" and r.scope == "substring"]
    assert substring
    for r in substring:
        assert r.evidence["features"]["explained"] == 0.0
        assert r.evidence["features"]["absence"] == 0.0


def test_a_repeated_term_the_model_does_not_know_is_the_texts_own(monkeypatch):
    """« décompression » is not in the language model, so a swap ``détente → décompression``
    is weighed by how well « détente » alone fits there. Seven times « lors de la
    décompression » in a text on an archiver is its subject, not seven pieces of evidence: the
    fit is damped as a repeated content word's context is (``fixtures/clean-archiver.txt``);
    the side of the window that repeats (« lors de la ») damps it too."""
    from frtextfix import rules
    from frtextfix.config import RepairConfig

    text = read_fixture("clean-archiver.txt")
    config = RepairConfig(screen=False, report_rule_confidence=0.01)

    def reported() -> set[str]:
        return {r.id.split("#")[0] for r in frtextfix.Repairer(config).repair(text).rules}

    assert frtextfix.repair(text).text == text
    assert "détente→décompression" not in reported()
    monkeypatch.setattr(rules, "_window_sides", lambda window: (window,))
    assert "détente→décompression" not in reported()
    monkeypatch.setattr(rules, "MIN_UNKNOWN_REPEATS_DAMPED", 1000)
    assert "détente→décompression" in reported()


def test_a_phrase_repeated_through_a_manual_is_its_style_not_evidence(monkeypatch):
    """Manual pages repeat their phrases: « l'attribut « c » » and « poser ou retirer » sixteen
    times in ``fixtures/clean-attributes.txt``. Counted in full at each repeat, they made
    ``adjectif → attribut`` and ``bien → ou`` sure and 49 false edits; a repeated content
    word's context now stops growing (``MAX_CONTEXT_BURST``) and a window met again in other
    sentences counts less and less (``WINDOW_REPEATS_FREE``)."""
    from frtextfix import rules

    text = read_fixture("clean-attributes.txt")
    result = frtextfix.repair(text)
    assert result.text == text and not result.edits and not result.rules
    monkeypatch.setattr(rules, "MAX_CONTEXT_BURST", math.inf)
    monkeypatch.setattr(rules, "WINDOW_REPEATS_FREE", 10**9)
    assert frtextfix.repair(text).edits


def test_word_families_share_the_letters_before_the_swap():
    from frtextfix.rules import _family

    assert _family("compressée", "pressé") == _family("décompressés", "pressé") == "ompressé"
    assert _family("préschezte", "chez") != _family("cchezters", "chez")
    assert _family("chez", "chez") == "chez"
    assert _family("autre", "chez") == "autre"


def test_a_determiner_of_the_other_gender_gives_a_content_swap_away(monkeypatch):
    """Ten GSD sentences spun at random (``prix → prime``, ``route → rocade``): « du prime
    Nobel » puts a masculine determiner before a word French uses as feminine, which proposes
    ``prix`` and counts against ``prime``. The page comes back whole; without the gender
    evidence, the candidates and the trace (nor the screen's second look at « rocade » three
    times, which lets the page in now) it is not restored."""
    from frtextfix import lexicon, rules, screen
    from frtextfix.spinner import spin

    clean = gsd_paragraphs()[12]
    spun = spin(clean, seed=3)
    assert sorted(str(r) for r in spun.rules) == ["prix→prime", "route→rocade"]
    assert "du prime Nobel" in spun.text
    assert frtextfix.Repairer().repair(spun.text).text == clean

    monkeypatch.setattr(lexicon, "GENDER_PAIR_LLR", 0.0)
    monkeypatch.setattr(rules, "GENDER_CANDIDATES", False)
    monkeypatch.setattr(screen, "GENDER_TRACE", False)
    monkeypatch.setattr(screen, "REPEAT_SECOND_LOOK", None)
    assert token_distance(frtextfix.Repairer().repair(spun.text).text, clean) > 0


def test_an_unknown_word_the_undo_spells_more_like_french_speaks_for_the_rule():
    """``inquisitrile`` is no word, and undoing ``ce → le`` in it gives no known word either,
    but ``inquisitrice`` reads far more like French (the letter model): with ``lertain``
    (``certain``) it makes the rule sure, where ``lertain`` alone is too little."""
    text = ("Je crois que le chapitre vous plaira. J’adore utiliser mon ton d’inquisitrile "
            "pour gêner le beau gaillard.\nChuis lertain que vous devriez bien vous entendre "
            "avec lui.")
    alone = text.replace("inquisitrile", "inquisiteur")  # a known word, without « le »
    rule = {r.id: r for r in frtextfix.detect(text)}["ce→le"]
    assert rule.evidence["spelling_explained"] == 1
    assert rule.evidence["explained_tokens"] == 1  # lertain
    weak = {r.id: r for r in frtextfix.detect(alone, report_rule_confidence=0.01)}["ce→le"]
    assert not weak.used and weak.evidence["spelling_explained"] == 0
    assert weak.confidence < 0.5 <= rule.confidence
    repaired = frtextfix.repair(text).text
    assert "d’inquisitrice" in repaired and "Chuis certain" in repaired
    assert frtextfix.repair(alone).text == alone


def test_a_term_no_spinner_wrote_is_no_trace_of_a_swap(monkeypatch):
    """French manual pages leave terms and whole paragraphs in English, and name commands
    without a vowel. ``comments`` holds ``comme``, ``socket`` reads ``soie`` under
    ``ie → cket`` and ``zsh`` ``zen`` under ``en → sh``: taken for a spinner's products,
    such words made false rules on Debian's manual pages (``benchmarks/out_of_domain.py``).
    They are no evidence; the thesaurus's own rare words (``manufacturer``) still are."""
    from frtextfix.lexicon import Lexicon

    engine = frtextfix.Repairer().engine
    lex = engine.lex
    assert all(map(lex.looks_foreign, ["socket", "packets", "comments", "zsh", "pdf"]))
    assert not any(map(lex.looks_foreign, ["manufacturer", "présente", "préschezte", "soie"]))
    doc = Document.from_text("Les comments du fichier commencent par un dièse.", engine.joins)

    def explaining() -> set[tuple[str, str]]:
        return {(c.original, c.replacement) for c in engine.candidates(doc) if c.explained}

    assert ("de", "comme") not in explaining()
    monkeypatch.setattr(Lexicon, "looks_foreign", lambda self, word: False)
    assert ("de", "comme") in explaining()


def test_a_template_repeating_one_side_of_a_word_is_no_evidence(monkeypatch):
    """A program's messages repeat a template with one side changing: « Option non valable »,
    « Argument non valable » thirty times in ``fixtures/clean-messages.txt``. Counted as
    fresh contexts, they made ``pas → non`` sure and 30 false edits; each side of a context
    window now counts apart, and the more repeated side damps (``_window_sides``)."""
    from frtextfix import rules

    text = read_fixture("clean-messages.txt")
    result = frtextfix.repair(text)
    assert result.text == text and not result.edits and not result.rules
    monkeypatch.setattr(rules, "_window_sides", lambda window: (window,))
    assert frtextfix.Repairer().repair(text).edits


def test_a_template_repeating_the_replacement_is_no_excess(monkeypatch):
    """« non » thirty times in one template (``fixtures/clean-messages.txt``) is one phrase
    repeated, not thirty words more than French has: the excess counts a repeated window as
    its context does. Reported as a weak rule, ``pas → non`` has far less excess than when
    every window counts in full."""
    from frtextfix import rules
    from frtextfix.config import RepairConfig

    text = read_fixture("clean-messages.txt")
    config = RepairConfig(screen=False, report_rule_confidence=0.0001)

    def excess() -> float:
        found = [r for r in frtextfix.Repairer(config).detect(text) if r.id == "pas→non"]
        assert found and found[0].evidence["replacement_words"] == 30
        return float(found[0].evidence["features"]["excess"])

    damped = excess()
    monkeypatch.setattr(rules, "_window_sides", lambda window: ())
    assert damped < excess() - 3.0


def test_a_known_word_the_swap_made_is_repaired_where_the_rule_holds():
    """Under ``un → le`` inside words, « une » becomes « lee », a word the lexicon knows (a
    name): no trace of the rule, so a sentence holding only that word spoke for nothing and
    lay outside the rule's region. Where nothing contradicts the rule, the region reaches
    it, and the corrector undoes it there as it would anywhere else."""
    clean = ("Elle était une chanteuse de variétés très connue.\n"
             "Bressuire est une commune française du département des Deux-Sèvres. "
             "Chacun des habitants connaît un boulanger de la commune. "
             "Aucun autre village de la région ne compte une population aussi jeune. "
             "Une fontaine se trouve au centre de la commune.")
    spun = regex.sub("un", "le", clean)
    assert spun.startswith("Elle était lee chanteuse")
    result = frtextfix.repair(spun)
    assert result.text.startswith("Elle était une chanteuse")
    assert token_distance(result.text, clean) < token_distance(spun, clean)


def test_a_word_the_model_has_seen_a_few_times_can_be_a_damaged_word():
    """« lette » stands a few times in the corpora the language model was built from (a
    name), but a lexicon of French hardly knows it, and ``ce → le`` inside it gives the
    common « cette »: it can be a damaged word. A whole rare word read as a synonym
    (« méat » for « jour ») stays the text's own when the model has seen it."""
    engine = frtextfix.Repairer().engine
    assert 0 < engine.lex.lm.count("lette") < rules.EXPLAINED_MAX_MODEL_COUNT
    assert ("ce", "le", "substring", "cette") in engine.explanations("lette")
    assert 0 < engine.lex.lm.count("méat")
    assert not [e for e in engine.explanations("méat") if e[2] == "word"]


def test_a_whole_word_rule_weighs_the_known_words_it_may_have_made_inside_others():
    """With no unknown word to show ``un → le`` inside others, the engine may read it as a
    whole-word swap, though the spinner wrote « lee » for « une » as well. Under such a rule
    the corrector weighs a known word far rarer than its undo (« lee », « une »), in
    context; a word about as common as its undo (« les », « uns ») is left alone."""
    from frtextfix.corrector import propose

    repairer = frtextfix.Repairer()
    engine = repairer.engine
    text = ("La comptine est lee chanson simple. Le enfant la chante avec le ami. "
            "Elle raconte lee histoire avec le refrain, et les enfants la connaissent.")
    doc = Document.from_text(text, engine.joins)
    le = [i for i, form in enumerate(doc.forms) if form == "le"]
    candidate = Candidate("un", "le", "word", True, explained={i: "un" for i in le})
    regions = engine.evaluate(doc, candidate, UnitIndex.build(doc))
    assert len(regions) == 1 and regions[0].scope == "word"
    inner = {doc.forms[p.token]: p for p in propose(doc, regions[0], repairer.lexicon)
             if p.kind == "inner"}
    assert set(inner) == {"lee"}
    assert inner["lee"].new_form == "une" and inner["lee"].confidence > 0.5
    # a sentence holding only such a word is inside the rule's region too
    assert regions[0].first_unit == 0


def test_a_chain_through_a_sure_rules_replacement_is_undone_to_the_first_original():
    """The spinner swapped « en » for « dans » inside words, then every word « dans » for
    « parmi »: each « en » of the text became « parmi », and so did its « dans ». Once
    ``en → dans`` is found (« dansfants »), the synonyms of « dans » standing in the text are
    candidates for « en »; the context reads the first original, or the middle word where it
    fits better."""
    from _invariants import CHAIN_CLEAN as clean
    from _invariants import CHAIN_SPUN as spun

    assert "parmi été" in spun and "parmi la forêt" in spun
    result = frtextfix.repair(spun)
    chain = [r for r in result.rules if r.original == "en" and r.replacement == "parmi"]
    assert len(chain) == 1 and chain[0].evidence["via"] == "dans"
    assert result.text == clean


def test_a_function_word_swapped_for_a_word_the_model_does_not_know_is_weighed_in_full():
    """« les » swapped for « lésiner » (the thesaurus lists it, the language model has never
    seen it) everywhere: a repeated unknown replacement is usually the text's own term, and
    its context is damped, but no term stands where « les » reads well, time after time,
    while « les » is missing. The text comes back exactly, capitals included."""
    clean = ("Les chercheurs observent les oiseaux de la région depuis des années. Ils "
             "comptent les nids au printemps et notent les dates de ponte. Les données "
             "montrent que les populations diminuent dans les zones agricoles. Selon les "
             "auteurs, les haies et les mares jouent un rôle important pour les espèces "
             "menacées.")
    engine = frtextfix.Repairer().engine
    assert "lésiner" not in engine.lex.lm and engine.lex.thesaurus.lists("les", "lésiner")
    spun = regex.sub(r"(?<!\w)(?i:les)(?!\w)", "lésiner", clean)
    assert frtextfix.repair(spun).text == clean
