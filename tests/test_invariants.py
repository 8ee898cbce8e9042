"""Invariants of ``repair`` on real pages and on text spun with known truth.

Whatever the engine decides, every result must replay, keep offsets right, be idempotent,
and keep scores in [0, 1]. On spun text the repair must bring the text closer to the truth;
on the clean fixtures it must change nothing, byte for byte.
"""

from __future__ import annotations

import re

import pytest
from _invariants import check_all, gsd_paragraphs, read_fixture, token_distance

import frtextfix
from frtextfix.spinner import spin, spin_articles

SEEDS = (1, 2, 3, 5, 8)
SEED_PAGE = read_fixture("seed-damaged.txt")
GSD = read_fixture("gsd-dev-sample.txt")
MIXED = read_fixture("clean-mixed.txt")
CLEAN = {"gsd-dev-sample": GSD, "clean-mixed": MIXED}


def _check_reduction(spun, result) -> None:
    """Repair never moves the text away from the truth, and it undoes some damage whenever a
    substring rule (the kind that leaves unknown tokens such as ``préschezte``) was applied.
    A text spun only with a few whole-word swaps may legitimately be left as it is."""
    before = token_distance(spun.text, spun.original)
    after = token_distance(result.text, spun.original)
    assert after <= before, f"repair made it worse: {before} -> {after}; {[str(r) for r in spun.rules]}"
    if any(r.scope == "substring" for r in spun.rules):
        assert after < before, f"no error reduction: {before} -> {after}; {[str(r) for r in spun.rules]}"


def _articles(text: str) -> list[str]:
    """The blank-line-separated documents of a fixture."""
    return [a for a in text.strip("\n").split("\n\n") if a.strip()]


def test_seed_page_invariants():
    check_all(SEED_PAGE)


def test_seed_page_as_crlf_invariants():
    check_all(SEED_PAGE.replace("\n", "\r\n"))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(CLEAN))
def test_spun_articles_invariants_and_error_reduction(name, seed):
    spun = spin_articles(_articles(CLEAN[name]), seed=seed)
    assert spun.changed
    result = check_all(spun.text)
    before = token_distance(spun.text, spun.original)
    after = token_distance(result.text, spun.original)
    assert after < before, f"no error reduction: {before} -> {after}; rules {[str(r) for r in spun.rules]}"


@pytest.mark.parametrize("seed", SEEDS)
def test_spun_single_article_invariants(seed):
    # One long article (the GSD sample as a whole) with its own handful of rules.
    spun = spin(GSD, seed=seed)
    _check_reduction(spun, check_all(spun.text))


@pytest.mark.parametrize("seed", SEEDS)
def test_spun_seed_gold_articles_invariants(seed):
    # The seed page's clean first article, re-spun: real news prose, long paragraphs.
    gold = read_fixture("seed-gold.txt")
    spun = spin(gold.split("Les plus récents")[0], seed=seed)
    _check_reduction(spun, check_all(spun.text))


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_fixture_unchanged_as_one_text(name):
    text = CLEAN[name]
    result = check_all(text)
    assert result.text == text
    assert result.edits == ()
    assert result.rules == ()


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_fixture_unchanged_line_by_line(name):
    changed = []
    for line in CLEAN[name].splitlines():
        result = frtextfix.repair(line)
        if result.text != line or result.rules:
            changed.append((line, result.diff(), [r.id for r in result.rules]))
    assert changed == []


def test_score_and_detect_agree_with_repair_on_seed():
    result = frtextfix.repair(SEED_PAGE)
    assert [r.id for r in frtextfix.detect(SEED_PAGE)] == [r.id for r in result.rules]
    for s in frtextfix.score(SEED_PAGE):
        assert SEED_PAGE[s.start : s.end] == s.text
        assert 0.0 <= s.confidence <= 1.0


def test_repair_many_matches_repair():
    texts = [SEED_PAGE, GSD[:2000], "", "Le chat dort."]
    repairer = frtextfix.Repairer()
    assert [r.text for r in repairer.repair_many(texts)] == [frtextfix.repair(t).text for t in texts]


