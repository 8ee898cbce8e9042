"""Deterministic train / tune / test split of the clean corpora in ``shared/corpora/``.

Models are built from ``train`` only; ``tune`` (for choosing thresholds) and ``test`` (for the
benchmarks) stay held out, so a benchmark never scores text the language model has seen.

Split rule (stable: it depends on file order only, never on randomness or on hashing):

* ``fr-an-debats/debats.txt.gz``, ``fr-wivico/wivico.txt.gz``, ``fr-framabook/framabook.txt.gz``:
  non-blank lines are grouped into documents of 10 consecutive lines (the last one may be
  shorter); document ``k`` goes to ``tune`` if ``k % 10 == 8``, to ``test`` if ``k % 10 == 9``,
  else to ``train``.
* ``fr-gsd/train.txt``: every blank-line-separated block goes to ``train``.
* ``fr-gsd/dev.txt``: block ``k`` (blank-line separated) goes to ``tune`` if ``k`` is even,
  to ``test`` if odd.

A document is yielded as its lines joined by ``"\\n"`` (one sentence or snippet per line).
The corpora directory is ``<shared>/corpora``; ``shared`` defaults to ``$FRTEXTFIX_SHARED`` or
the ``shared/`` folder next to the repository. Standard library only: benchmarks import this.

Usage as a script prints document / line / word counts per split and corpus::

    python scripts/corpora.py
"""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

SPLITS = ("train", "tune", "test")
DOC_LINES = 10
# Corpus name -> file, relative to <shared>/corpora. Order is the iteration order.
LINE_CORPORA: dict[str, str] = {
    "fr-an-debats": "fr-an-debats/debats.txt.gz",
    "fr-wivico": "fr-wivico/wivico.txt.gz",
    "fr-framabook": "fr-framabook/framabook.txt.gz",
}
GSD = "fr-gsd"
CORPORA: tuple[str, ...] = (*LINE_CORPORA, GSD)


def default_shared() -> Path:
    """``$FRTEXTFIX_SHARED`` if set, else ``<repo>/../shared`` (``/work/shared`` for ``/work/main``)."""
    env = os.environ.get("FRTEXTFIX_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared"


def _read_lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline=None) as f:
        for line in f:
            yield line.strip()


def _line_documents(path: Path) -> Iterator[tuple[int, str]]:
    """(document index, text) for groups of ``DOC_LINES`` consecutive non-blank lines."""
    buf: list[str] = []
    k = 0
    for line in _read_lines(path):
        if not line:
            continue
        buf.append(line)
        if len(buf) == DOC_LINES:
            yield k, "\n".join(buf)
            buf = []
            k += 1
    if buf:
        yield k, "\n".join(buf)


def _blocks(path: Path) -> Iterator[tuple[int, str]]:
    """(block index, text) for blank-line-separated blocks."""
    buf: list[str] = []
    k = 0
    for line in _read_lines(path):
        if line:
            buf.append(line)
        elif buf:
            yield k, "\n".join(buf)
            buf = []
            k += 1
    if buf:
        yield k, "\n".join(buf)


def _line_split(k: int) -> str:
    r = k % 10
    return "tune" if r == 8 else "test" if r == 9 else "train"


def iter_documents(
    split: str, corpus: str | None = None, shared: Path | None = None
) -> Iterator[tuple[str, str]]:
    """Yield ``(corpus_name, document_text)`` for every document of ``split``.

    ``corpus`` restricts to one corpus (a key of :data:`CORPORA`); ``shared`` overrides the
    shared folder (see :func:`default_shared`).
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    if corpus is not None and corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {CORPORA}")
    root = Path(shared if shared is not None else default_shared()) / "corpora"
    for name in CORPORA if corpus is None else (corpus,):
        if name == GSD:
            if split == "train":
                for _, text in _blocks(root / GSD / "train.txt"):
                    yield name, text
            else:
                want = 0 if split == "tune" else 1
                for k, text in _blocks(root / GSD / "dev.txt"):
                    if k % 2 == want:
                        yield name, text
        else:
            for k, text in _line_documents(root / LINE_CORPORA[name]):
                if _line_split(k) == split:
                    yield name, text


def iter_lines(
    split: str, corpus: str | None = None, shared: Path | None = None
) -> Iterator[tuple[str, str]]:
    """Yield ``(corpus_name, line)`` for every line (sentence) of ``split``."""
    for name, doc in iter_documents(split, corpus, shared):
        for line in doc.split("\n"):
            yield name, line


def _main(argv: Iterable[str]) -> int:
    del argv
    print(f"{'split':6} {'corpus':14} {'docs':>8} {'lines':>9} {'words':>10}")
    for split in SPLITS:
        for name in CORPORA:
            docs = lines = words = 0
            for _, doc in iter_documents(split, name):
                docs += 1
                lines += doc.count("\n") + 1
                words += len(doc.split())
            print(f"{split:6} {name:14} {docs:8d} {lines:9d} {words:10d}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
