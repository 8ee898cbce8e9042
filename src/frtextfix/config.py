"""Configuration: one frozen dataclass, no global state."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RepairConfig:
    """Options of :class:`frtextfix.Repairer`.

    min_confidence (default 0.5):
        An edit is made only when its confidence (the estimated probability that it restores
        the original) reaches this. Raise it for fewer, surer edits; lower it to trade
        precision for recall.
    min_rule_confidence (default 0.5):
        A rule is reported and used only when its confidence reaches this.
    report_rule_confidence (default None):
        Also report the rules weighed that stay below ``min_rule_confidence`` but reach this
        (``Rule.used`` is False: they make no edit and do not change any confidence). For
        telling spun documents from clean ones at a chosen precision: ``docs/benchmarks.md``
        measures how many more spun documents each bar from 0.2 down to 0.05 flags, and how
        many clean ones.
    max_segment_length (default 20_000):
        Longer inputs are processed in pieces of about this many characters, cut at paragraph
        or line breaks, so time and memory stay linear.
    screen (default True):
        Return a text that carries no trace of any rule without analysing it (``screen.py``),
        and in a text it lets in weigh first only the whole-word swaps it saw: what makes
        clean text cheap. ``False`` analyses every text in full, which finds a little more of
        the damage that leaves no trace (a short text with one or two whole-word swaps) at
        two to three times the cost on clean text; ``docs/benchmarks.md`` measures both.
    """

    min_confidence: float = 0.5
    min_rule_confidence: float = 0.5
    report_rule_confidence: float | None = None
    max_segment_length: int = 20_000
    screen: bool = True

    def __post_init__(self) -> None:
        for name in ("min_confidence", "min_rule_confidence"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
        report = self.report_rule_confidence
        if report is not None and (isinstance(report, bool) or not isinstance(report, (int, float))
                                   or not 0.0 <= report <= 1.0):
            raise ValueError(f"report_rule_confidence must be None or a number in [0, 1], got {report!r}")
        if not isinstance(self.screen, bool):
            raise TypeError(f"screen must be True or False, got {self.screen!r}")
        if not isinstance(self.max_segment_length, int) or self.max_segment_length < 1000:
            raise ValueError(
                f"max_segment_length must be an int >= 1000, got {self.max_segment_length!r}"
            )
