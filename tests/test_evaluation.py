"""``frtextfix.evaluation``: users measure the library on their own clean text.

The figures are checked against what they must be by construction (a repair that does
nothing undoes nothing; one that knows the truth undoes everything), never against a
particular engine's result.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from test_cli import assert_one_line_error, err, out, run

import frtextfix
from frtextfix.evaluation import (
    LONG_TEXT_TOKENS,
    Evaluation,
    distance,
    evaluate,
    tally_tokens,
    text_distance,
    tokens,
)
from frtextfix.spinner import spin
from frtextfix.types import RepairResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOCUMENTS = [d for d in (FIXTURES / "gsd-dev-sample.txt").read_text("utf-8").split("\n\n")
             if d.strip()][:6]


def nothing(text: str) -> RepairResult:
    return RepairResult(text=text, original=text, edits=(), rules=(), sentences=())


def test_tokens_and_distance() -> None:
    assert tokens("L'Europe, en 2024 !") == ["l", "'", "europe", ",", "en", "2024", "!"]
    assert distance(tokens("la peine de mort"), tokens("une peine de mort")) == 1
    assert distance(tokens("a b c"), tokens("a c")) == 1
    assert distance(tokens("Le chat"), tokens("le chat")) == 0


def test_long_texts_are_compared_line_by_line() -> None:
    line = "Le chat dort sur le canapé de la maison."
    lines = [line] * (LONG_TEXT_TOKENS // 5)
    spun = list(lines)
    spun[3] = "Le chat dort chez le canapé de une maison."
    spun[-1] = "Le chat."
    a, b = "\n".join(lines), "\n".join(spun)
    assert len(tokens(a)) > LONG_TEXT_TOKENS
    assert text_distance(a, b) == 2 + distance(tokens(line), tokens("Le chat."))
    short_a, short_b = "\n".join(lines[:5]), "\n".join(spun[:5])
    assert text_distance(short_a, short_b) == distance(tokens(short_a), tokens(short_b)) == 2


def test_tally_by_kind() -> None:
    spun = spin("Le pays de la demande.", seed=0,
                thesaurus=frtextfix.spinner.MappingThesaurus({"de": ("chez",)}))
    assert spun.text == "Le pays chez la chezmanchez."
    truth, given = tokens(spun.original), tokens(spun.text)
    tally = tally_tokens(truth, given, tokens("Un pays de la chezmanchez."), spun.rules)
    assert tally is not None and tally.broken == 1  # « Le » became « Un »
    assert tally.by_kind == {"real word": [1, 1], "unknown": [1, 0]}
    assert tally.by_rule == {"function word, whole-word swap": [1, 1],
                             "function word, inside a word": [1, 0]}
    assert tally_tokens(["a"], ["a", "b"], ["a"], ()) is None  # not aligned


def test_doing_nothing_undoes_nothing() -> None:
    report = evaluate(DOCUMENTS, seed=3, repair=nothing)
    assert report.texts == len(DOCUMENTS)
    assert report.errors_before > 0
    assert report.errors_after == report.errors_before
    assert report.error_reduction == 0.0
    assert report.clean_tokens_changed == 0
    assert report.clean_texts_changed == 0
    assert report.detection_recall == 0.0
    assert report.detection_precision is None  # nothing flagged
    assert report.sound_tokens_broken == 0
    assert all(restored == 0 for _, restored in report.restored.values())
    assert sum(report.restored[k][0] for k in ("unknown", "real word")) <= report.errors_before


def test_knowing_the_truth_undoes_everything() -> None:
    truth: dict[str, str] = {}
    for seed in range(4):
        rng = random.Random(seed)
        for doc in DOCUMENTS:
            spun = spin(doc, seed=rng.randrange(2**32))
            truth[spun.text] = spun.original

    def oracle(text: str) -> RepairResult:
        fixed = truth.get(text, text)
        rules = (frtextfix.Rule("r", "a", "b", "word", 0, len(text), 1.0, True),) if fixed != text else ()
        return RepairResult(text=fixed, original=text, edits=(), rules=rules, sentences=())

    report = evaluate(DOCUMENTS, seed=2, repair=oracle)
    assert report.errors_before > 0 and report.errors_after == 0
    assert report.error_reduction == 1.0
    assert report.detection_precision == 1.0 and report.detection_recall == 1.0
    assert report.aligned_texts > 0
    assert all(restored == damaged for damaged, restored in report.restored.values())


def test_figures_hold_together_for_the_library() -> None:
    report = evaluate(DOCUMENTS, seed=1)
    assert report.texts == len(DOCUMENTS) and report.tokens > 1000
    assert 0 <= report.errors_after <= report.errors_before + report.tokens
    assert report.error_reduction == pytest.approx(1 - report.errors_after / report.errors_before)
    lo, hi = report.error_reduction_interval  # type: ignore[misc]
    assert lo <= report.error_reduction <= hi
    # clean GSD dev text comes through unchanged (as tests/test_invariants.py requires)
    assert report.clean_tokens_changed == 0
    assert report.clean_texts_interval is not None and report.clean_texts_interval[1] > 0
    assert "damage undone" in report.summary()
    json.dumps(report.to_dict())


def test_reproducible_and_articles_joined() -> None:
    def figures(report: Evaluation) -> dict[str, object]:
        d = report.to_dict()
        d.pop("spun_seconds")
        d.pop("clean_seconds")
        return d

    assert figures(evaluate(DOCUMENTS, seed=5, repair=nothing)) == figures(
        evaluate(DOCUMENTS, seed=5, repair=nothing))
    joined = evaluate(DOCUMENTS, seed=5, articles=3, repair=nothing)
    assert joined.texts == 2 and joined.articles == 3
    assert "texts of 3 articles" in joined.summary()


def test_workers_give_the_same_figures() -> None:
    def figures(report: Evaluation) -> dict[str, object]:
        d = report.to_dict()
        for key in ("spun_seconds", "clean_seconds", "workers"):
            d.pop(key)
        return d

    repairer = frtextfix.Repairer(frtextfix.RepairConfig(min_confidence=0.6))
    one = evaluate(DOCUMENTS, seed=3, repair=repairer)
    assert one.workers == 1 and "one process" in one.summary()
    for repair in (repairer, repairer.repair):
        two = evaluate(DOCUMENTS, seed=3, repair=repair, workers=2)
        assert figures(two) == figures(one)
        assert two.workers == 2 and "2 processes" in two.summary()
    assert figures(evaluate(DOCUMENTS, seed=3, workers=2)) == figures(evaluate(DOCUMENTS, seed=3))
    with pytest.raises(ValueError, match="Repairer"):
        evaluate(DOCUMENTS, repair=nothing, workers=2)
    with pytest.raises(ValueError, match="workers"):
        evaluate(DOCUMENTS, workers=-1)
    assert evaluate(DOCUMENTS[:1], workers=0).workers >= 1  # one per CPU


def test_bad_input() -> None:
    with pytest.raises(TypeError, match="iterable of texts"):
        evaluate("Le chat dort.")
    with pytest.raises(TypeError, match="text 1 is bytes"):
        evaluate(["Le chat dort.", b"x"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="articles"):
        evaluate(DOCUMENTS, articles=0)
    empty = evaluate(["", "  \n"])
    assert empty.texts == 0 and empty.error_reduction is None
    assert "nothing to measure" in empty.summary()


def test_cli_evaluate(tmp_path: Path) -> None:
    text_file = tmp_path / "docs.txt"
    text_file.write_text("\n\n".join(DOCUMENTS[:3]), encoding="utf-8")
    p = run("evaluate", text_file, "--seed", "4")
    assert p.returncode == 0, err(p)
    assert "3 texts" in out(p) and "damage undone" in out(p)

    records = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": i, "body": d}) for i, d in enumerate(DOCUMENTS[:3])]
    records.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    p = run("evaluate", "--jsonl", "--field", "body", "--json", "--limit", "2", records)
    assert p.returncode == 0, err(p)  # the bad line is past the limit
    figures = json.loads(out(p))
    assert figures["texts"] == 2 and figures["seed"] == 0
    p = run("evaluate", "--jsonl", "--field", "body", "--json", records)
    assert p.returncode == 1 and "line 4" in err(p) and json.loads(out(p))["texts"] == 3

    p = run("evaluate", "--workers", "2", "--json", "--seed", "4", text_file)
    assert p.returncode == 0, err(p)
    two = json.loads(out(p))
    one = json.loads(out(run("evaluate", "--json", "--seed", "4", text_file)))
    assert two["workers"] == 2 and one["workers"] == 1
    assert two["error_reduction"] == one["error_reduction"] and two["texts"] == 3

    assert_one_line_error(run("evaluate", "--articles", "0", text_file))
    assert_one_line_error(run("evaluate", "--workers", "-1", text_file))
    p = run("evaluate", tmp_path / "missing.txt")
    assert p.returncode == 2
    p = run("evaluate", stdin="")
    assert p.returncode == 1 and "no document" in err(p)
