"""A spaCy pipeline component that *annotates* spinner damage (``pip install frtextfix[spacy]``).

spaCy's tokenization is non-destructive (``doc.text`` is the input, always), so the component
cannot rewrite the text: it sets ``Doc._.frtextfix`` to the :class:`frtextfix.RepairResult`,
and getters expose the repaired text, the least sentence confidence, each span's confidence
and each token's suggested replacement.

>>> import spacy                                              # doctest: +SKIP
>>> nlp = spacy.blank("fr")                                   # doctest: +SKIP
>>> nlp.add_pipe("frtextfix")                                 # doctest: +SKIP
>>> doc = nlp(text)                                           # doctest: +SKIP
>>> doc._.frtextfix_text, doc._.frtextfix_confidence          # doctest: +SKIP

To parse the *repaired* text instead, repair first and parse the result:
``nlp.pipe(r.text for r in frtextfix.Repairer().repair_many(texts))``.
"""

from __future__ import annotations

import warnings

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..config import RepairConfig
from ..repairer import Repairer
from ..types import RepairResult


class FrTextFixComponent:
    """Runs :meth:`Repairer.repair` on ``doc.text`` and stores the result on the Doc."""

    def __init__(self, nlp: Language, name: str, *, min_confidence: float,
                 attr_prefix: str) -> None:
        if nlp.lang != "fr":
            warnings.warn(
                f"frtextfix repairs French text; this pipeline's language is {nlp.lang!r}",
                stacklevel=2,
            )
        self.name = name
        self.attr = attr_prefix
        self.repairer = Repairer(RepairConfig(min_confidence=min_confidence))
        _register(attr_prefix)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(self.attr, self.repairer.repair(doc.text))
        return doc


def _register(prefix: str) -> None:
    """Register the extensions once (they are global in spaCy); defaults are None."""
    if Doc.has_extension(prefix):
        return

    def result(doc: Doc) -> RepairResult | None:
        value: RepairResult | None = doc._.get(prefix)
        return value

    Doc.set_extension(prefix, default=None)
    Doc.set_extension(f"{prefix}_text",
                      getter=lambda doc: r.text if (r := result(doc)) is not None else None)
    Doc.set_extension(f"{prefix}_confidence",
                      getter=lambda doc: r.confidence if (r := result(doc)) is not None else None)

    def span_confidence(span: Span) -> float | None:
        r = result(span.doc)
        if r is None:
            return None
        # sentence offsets index the repaired text; map them back through the edits
        values = [c for start, end, c in _input_sentences(r)
                  if start < span.end_char and span.start_char < end]
        return min(values, default=1.0)

    def token_suggestion(token: Token) -> str | None:
        r = result(token.doc)
        if r is None:
            return None
        for e in r.edits:
            if e.start < token.idx + len(token.text) and token.idx < e.end:
                return e.after
        return None

    Span.set_extension(f"{prefix}_confidence", getter=span_confidence)
    Token.set_extension(f"{prefix}_suggestion", getter=token_suggestion)


def _input_sentences(r: RepairResult) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of each sentence, in offsets of the input (edits shift the
    repaired text that sentence offsets index)."""
    return [(_to_input(r, s.start), _to_input(r, s.end), s.confidence) for s in r.sentences]


def _to_input(r: RepairResult, pos: int) -> int:
    delta = 0
    for e in r.edits:
        new_start = e.start + delta
        if pos <= new_start:
            break
        new_end = new_start + len(e.after)
        if pos < new_end:
            return e.start
        delta += len(e.after) - (e.end - e.start)
    return pos - delta


@Language.factory(
    "frtextfix",
    default_config={"min_confidence": 0.5, "attr_prefix": "frtextfix"},
    assigns=["doc._.frtextfix"],
)
def make_frtextfix(nlp: Language, name: str, min_confidence: float,
                   attr_prefix: str) -> FrTextFixComponent:
    """spaCy factory: ``nlp.add_pipe("frtextfix", config={"min_confidence": 0.9})``."""
    return FrTextFixComponent(nlp, name, min_confidence=min_confidence, attr_prefix=attr_prefix)


__all__ = ["FrTextFixComponent", "make_frtextfix"]
