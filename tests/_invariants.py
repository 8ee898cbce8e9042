"""Shared helpers for the engine tests: fixture paths, the project's token edit distance, and
the invariants every ``repair`` result must satisfy whatever the engine decides.

Not a test module (no ``test_`` prefix); the test modules import it by name (pytest puts
``tests/`` on ``sys.path``). Falls back to ``src/`` when the package is not installed.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CASES = FIXTURES / "cases"

if importlib.util.find_spec("frtextfix") is None:  # bare checkout without PYTHONPATH=src
    sys.path.insert(0, str(ROOT / "src"))

import frtextfix
from frtextfix import RepairResult


def read_fixture(name: str) -> str:
    """A fixture file as a str, byte for byte (no newline translation)."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def gsd_paragraphs() -> list[str]:
    """The paragraphs of ``gsd-dev-sample.txt`` longer than 400 characters: clean text to spin
    with a seed in a test."""
    return [b for b in read_fixture("gsd-dev-sample.txt").split("\n\n") if len(b) > 400]


# A chain through whole words: « en » swapped for « dans » inside words, then every word
# « dans » for « parmi », so each « en » of the text reads « parmi », and so does its « dans »
CHAIN_CLEAN = ("Les enfants jouent souvent ensemble en été. Ils vont en classe le matin et "
               "rentrent en bus le soir. Le dimanche, ils partent en promenade dans la forêt. "
               "Leurs parents parlent en anglais et en français. La famille habite en ville "
               "depuis longtemps.")
CHAIN_SPUN = re.sub(r"(?<!\w)dans(?!\w)", "parmi", CHAIN_CLEAN.replace("en", "dans"))


def load_cases(name: str) -> list[dict]:
    with (CASES / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tok(s: str) -> list[str]:
    """The project's tokens for the edit distance: words and single punctuation marks."""
    return [w.lower() for w in re.findall(r"\w+|[^\w\s]", s)]


def token_distance(a: str, b: str) -> int:
    """Token edit distance used by the project: sum of max(i2-i1, j2-j1) over non-equal
    difflib opcodes (autojunk off)."""
    sm = difflib.SequenceMatcher(None, tok(a), tok(b), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


def check_edits(original: str, result: RepairResult) -> None:
    """Replay, offsets, ordering, and characters outside edits untouched."""
    assert result.original == original
    edits = list(result.edits)
    # sorted, non-overlapping, each within the input and matching its `before`
    prev_end = 0
    for e in edits:
        assert 0 <= e.start <= e.end <= len(original), e
        assert e.start >= prev_end, f"edit {e} overlaps or is out of order (previous end {prev_end})"
        assert original[e.start : e.end] == e.before, e
        assert e.before != e.after, e
        assert 0.0 <= e.confidence <= 1.0, e
        assert isinstance(e.rule, str) and e.rule, e
        prev_end = e.end
    # replay
    assert frtextfix.apply_edits(original, edits) == result.text
    # every character outside the edits is unchanged, at its shifted position
    shift = 0
    pos = 0
    for e in edits:
        assert result.text[pos + shift : e.start + shift] == original[pos : e.start]
        shift += len(e.after) - len(e.before)
        pos = e.end
    assert result.text[pos + shift :] == original[pos:]
    assert len(result.text) == len(original) + shift


def check_rules(original: str, result: RepairResult) -> None:
    """Rule spans lie within the input, confidences are probabilities, edits name known rules."""
    ids = set()
    for r in result.rules:
        assert 0 <= r.start <= r.end <= len(original), r
        assert 0.0 <= r.confidence <= 1.0, r
        assert r.scope in ("substring", "word"), r
        assert r.original != r.replacement, r
        ids.add(r.id)
    for e in result.edits:
        # a chained edit names its rules joined by "+" ("on→je+de→contre")
        missing = [part for part in e.rule.split("+") if part not in ids]
        assert not missing, f"edit {e} names rules that are not reported: {missing} ({sorted(ids)})"
    # a weak rule (``report_rule_confidence``) is reported only: no edit names it
    unused = {r.id for r in result.rules if not r.used}
    assert not any(part in unused for e in result.edits for part in e.rule.split("+"))
    assert len(ids) == len(result.rules), "rule ids are not unique"


def check_sentences(result: RepairResult) -> None:
    """Sentence offsets index result.text, in order, non-overlapping; confidences in [0, 1]."""
    prev_end = 0
    for s in result.sentences:
        assert 0 <= s.start <= s.end <= len(result.text), s
        assert s.start >= prev_end, s
        assert result.text[s.start : s.end] == s.text, s
        assert 0.0 <= s.confidence <= 1.0, s
        prev_end = s.end


def check_result(original: str, result: RepairResult) -> None:
    """The invariants of one result: edits, rules, sentences."""
    check_edits(original, result)
    check_rules(original, result)
    check_sentences(result)


def check_all(original: str, result: RepairResult | None = None,
              repairer: frtextfix.Repairer | None = None) -> RepairResult:
    """Every invariant, idempotence included, of ``repairer`` (the default one if None).
    Returns the result."""
    repair = frtextfix.repair if repairer is None else repairer.repair
    if result is None:
        result = repair(original)
    check_result(original, result)
    again = repair(result.text)
    assert again.text == result.text, "repair is not idempotent: " + again.diff()[:500]
    return result
