"""The seed page (``fixtures/seed-damaged.txt``) against its hand repair (``seed-gold.txt``).

One regression case among many, never the target to tune to. Measured with the project's
token edit distance (see ``_invariants.token_distance``).
"""

from __future__ import annotations

import re

import pytest
from _invariants import read_fixture, token_distance

import frtextfix

DAMAGED = read_fixture("seed-damaged.txt")
GOLD = read_fixture("seed-gold.txt")
CUT = DAMAGED.index("Les plus récents")
DAMAGED_TOKENS = 27  # tokens that differ between the damaged page and the gold (fixtures/README.md)
TARGET = 20  # the project's acceptance target: restored tokens out of 27


@pytest.fixture(scope="module")
def result():
    return frtextfix.repair(DAMAGED)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_fixture_sanity():
    assert GOLD.index("Les plus récents") == CUT
    assert GOLD[:CUT] == DAMAGED[:CUT]
    assert token_distance(DAMAGED, GOLD) == DAMAGED_TOKENS


def test_clean_first_article_unchanged(result):
    assert result.text[:CUT] == DAMAGED[:CUT]
    assert all(e.start >= CUT for e in result.edits), [e for e in result.edits if e.start < CUT]


def test_clean_first_article_alone_unchanged():
    article = DAMAGED[:CUT]
    r = frtextfix.repair(article)
    assert r.text == article
    assert r.rules == ()


@pytest.mark.xfail(
    strict=False,
    reason="known failure: 17 of 27 damaged tokens restored at version 0.1.0; the rest are "
    "whole-word swaps between real words (croissance→essor, autonome→individuelle, vers→environ, "
    "two la→une) that the context model cannot yet establish; target is 20",
)
def test_at_least_20_of_27_tokens_restored(result):
    after = token_distance(result.text, GOLD)
    restored = DAMAGED_TOKENS - after
    assert restored >= TARGET, f"{restored} of {DAMAGED_TOKENS} restored ({after} tokens still differ)"


def test_repair_reduces_damage(result):
    # Weaker than the target, but must always hold.
    assert token_distance(result.text, GOLD) < DAMAGED_TOKENS


@pytest.mark.parametrize(
    ("damaged", "restored"),
    [
        ("préschezte", "présente"),  # en→chez inside a word
        ("psoitr", "pour"),  # ou→soit
        ("cchezters", "centers"),  # en→chez inside an English word
        ("déuneis", "délais"),  # la→une
        ("lentrale", "centrale"),  # ce→le
    ],
)
def test_specific_restoration(result, damaged, restored):
    assert damaged in _words(DAMAGED)
    assert damaged not in _words(result.text)
    assert restored in _words(result.text[CUT:])
    # the restoration is an explained edit
    assert any(e.before == damaged and e.after == restored for e in result.edits)


def test_case_restored(result):
    assert "Sourle" in _words(DAMAGED)
    assert "Sourle" not in _words(result.text)
    assert any(e.before == "Sourle" and e.after == "Source" for e in result.edits)


def test_que_ce_soit_left_alone(result):
    i = DAMAGED.index("Que ce soit")
    assert result.text.count("Que ce soit") == DAMAGED.count("Que ce soit") >= 1
    assert not any(e.start < i + len("Que ce soit") and e.end > i for e in result.edits)


def test_seed_rules_found_per_article(result):
    # Rules are per article: every rule found lies after the clean first article.
    assert result.rules
    assert all(r.start >= CUT for r in result.rules), [(r.id, r.start) for r in result.rules]