def test_deterministic():
    spun = spin_articles(_articles(MIXED), seed=13).text
    a = frtextfix.Repairer().repair(spun)
    b = frtextfix.Repairer().repair(spun)
    assert a.text == b.text
    assert a.edits == b.edits


def test_result_sentences_scored_lazily_and_stable():
    text = read_fixture("seed-damaged.txt")
    first = frtextfix.repair(text)
    second = frtextfix.repair(text)
    assert first == second  # forces both scorings
    assert first.sentences is first.sentences  # computed once
    assert "".join(s.text for s in first.sentences).replace(" ", "") != ""
    for s in first.sentences:
        assert first.text[s.start:s.end] == s.text and 0.0 <= s.confidence <= 1.0


def test_result_pickles_with_sentences_and_is_read_only():
    import pickle

    r = frtextfix.repair(read_fixture("seed-damaged.txt"))
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back.sentences == r.sentences
    with pytest.raises(AttributeError):
        r.text = "x"  # type: ignore[misc]


def test_same_output_whatever_the_hash_seed():
    """Set and dict orders of strings change with PYTHONHASHSEED; no result may."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import json, sys\n"
        "import frtextfix\n"
        "from frtextfix.spinner import spin_articles\n"
        "from pathlib import Path\n"
        "fx = Path(sys.argv[1])\n"
        "clean = (fx / 'gsd-dev-sample.txt').read_text(encoding='utf-8').split('\\n\\n')\n"
        "texts = [(fx / name).read_text(encoding='utf-8')\n"
        "         for name in ('seed-damaged.txt', 'spun-four-articles.txt')]\n"
        "texts += [spin_articles(clean[k:k + 4], seed=k).text for k in range(0, 12, 4)]\n"
        "out = [[e.to_dict() for e in frtextfix.repair(t).edits] for t in texts]\n"
        "print(json.dumps(out))\n"
    )
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    src = Path(__file__).resolve().parents[1] / "src"
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
        p = subprocess.run([sys.executable, "-c", code, str(fixtures)], capture_output=True,
                           text=True, env=env, check=True, timeout=600)
        outputs.append(json.loads(p.stdout))
    assert outputs[0] == outputs[1]


def test_long_text_with_damage_in_some_pieces():
    """A text longer than ``max_segment_length`` is read in pieces, and a later pass reads
    again only the pieces that changed: the clean pieces come through unchanged, the edits
    replay, and the repair is idempotent all the same."""
    clean = "\n\n".join(_articles(GSD))
    assert len(clean) > 2 * 1000
    config = frtextfix.RepairConfig(max_segment_length=1000)
    repairer = frtextfix.Repairer(config)
    damaged = read_fixture("seed-damaged.txt")
    damaged = damaged[damaged.index("Les plus récents"):]
    text = clean + "\n\n" + damaged + "\n\n" + clean
    result = repairer.repair(text)
    assert result.edits
    assert result.text[: len(clean)] == clean and result.text.endswith(clean)
    assert repairer.repair(result.text).text == result.text
    assert frtextfix.apply_edits(text, result.edits) == result.text


def test_a_chain_through_a_compound_is_undone_in_one_edit():
    """``ils`` → ``ceux-ci``, then ``ce`` → ``un`` inside words: ``unux-ci``. The first pass
    restores ``ceux`` inside it; the second reads the compound ``ceux-ci`` and restores
    ``ils``. The two edits overlap without sharing a span, and are one edit on the input
    (they were left out, and the repair was not idempotent)."""
    page = read_fixture("seed-damaged.txt")
    clean = page[: page.index("Les plus récents")]  # the page's first article, undamaged
    damaged = re.sub(r"(?<![^\W\d_])ils(?![^\W\d_])", "ceux-ci", clean)
    damaged = re.sub(r"(?i)ce", "un", damaged)
    damaged = re.sub(r"(?<![^\W\d_])à(?![^\W\d_])", "parmi", damaged)
    assert "qu’unux-ci" in damaged
    result = check_all(damaged)
    chained = [e for e in result.edits if e.before == "unux-ci"]
    assert chained and all(e.after == "ils" for e in chained)
    assert all(set(e.rule.split("+")) == {"ce→un", "ils→ceux-ci"} for e in chained)
    rules = {r.id: r for r in result.rules}
    assert "ils→ceux-ci" in rules["ce→un"].chains_with
    assert "ce→un" in rules["ils→ceux-ci"].chains_with
    assert token_distance(result.text, clean) == 0


def test_compose_joins_overlapping_edits_of_two_passes():
    """Edits of a second pass, made on the result of the first, expressed on the input: one
    on its own keeps its own span; one that overlaps first-pass edits takes their joint span;
    one that undoes a first edit leaves no edit."""
    from frtextfix.repairer import _compose
    from frtextfix.types import Edit

    text = "le unux-ci et lanunr un chez"
    first = [Edit(3, 7, "unux", "ceux", "ce→un", 0.9),
             Edit(14, 20, "lanunr", "lancer", "ce→un", 0.9),
             Edit(24, 28, "chez", "en", "en→chez", 0.8)]
    middle = frtextfix.apply_edits(text, first)
    assert middle == "le ceux-ci et lancer un en"
    second = [Edit(3, 10, "ceux-ci", "ils", "ils→ceux-ci", 0.5),
              Edit(21, 23, "un", "ce", "ce→un", 0.7),
              Edit(24, 26, "en", "chez", "chez→en", 0.6)]
    composed = _compose(text, middle, first, second)
    assert [(e.start, e.end, e.before, e.after, e.rule) for e in composed] == [
        (3, 10, "unux-ci", "ils", "ce→un+ils→ceux-ci"),
        (14, 20, "lanunr", "lancer", "ce→un"),
        (21, 23, "un", "ce", "ce→un"),
    ]
    assert composed[0].confidence == 0.45
    assert frtextfix.apply_edits(text, composed) == frtextfix.apply_edits(middle, second)


def test_rule_ids_are_unique_over_the_pieces_of_a_long_text():
    """A long text is read in pieces, each numbering its rules; the ids are unique over the
    whole text all the same, and each edit names the rule whose stretch holds it."""
    repairer = frtextfix.Repairer(frtextfix.RepairConfig(max_segment_length=1000))
    result = repairer.repair(SEED_PAGE + "\n\n" + SEED_PAGE)
    ids = [r.id for r in result.rules]
    assert len(ids) == len(set(ids))
    assert len({i.split("#")[0] for i in ids}) < len(ids)  # some rule holds in two pieces
    rules = {r.id: r for r in result.rules}
    for e in result.edits:
        for part in e.rule.split("+"):
            assert rules[part].start <= e.start and e.end <= rules[part].end, (e, rules[part])


def test_weak_rules_are_reported_apart_and_change_no_repair():
    """A GSD paragraph spun at random (``pied → ripaton``, ``programme → estrade``) where no
    rule is sure enough to repair with: ``report_rule_confidence`` reports the weak one, marked
    unused, and the repair, its edits and every confidence stay those of the default."""
    clean = gsd_paragraphs()[10]
    spun = spin(clean, seed=3)
    assert sorted(str(r) for r in spun.rules) == ["pied→ripaton", "programme→estrade"]
    default = frtextfix.Repairer()
    reporting = frtextfix.Repairer(frtextfix.RepairConfig(report_rule_confidence=0.05))
    plain, with_weak = default.repair(spun.text), check_all(spun.text, repairer=reporting)

    assert with_weak.text == plain.text and with_weak.edits == plain.edits
    assert [s.confidence for s in with_weak.sentences] == [s.confidence for s in plain.sentences]
    assert reporting.score(spun.text) == default.score(spun.text)
    assert all(r.used for r in plain.rules)
    weak = [r for r in with_weak.rules if not r.used]
    assert [(r.original, r.replacement) for r in weak] == [("pied", "ripaton")]
    assert all(0.05 <= r.confidence < 0.5 for r in weak)
    assert not any(r.id in e.rule.split("+") for r in weak for e in with_weak.edits)
    assert reporting.detect(spun.text) == list(with_weak.rules)
    # clean text has none to report
    assert frtextfix.detect(clean, report_rule_confidence=0.05) == []
