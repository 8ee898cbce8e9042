"""datatrove pipeline steps (``pip install 'frtextfix[datatrove]'``).

* :class:`FrTextFixFormatter` repairs ``doc.text`` and writes ``doc.metadata``
  ``["frtextfix_confidence"]`` (least sentence confidence of the repaired text),
  ``["frtextfix_rules"]`` (rule ids) and ``["frtextfix_n_edits"]``.
* :class:`FrTextFixFilter` drops documents whose least sentence confidence (of the text as it
  stands) is below ``threshold``, with reason ``"frtextfix_damage"``; ``label_only=True``
  writes ``doc.metadata["frtextfix_confidence"]`` and keeps every document.

Both take the :class:`frtextfix.RepairConfig` fields as keyword arguments and build one
:class:`frtextfix.Repairer`, which pickles as its configuration only, so each datatrove task
loads the data itself, once.

>>> from datatrove.executor import LocalPipelineExecutor          # doctest: +SKIP
>>> from datatrove.pipeline.readers import JsonlReader             # doctest: +SKIP
>>> from datatrove.pipeline.writers import JsonlWriter             # doctest: +SKIP
>>> LocalPipelineExecutor(pipeline=[JsonlReader("in/"), FrTextFixFormatter(),
...     FrTextFixFilter(threshold=0.5), JsonlWriter("out/")], tasks=4).run()  # doctest: +SKIP
"""

from __future__ import annotations

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "frtextfix.integrations.datatrove needs datatrove: pip install 'frtextfix[datatrove]'"
    ) from exc

from ..config import RepairConfig
from ..repairer import Repairer
from .documents import metadata

__all__ = ["FrTextFixFilter", "FrTextFixFormatter"]

_DEFAULTS = RepairConfig()


class FrTextFixFormatter(BaseFormatter):
    """Repair ``doc.text``; add ``frtextfix_confidence``, ``frtextfix_rules`` and
    ``frtextfix_n_edits`` to ``doc.metadata``.

    Stats: ``frtextfix_changed`` (documents edited), ``frtextfix_edits`` (edits per document),
    ``frtextfix_rules`` (rules per document).
    """

    name = "🇫🇷 frtextfix"

    def __init__(
        self,
        min_confidence: float = _DEFAULTS.min_confidence,
        min_rule_confidence: float = _DEFAULTS.min_rule_confidence,
        report_rule_confidence: float | None = _DEFAULTS.report_rule_confidence,
        max_segment_length: int = _DEFAULTS.max_segment_length,
        screen: bool = _DEFAULTS.screen,
    ) -> None:
        super().__init__()
        self.repairer = Repairer(
            RepairConfig(
                min_confidence=min_confidence,
                min_rule_confidence=min_rule_confidence,
                report_rule_confidence=report_rule_confidence,
                max_segment_length=max_segment_length,
                screen=screen,
            )
        )

    def format(self, text: str) -> str:
        return self.repairer.repair(text).text

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result = self.repairer.repair(doc.text)
                doc.text = result.text
                doc.metadata.update(metadata(result))
            if result.changed:
                self.stat_update("frtextfix_changed")
            self.stat_update("frtextfix_edits", value=len(result.edits))
            self.stat_update("frtextfix_rules", value=len(result.rules))
            yield doc


class FrTextFixFilter(BaseFilter):
    """Drop documents whose least sentence confidence is below ``threshold`` (reason
    ``"frtextfix_damage"``). Every document gets ``doc.metadata["frtextfix_confidence"]``;
    with ``label_only=True`` none is dropped. Stat: ``frtextfix_damaged``.

    Alone, the filter scores the text as it stands (``Repairer.score``). After
    :class:`FrTextFixFormatter`, it uses the confidence the formatter wrote (that of the
    repaired text), so it drops only what the repair could not fix, without scoring twice;
    pass ``rescore=True`` to score the text again anyway.
    """

    name = "🇫🇷 frtextfix damage"

    def __init__(
        self,
        threshold: float = 0.5,
        label_only: bool = False,
        rescore: bool = False,
        exclusion_writer: object = None,
        min_confidence: float = _DEFAULTS.min_confidence,
        min_rule_confidence: float = _DEFAULTS.min_rule_confidence,
        report_rule_confidence: float | None = _DEFAULTS.report_rule_confidence,
        max_segment_length: int = _DEFAULTS.max_segment_length,
        screen: bool = _DEFAULTS.screen,
    ) -> None:
        super().__init__(exclusion_writer)  # type: ignore[arg-type]
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {threshold!r}")
        self.threshold = threshold
        self.label_only = label_only
        self.rescore = rescore
        self.repairer = Repairer(
            RepairConfig(
                min_confidence=min_confidence,
                min_rule_confidence=min_rule_confidence,
                report_rule_confidence=report_rule_confidence,
                max_segment_length=max_segment_length,
                screen=screen,
            )
        )

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        confidence = doc.metadata.get("frtextfix_confidence")
        if self.rescore or not isinstance(confidence, float):
            confidence = min((s.confidence for s in self.repairer.score(doc.text)), default=1.0)
            doc.metadata["frtextfix_confidence"] = confidence
        if confidence >= self.threshold:
            return True
        self.stat_update("frtextfix_damaged")
        if self.label_only:
            return True
        return False, "frtextfix_damage"
