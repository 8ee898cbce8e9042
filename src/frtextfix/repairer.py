"""The reusable, read-only repairer that ties the rule engine, corrector and scorer together."""

from __future__ import annotations

from .config import RepairConfig
from .types import RepairResult, Rule, Sentence
from .tokenize import sentence_spans


def _check_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(
            "frtextfix works on str, not bytes. Decode the bytes first, for example "
            "text = data.decode('utf-8') (or fix mojibake first with ftfy)."
        )
    raise TypeError(f"frtextfix expects a str, got {type(text).__name__}")


class Repairer:
    """Holds the configuration and (lazily) the shared models. Thread-safe, read-only."""

    def __init__(self, config: RepairConfig | None = None) -> None:
        self.config = config or RepairConfig()

    def repair(self, text: str) -> RepairResult:
        text = _check_text(text)
        # Placeholder until the engine lands: identity repair.
        sentences = tuple(
            Sentence(a, b, text[a:b], 1.0) for a, b in sentence_spans(text)
        )
        return RepairResult(text=text, original=text, edits=(), rules=(), sentences=sentences)

    def score(self, text: str) -> list[Sentence]:
        text = _check_text(text)
        return [Sentence(a, b, text[a:b], 1.0) for a, b in sentence_spans(text)]

    def detect(self, text: str) -> list[Rule]:
        _check_text(text)
        return []
