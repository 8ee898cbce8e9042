"""The subject model (``topics``): shipped vectors, and the gap between two words in context."""

from __future__ import annotations

import math

import pytest

from frtextfix import resources
from frtextfix.document import Document
from frtextfix.topics import TopicContext, TopicModel


def _model() -> TopicModel:
    # three words on two axes: "pétrole" and "pays" share a subject, "chat" another
    words = ["chat", "pays", "pétrole"]
    rows = [[0, 127], [127, 0], [120, 40]]
    raw = bytes(x & 0xFF for row in rows for x in row)
    return TopicModel(words, 2, raw)


def test_vectors_decode_to_unit_length():
    m = _model()
    assert "pays" in m and "le" not in m and len(m) == 3
    v = m.vector("pays")
    assert v is not None and math.isclose(sum(x * x for x in v), 1.0)
    assert m.vector("le") is None


def test_mismatched_data_is_refused():
    with pytest.raises(ValueError):
        TopicModel(["a", "b"], 2, b"\x00\x01\x02")


def test_gap_favours_the_word_on_the_subject():
    m = _model()
    forms = ["le", "pétrole", "du", "chat", "et", "le", "pétrole"]
    ctx = TopicContext(m, forms, [range(3), range(3, 7)])
    gap = ctx.gap(1, "pays", "chat")
    assert gap is not None and gap > 0.5
    # the replacement's own occurrences are not part of the subject
    alone = TopicContext(m, ["chat"], [range(1)])
    assert alone.gap(0, "pays", "chat") is None
    assert ctx.gap(1, "pays", "inconnu") is None


def test_shipped_model_knows_subjects():
    # (its header and license are checked with the other files: test_resources.py)
    m = resources.topic_model()
    assert m is not None and len(m) > 10_000
    text = ("Le président de ce petit race pétrolier d'Afrique centrale dirige un régime "
            "autoritaire. Le gouvernement de la république a signé des accords frontaliers.")
    doc = Document.from_text(text)
    ctx = TopicContext(m, doc.forms, doc.unit_token_ranges)
    gap = ctx.gap(0, "pays", "race")
    assert gap is not None and gap > 0.1
