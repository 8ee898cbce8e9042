"""Data-driven cases from ``fixtures/cases/*.jsonl`` (fields documented in fixtures/README.md).

* negative: clean French that must come through byte for byte, with no rule found;
* synthetic: paragraphs spun by hand (one rule applied to every occurrence) whose repair must
  give back ``fixed``.

A case with ``"expect": "fail"`` is a known failure, run as ``xfail(strict=True)`` (as ftfy
does): when the engine starts passing it, the test fails until the case is flipped to "pass".
The invariants (replay, offsets, idempotence) are required of every case, known failures too.
"""

from __future__ import annotations

import pytest
from _invariants import check_all, load_cases

import frtextfix

NEGATIVE = load_cases("negative.jsonl")
SYNTHETIC = load_cases("synthetic.jsonl")
ALL = [("negative", c) for c in NEGATIVE] + [("synthetic", c) for c in SYNTHETIC]


def _param(case: dict, prefix: str = "") -> object:
    marks = []
    if case["expect"] == "fail":
        marks.append(pytest.mark.xfail(strict=True, reason=case.get("comment", "known failure")))
    return pytest.param(case, id=prefix + case["label"], marks=marks)


def test_case_files_are_well_formed():
    labels = [c["label"] for _, c in ALL]
    assert len(labels) == len(set(labels)), "labels must be unique"
    assert len(NEGATIVE) >= 25 and len(SYNTHETIC) >= 8
    for kind, c in ALL:
        assert {"label", "original", "fixed", "expect", "comment"} <= c.keys(), c
        assert c["expect"] in ("pass", "fail"), c
        if kind == "negative":
            assert c["fixed"] == c["original"], c["label"]
        else:
            assert c["fixed"] != c["original"], c["label"]


@pytest.mark.parametrize("case", [_param(c) for c in NEGATIVE])
def test_negative_unchanged(case):
    original = case["original"]
    result = frtextfix.repair(original)
    assert result.text == original, result.diff()
    assert result.edits == ()
    assert not result.changed


@pytest.mark.parametrize("case", [_param(c) for c in NEGATIVE])
def test_negative_no_rule_found(case):
    result = frtextfix.repair(case["original"])
    assert list(result.rules) == [], [r.id for r in result.rules]
    assert frtextfix.detect(case["original"]) == []


@pytest.mark.parametrize("case", [_param(c) for c in SYNTHETIC])
def test_synthetic_repaired(case):
    result = frtextfix.repair(case["original"])
    assert result.text == case["fixed"], result.diff()


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{k}-{c['label']}") for k, c in ALL])
def test_invariants(case):
    """Replay, sorted non-overlapping edits, offsets, untouched characters, idempotence."""
    check_all(case["original"])


def test_repeated_topic_word_is_not_a_swap():
    """A rare word repeated through a text (« orbite » fifteen times, where « ligne » would
    read well too) is its topic, not a swap: its many similar contexts must not add up to a
    rule (fixtures/topic-word.txt)."""
    from _invariants import read_fixture

    text = read_fixture("topic-word.txt")
    result = frtextfix.repair(text)
    assert result.text == text, [e.rule for e in result.edits]


def test_capitalised_replacement_is_genuine():
    """Spinners fold case (« La » → « une »): where ``la → une`` holds, a capitalised « Une »
    was written by the author and stays, while the lower-case ones are repaired."""
    import re

    truth = (
        "Une étude publiée hier montre que la ville a perdu la moitié de ses habitants. La "
        "mairie conteste la méthode. Une autre enquête, menée par la région, donne des chiffres "
        "plus bas. Selon la préfecture, la baisse est réelle mais plus lente. Une réunion est "
        "prévue la semaine prochaine pour discuter de la situation et de la balance des comptes."
    )
    spun = re.sub("(?i)la", "une", truth)  # the spinner's rule, applied with its case folding
    result = frtextfix.repair(spun)
    assert any(r.original == "la" and r.replacement == "une" for r in result.rules)
    assert result.text.count("Une ") == truth.count("Une ") == 3
    assert sum(e.before == "une" for e in result.edits) >= 8


def test_a_whole_word_swap_at_a_sentence_start_gets_its_capital_back():
    """The spinner writes its replacement in lower case (« Cette » → « ce »). Undone at a
    sentence start, the word takes its capital back, though its first letter is one the
    replacement shares: the spinner wrote the whole word. A substring swap inside a word the
    author began in lower case leaves that letter as it was."""
    from frtextfix.corrector import restore_case

    assert restore_case("ce", "ce", "cette", True, whole=True) == "Cette"
    assert restore_case("lésiner", "lésiner", "les", True, whole=True) == "Les"
    assert restore_case("préschezte", "préschezte", "présente", True) == "présente"
    assert restore_case("une", "une", "la", True, whole=True) == "La"
    assert restore_case("ce", "ce", "cette", False, whole=True) == "cette"
