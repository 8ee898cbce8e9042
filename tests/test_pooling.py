"""Pooling documents of one source (``Repairer.repair_pooled`` and ``--pool-by``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _invariants import gsd_paragraphs

import frtextfix
from frtextfix.spinner import spin

ROOT = Path(__file__).resolve().parents[1]
LINES = [
    line
    for line in (ROOT / "fixtures" / "gsd-dev-sample.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _source(start: int, n_docs: int = 6, lines: int = 2, seed: int = 3) -> tuple[list[str], list[str]]:
    """Short clean documents, and the same documents spun with one rule set."""
    docs = ["\n".join(LINES[start + k * lines:start + (k + 1) * lines]) for k in range(n_docs)]
    spun = spin("\n\n".join(docs), seed=seed).text.split("\n\n")
    assert len(spun) == len(docs)
    return docs, spun


def test_pooled_results_are_per_document_and_replay() -> None:
    _, spun = _source(0)
    results = frtextfix.Repairer().repair_pooled(spun)
    assert len(results) == len(spun)
    for text, r in zip(spun, results):
        assert r.original == text
        assert frtextfix.apply_edits(text, r.edits) == r.text
        for e in r.edits:
            assert text[e.start:e.end] == e.before
        for rule in r.rules:
            assert 0 <= rule.start <= rule.end <= len(text)
        for s in r.sentences:
            assert r.text[s.start:s.end] == s.text


def test_each_pooled_document_names_the_rules_of_its_own_edits() -> None:
    """Two documents with the same rule hold it in two stretches, ``la→une`` and ``la→une#2``:
    the second document's edits name ``la→une#2``, which its result reports (they named
    ``la→une``, the first document's)."""
    page = (ROOT / "fixtures" / "seed-damaged.txt").read_text(encoding="utf-8")
    results = frtextfix.Repairer().repair_pooled([page, page])
    for r in results:
        ids = {rule.id for rule in r.rules}
        assert r.edits
        for e in r.edits:
            assert set(e.rule.split("+")) <= ids, (e, sorted(ids))
    assert results[0].text == results[1].text
    assert {e.rule for e in results[1].edits} != {e.rule for e in results[0].edits}


def test_pooling_clean_documents_changes_nothing() -> None:
    docs, _ = _source(40)
    for text, r in zip(docs, frtextfix.Repairer().repair_pooled(docs)):
        assert r.text == text


def test_pooling_never_repairs_less_in_total_on_a_spun_source() -> None:
    import regex

    def tok(s: str) -> list[str]:
        return [w.lower() for w in regex.findall(r"\w+|[^\w\s]", s)]

    def wrong(truth: list[str], out: list[str]) -> int:
        return sum(a != b for a, b in zip(tok("\n".join(truth)), tok("\n".join(out))))

    repairer = frtextfix.Repairer()
    better = 0
    for seed in range(4):
        docs, spun = _source(80 + 12 * seed, seed=seed)
        alone = [repairer.repair(t).text for t in spun]
        pooled = [r.text for r in repairer.repair_pooled(spun)]
        better += wrong(docs, pooled) <= wrong(docs, alone)
    assert better >= 3


def test_cli_pool_by_matches_the_api(tmp_path: Path) -> None:
    _, spun = _source(0)
    records = [{"site": "a", "text": t} for t in spun[:3]] + [{"site": "b", "text": t} for t in spun[3:]]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-m", "frtextfix", "repair", "--jsonl", "--pool-by", "site", "-q", str(path)],
        capture_output=True, text=True, env=env, check=True,
    ).stdout
    got = [json.loads(line)["text"] for line in out.splitlines()]
    repairer = frtextfix.Repairer()
    want = [r.text for r in repairer.repair_pooled(spun[:3])] + [
        r.text for r in repairer.repair_pooled(spun[3:])
    ]
    assert got == want


def test_cli_pool_by_needs_jsonl_and_repair(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Le chat dort.\n", encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    for args in (["repair", "--pool-by", "site", str(path)], ["score", "--jsonl", "--pool-by", "site", str(path)]):
        p = subprocess.run([sys.executable, "-m", "frtextfix", *args], capture_output=True, text=True, env=env,
                           check=False)
        assert p.returncode == 1
        assert "--pool-by" in p.stderr and "Traceback" not in p.stderr


def test_pools_the_fuzzer_found_keep_the_contract() -> None:
    """Pools from ``benchmarks/fuzz.py`` where the second pass found a rule the first had
    found elsewhere, in a stretch of its own: it was not reported, and the edits made under
    it named a rule of another document. In the third, edits of the second document name
    the nearest region of their rule, which lies in the first document: the second
    document now reports that rule too, over the span of its edits."""
    pools = json.loads((ROOT / "fixtures" / "fuzz-pools.json").read_text(encoding="utf-8"))
    repairer = frtextfix.Repairer()
    for pool in pools:
        results = repairer.repair_pooled(pool)
        for text, r in zip(pool, results):
            ids = {rule.id for rule in r.rules}
            assert frtextfix.apply_edits(text, r.edits) == r.text
            for e in r.edits:
                assert set(e.rule.split("+")) <= ids, (e, sorted(ids))
        again = repairer.repair_pooled([r.text for r in results])
        assert [r.text for r in again] == [r.text for r in results]


def test_pooled_weak_rules_go_to_their_own_document() -> None:
    """With ``report_rule_confidence``, a pool of a spun paragraph whose one rule is too weak
    to repair with (``pied → ripaton``) and a clean one: the weak rule is reported in the
    first document's result only, and both are repaired as without the option."""
    blocks = gsd_paragraphs()
    pool = [spin(blocks[10], seed=3).text, blocks[0]]
    reporting = frtextfix.Repairer(frtextfix.RepairConfig(report_rule_confidence=0.05))
    plain = frtextfix.Repairer().repair_pooled(pool)
    results = reporting.repair_pooled(pool)
    assert [(r.text, r.edits) for r in results] == [(r.text, r.edits) for r in plain]
    assert [(r.original, r.replacement, r.used) for r in results[0].rules] == [
        ("pied", "ripaton", False)]
    assert results[1].rules == ()
    assert all(0 <= r.start <= r.end <= len(pool[0]) for r in results[0].rules)
