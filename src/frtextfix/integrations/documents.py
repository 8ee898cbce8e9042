"""Dependency-free pipeline helpers: documents in, repaired documents out.

* :func:`fix_documents` repairs a stream of documents (objects with ``.text`` and
  ``.metadata``, such as datatrove's ``Document``, or dicts), with the signature of a datatrove
  step, so it also runs as a plain function in a datatrove pipeline.
* :func:`fix_batch` repairs one batch of columns, for ``datasets.Dataset.map(batched=True)``.
* :func:`fix_record` repairs one dict record (pandas rows, Dask bags, JSON lines).

Each writes the same three keys next to the text:

``frtextfix_confidence``
    the least sentence confidence of the repaired text (``RepairResult.confidence``);
``frtextfix_rules``
    the ids of the substitution rules found (``[r.id for r in result.rules]``);
``frtextfix_n_edits``
    the number of edits made.

Keyword arguments are :class:`frtextfix.RepairConfig` fields. The :class:`frtextfix.Repairer`
is built once per configuration and process, and loads its data on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from ..config import RepairConfig
from ..repairer import Repairer
from ..types import RepairResult

__all__ = ["METADATA_KEYS", "fix_batch", "fix_documents", "fix_record", "repairer_for"]

METADATA_KEYS = ("frtextfix_confidence", "frtextfix_rules", "frtextfix_n_edits")

D = TypeVar("D")


@lru_cache(maxsize=16)
def _cached(config: RepairConfig) -> Repairer:
    return Repairer(config)


def repairer_for(config: RepairConfig | Mapping[str, Any] | None = None) -> Repairer:
    """The :class:`Repairer` for ``config`` (a ``RepairConfig`` or its fields), one per
    process: a Repairer is read-only, so every caller in the process can share it."""
    if config is None:
        config = RepairConfig()
    elif not isinstance(config, RepairConfig):
        config = RepairConfig(**config)
    return _cached(config)


def metadata(result: RepairResult) -> dict[str, Any]:
    """The three ``frtextfix_*`` keys for one result (JSON-able)."""
    return {
        "frtextfix_confidence": result.confidence,
        "frtextfix_rules": [r.id for r in result.rules],
        "frtextfix_n_edits": len(result.edits),
    }


def fix_documents(
    data: Iterable[D], rank: int = 0, world_size: int = 1, **config: Any
) -> Iterator[D]:
    """Repair each document's text in place and add the ``frtextfix_*`` metadata; yield it.

    A document is an object with ``.text`` and ``.metadata`` (a dict), or a dict with a
    ``"text"`` key (the metadata keys are then added to the dict itself, or to its
    ``"metadata"`` dict if it has one). ``rank`` and ``world_size`` are accepted (and ignored)
    so that the function fits where a datatrove step goes; ``config`` holds
    :class:`RepairConfig` fields. Documents stream through one at a time.
    """
    del rank, world_size  # every document given is processed
    repairer = repairer_for(config)
    for doc in data:
        if isinstance(doc, dict):
            result = repairer.repair(doc["text"])
            doc["text"] = result.text
            target = doc["metadata"] if isinstance(doc.get("metadata"), dict) else doc
            target.update(metadata(result))
        else:
            result = repairer.repair(doc.text)  # type: ignore[attr-defined]
            doc.text = result.text  # type: ignore[attr-defined]
            doc.metadata.update(metadata(result))  # type: ignore[attr-defined]
        yield doc


def fix_record(record: Mapping[str, Any], field: str = "text", **config: Any) -> dict[str, Any]:
    """A copy of ``record`` with ``record[field]`` repaired and the ``frtextfix_*`` keys added."""
    result = repairer_for(config).repair(record[field])
    return {**record, field: result.text, **metadata(result)}


def fix_batch(
    batch: Mapping[str, list[Any]], field: str = "text", **config: Any
) -> dict[str, list[Any]]:
    """For ``datasets.Dataset.map(fix_batch, batched=True)``: the batch (a dict of columns)
    with column ``field`` repaired and three columns added, ``frtextfix_confidence``,
    ``frtextfix_rules`` and ``frtextfix_n_edits``. Other columns are passed through.

    Pass options through ``fn_kwargs``: ``ds.map(fix_batch, batched=True,
    fn_kwargs={"field": "content", "min_confidence": 0.9})``.
    """
    repairer = repairer_for(config)
    results = [repairer.repair(text) for text in batch[field]]
    out: dict[str, list[Any]] = dict(batch)
    out[field] = [r.text for r in results]
    out["frtextfix_confidence"] = [r.confidence for r in results]
    out["frtextfix_rules"] = [[rule.id for rule in r.rules] for r in results]
    out["frtextfix_n_edits"] = [len(r.edits) for r in results]
    return out
