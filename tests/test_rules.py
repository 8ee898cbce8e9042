"""The rule engine's bookkeeping of where a rule may hold (not what it decides)."""

from __future__ import annotations

import frtextfix
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
