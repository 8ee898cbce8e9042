"""Dask bags (``pip install 'frtextfix[dask]'``): :func:`repair_bag`.

>>> import json, dask.bag as db                                            # doctest: +SKIP
>>> bag = db.read_text("crawl-*.jsonl.gz").map(json.loads)                   # doctest: +SKIP
>>> repair_bag(bag).map(json.dumps).to_textfiles("fixed-*.jsonl.gz")        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

try:
    import dask.bag
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "frtextfix.integrations.dask needs dask: pip install 'frtextfix[dask]'"
    ) from exc

from ..config import RepairConfig
from .documents import metadata, repairer_for

__all__ = ["repair_bag"]


def _repair_partition(items: Iterable[Any], field: str, config: RepairConfig) -> list[Any]:
    repairer = repairer_for(config)  # one per partition (and, cached, one per process)
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            out.append(repairer.repair(item).text)
        else:
            result = repairer.repair(item[field])
            out.append({**item, field: result.text, **metadata(result)})
    return out


def repair_bag(bag: dask.bag.Bag, field: str = "text", **config: Any) -> dask.bag.Bag:
    """A bag with every element repaired.

    Elements that are strings become the repaired strings. Elements that are dicts (JSON
    records) become copies with ``element[field]`` repaired and ``frtextfix_confidence``,
    ``frtextfix_rules`` and ``frtextfix_n_edits`` added. ``config`` holds
    :class:`frtextfix.RepairConfig` fields; it is checked here, before anything runs.
    Runs through ``map_partitions``, so each partition uses one Repairer.
    """
    checked = RepairConfig(**config)
    return bag.map_partitions(_repair_partition, field, checked)
