"""Result types: plain frozen dataclasses, JSON-able through ``to_dict()``.

Offsets are code-point offsets (Python ``str`` indices). ``Edit`` offsets point into the
*input* text; ``Sentence`` offsets point into the text the sentence was taken from (the
repaired text for ``repair``, the input for ``score``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RuleScope = Literal["substring", "word"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change made to the input: ``text[start:end]`` (== ``before``) became ``after``.

    ``rule`` is the :attr:`Rule.id` of the rule it undid (``la→une#2``), or of each rule of a
    chain undone in one word, joined by ``+`` (``ce→le+pays→race``). ``confidence`` is the
    estimated probability that the change restores the original text.
    """

    start: int
    end: int
    before: str
    after: str
    rule: str
    confidence: float
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Rule:
    """A substitution the spinner applied in one stretch of the input.

    ``original`` was replaced by ``replacement`` everywhere in ``input[start:end]``, as a
    substring (inside words too) or as a whole word. ``confidence`` is the estimated
    probability that the rule is really active there. ``evidence`` holds the numbers behind
    it (tokens explained, expected vs observed counts, contexts). ``id`` is unique in a result:
    ``original→replacement``, with ``#2``, ``#3``… for the same substitution found again in
    another stretch; ``chains_with`` names the substitutions undone with it in one word. A
    rule that continues another's replacement (the spinner swapped ``en`` for ``dans``, then
    ``dans`` for ``parmi``: ``en→parmi``) names the middle word in ``evidence["via"]``; its
    ``in_thesaurus`` then says that the thesaurus lists each step.
    ``used`` is False for a rule too weak to repair with, reported only because
    ``RepairConfig.report_rule_confidence`` asked for it: no edit names it.
    """

    id: str
    original: str
    replacement: str
    scope: RuleScope
    start: int
    end: int
    confidence: float
    in_thesaurus: bool
    evidence: dict[str, Any] = field(default_factory=dict)
    chains_with: tuple[str, ...] = ()
    used: bool = True

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["chains_with"] = list(self.chains_with)
        return d


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and the probability that it is sound French free of substitution damage.

    For ``score(text)`` that is the input sentence as it stands; for ``repair(text)`` it is
    the repaired sentence (``start``/``end`` index ``result.text``).
    """

    start: int
    end: int
    text: str
    confidence: float
    rules: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["rules"] = list(self.rules)
        return d


class RepairResult:
    """What ``repair`` returns. ``apply_edits(original, edits) == text`` always holds.

    ``sentences`` are scored on first access, not before: a pipeline that only wants the
    repaired ``text`` (``fix_text``, the CLI without ``--details``) does not pay for the
    language-model pass that the confidences need. Read-only, like the other result types.
    """

    __slots__ = ("_score", "_sentences", "edits", "original", "rules", "text")

    text: str
    original: str
    edits: tuple[Edit, ...]
    rules: tuple[Rule, ...]
    _sentences: tuple[Sentence, ...] | None
    _score: Callable[[], tuple[Sentence, ...]] | None

    def __init__(
        self,
        text: str,
        original: str,
        edits: tuple[Edit, ...],
        rules: tuple[Rule, ...],
        sentences: tuple[Sentence, ...] | Callable[[], tuple[Sentence, ...]],
    ) -> None:
        set_ = object.__setattr__
        set_(self, "text", text)
        set_(self, "original", original)
        set_(self, "edits", edits)
        set_(self, "rules", rules)
        if callable(sentences):
            set_(self, "_sentences", None)
            set_(self, "_score", sentences)
        else:
            set_(self, "_sentences", tuple(sentences))
            set_(self, "_score", None)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of ``text`` with the probability that it is now exactly right."""
        done = self._sentences
        if done is None:
            score = self._score
            assert score is not None
            done = tuple(score())  # two threads may both compute it: same value
            object.__setattr__(self, "_sentences", done)
            object.__setattr__(self, "_score", None)
        return done

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RepairResult is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"RepairResult is read-only (cannot delete {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RepairResult):
            return NotImplemented
        return (self.text, self.original, self.edits, self.rules, self.sentences) == (
            other.text, other.original, other.edits, other.rules, other.sentences)

    __hash__ = None  # type: ignore[assignment]  # mutable-looking fields (rule evidence)

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled with its sentences scored (the scorer is a closure over the models)
        return (RepairResult, (self.text, self.original, self.edits, self.rules, self.sentences))

    @property
    def changed(self) -> bool:
        """True when at least one edit was made."""
        return bool(self.edits)

    @property
    def confidence(self) -> float:
        """Probability that the whole repaired text is clean: the least sentence confidence."""
        return min((s.confidence for s in self.sentences), default=1.0)

    def to_dict(self) -> dict[str, Any]:
        """A stable JSON-able shape, for JSONL logs."""
        return {
            "text": self.text,
            "changed": self.changed,
            "edits": [e.to_dict() for e in self.edits],
            "rules": [r.to_dict() for r in self.rules],
            "sentences": [s.to_dict() for s in self.sentences],
        }

    def diff(self, html_markup: bool = False) -> str:
        """The input with every edit marked inline: ``prés[chez→en]te`` (or ``<del>``/``<ins>``)."""
        out: list[str] = []
        pos = 0
        for e in self.edits:
            out.append(html.escape(self.original[pos : e.start]) if html_markup else self.original[pos : e.start])
            if html_markup:
                title = html.escape(f"{e.rule} ({e.confidence:.2f})", quote=True)
                out.append(
                    f'<span title="{title}"><del>{html.escape(e.before)}</del>'
                    f"<ins>{html.escape(e.after)}</ins></span>"
                )
            else:
                out.append(f"[{e.before}→{e.after}]")
            pos = e.end
        tail = self.original[pos:]
        out.append(html.escape(tail) if html_markup else tail)
        return "".join(out)

    def _repr_html_(self) -> str:
        return "<p style='white-space:pre-wrap'>" + self.diff(html_markup=True) + "</p>"

    def __repr__(self) -> str:
        return (
            f"RepairResult(changed={self.changed}, edits={len(self.edits)}, "
            f"rules={[r.id for r in self.rules]}, sentences={len(self.sentences)})"
        )


def apply_edits(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """Replay edits on ``text`` (the counterpart of ftfy's ``apply_plan``).

    Edits must not overlap; each ``text[start:end]`` must equal its ``before``.
    """
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos:
            raise ValueError(f"overlapping edit at {e.start}")
        if text[e.start : e.end] != e.before:
            raise ValueError(f"edit at {e.start} expects {e.before!r}, text has {text[e.start:e.end]!r}")
        out.append(text[pos : e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
