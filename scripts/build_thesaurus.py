"""Build ``src/frtextfix/data/thesaurus.msgpack.gz`` from the MyThes file ``thes_fr.dat``.

MyThes format: the first line is the encoding; then, for each entry, a line ``headword|N``
followed by N sense lines ``(POS)|syn1|syn2|…``. We store the forward map
headword → sorted unique synonyms (all senses merged, headword itself excluded), keys and
values NFC + lower case. The inverse index is built at load time (see ``frtextfix.resources``).

Light clean-up, so that stored strings are text a spinner would actually insert:
whitespace (including no-break spaces) is stripped and collapsed; glosses such as
``visage (familier)`` lose the parenthesized note; ``plier(se)`` becomes ``se plier``.

Deterministic: same input → same bytes. The header's ``built`` date is taken from
``$SOURCE_DATE_EPOCH`` if set, else from the input file's modification time.

Usage::

    PYTHONPATH=src python scripts/build_thesaurus.py [--input /work/shared/data/thes_fr.dat]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from frtextfix.resources import (
    THESAURUS_FILE,
    THESAURUS_FORMAT,
    THESAURUS_VERSION,
    write_data_file,
)

DEFAULT_INPUT = (
    Path(os.environ.get("FRTEXTFIX_SHARED", REPO.parent / "shared")) / "data" / "thes_fr.dat"
)
OUTPUT = REPO / "src" / "frtextfix" / "data" / THESAURUS_FILE
SOURCE = (
    "LibreOffice French thesaurus thes_fr.dat (Kevin Hendricks, Frédéric Labbé, Laurent Godard), "
    "as packaged by Debian mythes-fr; forward map, cleaned and lower-cased by frtextfix"
)

_GLOSS_RE = re.compile(r"\s*\((?:familier|argot|[^()]*)\)\s*$")
_REFLEXIVE_RE = re.compile(r"^(.*\S)\s*\(se\)$")
_SPACE_RE = re.compile(r"\s+")


def clean(term: str) -> str:
    """Lookup form of a thesaurus term: NFC, lower case, tidy spaces, no gloss."""
    term = unicodedata.normalize("NFC", term).replace("\u00a0", " ")
    term = _SPACE_RE.sub(" ", term).strip()
    m = _REFLEXIVE_RE.match(term)
    if m:
        stem = m.group(1)
        term = ("s'" if stem[:1] in "aeiouyhéèêâîôûàœ" else "se ") + stem
    else:
        term = _GLOSS_RE.sub("", term).strip()
    return term.lower()


def parse_mythes(path: Path) -> dict[str, list[str]]:
    """Forward map of a MyThes ``.dat`` file: headword → sorted unique synonyms."""
    raw = path.read_bytes()
    first, _, rest = raw.partition(b"\n")
    encoding = first.decode("ascii").strip() or "UTF-8"
    lines = rest.decode(encoding).splitlines()
    merged: dict[str, set[str]] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        head_raw, _, n_raw = line.rpartition("|")
        n = int(n_raw)
        head = clean(head_raw)
        syns = merged.setdefault(head, set())
        for sense in lines[i : i + n]:
            for term in sense.split("|")[1:]:  # field 0 is the part of speech
                syn = clean(term)
                if syn and syn != head:
                    syns.add(syn)
        i += n
    return {h: sorted(s) for h, s in sorted(merged.items()) if h and s}


def build_date(path: Path) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    ts = int(epoch) if epoch else int(path.stat().st_mtime)
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).date().isoformat()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--output", type=Path, default=OUTPUT)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    forward = parse_mythes(args.input)
    header = {
        "format": THESAURUS_FORMAT,
        "version": THESAURUS_VERSION,
        "source": SOURCE,
        "license": "LGPL-2.1-or-later",
        "built": build_date(args.input),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    size = write_data_file(args.output, header, {"forward": forward})
    pairs = sum(len(s) for s in forward.values())
    print(
        f"{args.output}: {len(forward)} headwords, {pairs} pairs, {size / 1e6:.2f} MB "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
