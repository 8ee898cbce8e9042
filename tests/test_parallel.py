"""``Repairer.repair_many(texts, workers=N)``: the same results as one worker, in order, and
no worker left behind when the caller stops early or a text is bad."""

from __future__ import annotations

import multiprocessing
from itertools import islice

import pytest
from _invariants import gsd_paragraphs, read_fixture

import frtextfix
from frtextfix.lexicon import Lexicon
from frtextfix.spinner import spin


def _texts() -> list[str]:
    seed = [p for p in read_fixture("seed-damaged.txt").split("\n\n") if p.strip()]
    clean = gsd_paragraphs()[:6]
    spun = [spin(p, seed=i).text for i, p in enumerate(clean)]
    return [*seed, "", "Le chat dort.", *clean, *spun]


def test_workers_give_the_results_of_one_worker_in_order() -> None:
    texts = _texts()
    repairer = frtextfix.Repairer()
    one = [r.to_dict() for r in repairer.repair_many(texts)]
    two = [r.to_dict() for r in repairer.repair_many(texts, workers=2, chunk_size=3)]
    assert two == one
    assert any(r["changed"] for r in two)  # the damaged ones were repaired


def test_workers_keep_the_configuration() -> None:
    texts = _texts()
    repairer = frtextfix.Repairer(frtextfix.RepairConfig(min_confidence=0.99))
    one = [r.text for r in repairer.repair_many(texts)]
    assert [r.text for r in repairer.repair_many(texts, workers=2)] == one
    assert one != [r.text for r in frtextfix.Repairer().repair_many(texts)]


def test_stopping_early_stops_the_workers() -> None:
    texts = _texts() * 4
    results = frtextfix.Repairer().repair_many(texts, workers=2, chunk_size=2)
    first = list(islice(results, 3))
    results.close()  # type: ignore[attr-defined]  # a generator: closing it stops the workers
    assert [r.original for r in first] == texts[:3]
    assert multiprocessing.active_children() == []


def test_a_bad_text_raises_after_the_texts_before_it() -> None:
    texts = _texts()[:5]
    got: list[str] = []
    with pytest.raises(TypeError, match="not bytes"):
        for r in frtextfix.Repairer().repair_many([*texts, b"octets", *texts], workers=2,
                                                  chunk_size=2):
            got.append(r.original)
    assert got == texts
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [-1, 1.5, True, "2", None])
def test_bad_workers_are_refused(workers: object) -> None:
    with pytest.raises(ValueError, match="workers"):
        frtextfix.Repairer().repair_many(["Le chat."], workers=workers)  # type: ignore[arg-type]


@pytest.mark.parametrize("chunk_size", [0, -3, 2.0, False])
def test_bad_chunk_size_is_refused(chunk_size: object) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        frtextfix.Repairer().repair_many(["Le chat."], workers=2,
                                         chunk_size=chunk_size)  # type: ignore[arg-type]


def test_workers_need_a_repairer_built_from_its_configuration() -> None:
    repairer = frtextfix.Repairer(lexicon=Lexicon())
    assert [r.text for r in repairer.repair_many(["Le chat dort."])] == ["Le chat dort."]
    with pytest.raises(ValueError, match="configuration alone"):
        repairer.repair_many(["Le chat dort."], workers=2)
