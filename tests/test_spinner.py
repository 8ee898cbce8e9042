"""The public spinner: deterministic, systematic, chained, case-folding, total on any str."""

from __future__ import annotations

import doctest
import random
import unicodedata
from pathlib import Path

import pytest

import frtextfix.spinner as spinner_module
from frtextfix.resources import thesaurus
from frtextfix.spinner import MappingThesaurus, SpunText, spin, spin_articles
from frtextfix.tokenize import normalize, word_keys

GOLD = (Path(__file__).resolve().parents[1] / "fixtures" / "seed-gold.txt").read_text("utf-8")
# The clean first article of the seed page: real French news text of ~1,500 words.
ARTICLE = GOLD.split("Les plus récents")[0]


def assert_originals_gone(spun: SpunText) -> None:
    keys = set(word_keys(spun.text))
    folded = normalize(spun.text)
    for rule in spun.rules:
        if rule.scope == "word":
            assert normalize(rule.original) not in keys, rule
        else:
            assert normalize(rule.original) not in folded, rule


def test_doctest() -> None:
    assert doctest.testmod(spinner_module).failed == 0


def test_deterministic_given_seed() -> None:
    assert spin(ARTICLE, seed=7) == spin(ARTICLE, seed=7)
    assert spin_articles([ARTICLE, ARTICLE], seed=7) == spin_articles([ARTICLE, ARTICLE], seed=7)
    assert len({spin(ARTICLE, seed=s).rules for s in range(10)}) > 5
    # A Random is drawn from: successive calls differ, reproducibly.
    rng_a, rng_b = random.Random(3), random.Random(3)
    first = [spin(ARTICLE, seed=rng_a).rules for _ in range(3)]
    assert first == [spin(ARTICLE, seed=rng_b).rules for _ in range(3)]
    assert len(set(first)) > 1


def test_word_rule_replaces_every_occurrence_case_insensitively() -> None:
    th = MappingThesaurus({"croissance": ("essor",)})
    text = "Croissance externe. La croissance, CROISSANCE ! Les croissances restent."
    spun = spin(text, seed=0, n_rules=1, thesaurus=th)
    assert spun.text == "essor externe. La essor, essor ! Les croissances restent."
    (rule,) = spun.rules
    assert (rule.original, rule.replacement, rule.scope, rule.count) == (
        "croissance",
        "essor",
        "word",
        3,
    )
    assert rule.in_thesaurus


def test_short_headword_is_replaced_inside_words_too() -> None:
    th = MappingThesaurus({"en": ("chez",)})
    spun = spin("Nvidia présente En outre des data centers, en 2024.", seed=0, thesaurus=th)
    assert spun.text == "Nvidia préschezte chez outre des data cchezters, chez 2024."
    assert spun.rules[0].scope == "substring"
    assert spun.rules[0].count == 4


def test_case_is_folded_and_replacement_lower_case() -> None:
    th = MappingThesaurus({"la": ("une",)})
    spun = spin("La Guinée a aboli la peine. Les délais.", seed=0, thesaurus=th)
    assert spun.text == "une Guinée a aboli une peine. Les déuneis."


def test_rules_chain() -> None:
    th = MappingThesaurus({"pays": ("race",), "ce": ("le",)})
    text = "le président de ce petit pays"
    outcomes = {spin(text, seed=s, n_rules=2, thesaurus=th).text for s in range(20)}
    # pays→race then ce→le turns race into rale. In the other order, pays→race would bring
    # back the substring "ce" that ce→le removed, so it is refused and only ce→le applies.
    assert outcomes == {"le président de le petit rale", "le président de le petit pays"}


def test_chains_happen_with_the_shipped_thesaurus() -> None:
    chained = 0
    for s in range(200):
        rules = spin(ARTICLE, seed=s).rules
        chained += any(
            later.original in earlier.replacement
            for i, earlier in enumerate(rules)
            for later in rules[i + 1 :]
        )
    assert chained > 0


@pytest.mark.parametrize("off_thesaurus_rate", [0.0, 0.4])
def test_invariants_on_real_text(off_thesaurus_rate: float) -> None:
    th = thesaurus()
    function_rules = total = 0
    for s in range(150):
        spun = spin(ARTICLE, seed=s, off_thesaurus_rate=off_thesaurus_rate)
        assert spun.original == ARTICLE
        assert 1 <= len(spun.rules) <= 4
        assert_originals_gone(spun)
        for rule in spun.rules:
            assert rule.count > 0
            assert rule.replacement == rule.replacement.lower()
            assert rule.in_thesaurus == th.lists(rule.original, rule.replacement)
            assert rule.scope == ("substring" if 2 <= len(rule.original) <= 3 else "word")
            assert " " not in rule.replacement
            if off_thesaurus_rate == 0.0:
                assert rule.in_thesaurus and rule.original in th.headwords
            total += 1
            function_rules += spinner_module._zipf(rule.original) >= 6.0
    # About half the rules hit frequent function words; never a fixed list.
    assert 0.3 < function_rules / total < 0.7


def test_off_thesaurus_rules_exist_when_asked() -> None:
    rules = [r for s in range(50) for r in spin(ARTICLE, seed=s, off_thesaurus_rate=1.0).rules]
    assert rules and not any(r.in_thesaurus for r in rules)
    assert all(r.scope == "substring" and 2 <= len(r.original) <= 3 for r in rules)


def test_n_rules_and_substring_length_options() -> None:
    for s in range(20):
        spun = spin(ARTICLE, seed=s, n_rules=3, substring_max_len=0)
        assert len(spun.rules) == 3
        assert all(r.scope == "word" for r in spun.rules)
        assert_originals_gone(spun)
    assert spin(ARTICLE, seed=1, n_rules=0).rules == ()


def test_nfd_text_is_matched() -> None:
    th = MappingThesaurus({"été": ("saison",)})
    text = unicodedata.normalize("NFD", "L'été a été chaud.")
    assert spin(text, seed=0, thesaurus=th).text == "L'saison a saison chaud."


def test_spin_articles_records_each_article() -> None:
    articles = [ARTICLE[:800], ARTICLE[800:1600], ARTICLE[1600:2400]]
    spun = spin_articles(articles, seed=11)
    assert spun.original == "\n\n".join(articles)
    assert len(spun.articles) == len(spun.spans) == 3
    for part, (start, end) in zip(spun.articles, spun.spans):
        assert spun.text[start:end] == part.text
        assert_originals_gone(part)
    assert spun.rules == tuple(r for part in spun.articles for r in part.rules)
    # Each article draws its own rules.
    assert len({part.rules for part in spun.articles}) > 1


@pytest.mark.parametrize("text", ["", " ", "\n\n", "123 456 !", "😀 \ud800 \x00", "a", "À"])
def test_never_raises_and_no_rule_without_words(text: str) -> None:
    spun = spin(text, seed=0)
    assert spun.original == text
    if not any(c.isalpha() for c in text):
        assert spun.rules == () and spun.text == text
    assert spin_articles([], seed=0) == SpunText("", "", ())
