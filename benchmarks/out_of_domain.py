"""French that the models never saw: Debian's French manual pages and the messages of
programs, clean and spun.

    python benchmarks/out_of_domain.py --part test                 # print the markdown report
    python benchmarks/out_of_domain.py --part test --write-docs    # also write docs/out-of-domain.md

The corpora that build and tune frtextfix are parliamentary debates, encyclopaedia snippets,
news and books. Manual pages are another French: technical terms repeated through long
sections (``numéro de port``, ``compressé``, ``paquet source``), commands and options, English
left untranslated. They come from Debian's ``manpages-fr`` package and the translations other
packages ship (``apt-get install manpages-fr``; GPL and other free licenses, read from this
machine, never copied into the project). Each page is rendered with ``man`` and cut at its
section headings; a section of at least 60 words, a sixth of them French function words, is
a document. Pages alternate between two halves by name: ``tune`` is what changes were checked
on, ``test`` what is reported.

Every edit on the clean sections is a false edit. The same sections spun at random
(``frtextfix.spinner.spin``, a seed per section) measure repair on text of a domain the
models never saw.

A third French: the messages of this machine's programs (``/usr/share/locale/fr``, the
compiled catalogs of the packages installed; their own free licenses, never copied into the
project). Short sentences built on templates (« %s : option non valable »), one per line,
a catalog's messages of at least four words cut into documents of 300 lines. Catalogs
alternate between the halves by name too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import itertools
import os
import platform
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from run_benchmarks import git_commit

import frtextfix
from frtextfix.evaluation import distance, tokens
from frtextfix.spinner import spin

MAN_ROOT = Path("/usr/share/man/fr")
MIN_WORDS = 60
FRENCH_SHARE = 1 / 6
FUNCTION_WORDS = frozenset({
    "le", "la", "les", "de", "des", "du", "et", "est", "un", "une", "pour", "dans", "qui", "que",
    "en", "sur", "par", "au", "aux", "pas", "ne", "se", "ce", "il", "elle", "sont", "avec",
})
WORD = regex.compile(r"\w+")
LENGTH_BINS = (0, 200, 500, 1000, 2000, 5000)


def render(page: Path) -> str:
    """The page as plain text, one paragraph per line (a very wide terminal)."""
    env = dict(os.environ, MANWIDTH="4000", LANG="C.UTF-8")
    raw = subprocess.run(["man", "-l", "-E", "UTF-8", str(page)], capture_output=True,
                         env=env, check=False).stdout
    plain = subprocess.run(["col", "-bx"], input=raw, capture_output=True, check=False).stdout
    return plain.decode("utf-8", "replace")


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) for each section: a heading is a line in capitals at the margin."""
    out: list[tuple[str, str]] = []
    heading, body = "", []
    for line in text.splitlines()[1:-1]:  # the running header and footer
        if line and not line[0].isspace() and line.upper() == line:
            if body:
                out.append((heading, "\n".join(body).strip()))
            heading, body = line.strip(), []
        else:
            body.append(line.strip())
    if body:
        out.append((heading, "\n".join(body).strip()))
    return [(h, regex.sub(r"\n{3,}", "\n\n", b)) for h, b in out]


def is_french(body: str) -> bool:
    words = WORD.findall(body.lower())
    return (len(words) >= MIN_WORDS
            and sum(w in FUNCTION_WORDS for w in words) >= FRENCH_SHARE * len(words))


def documents(part: str) -> list[tuple[str, str]]:
    """(page, section text) of one half of the pages."""
    pages = sorted(MAN_ROOT.glob("man*/*.gz"))
    mine = pages[0 if part == "tune" else 1::2]
    return [(str(p.relative_to(MAN_ROOT)), body) for p in mine
            for _, body in sections(render(p)) if is_french(body)]


LOCALE_ROOT = Path("/usr/share/locale/fr/LC_MESSAGES")
MESSAGE_MIN_WORDS = 4
MESSAGES_PER_DOCUMENT = 300


def messages(part: str) -> list[tuple[str, str]]:
    """(catalog, messages one per line) of one half of the French message catalogs."""
    catalogs = sorted(LOCALE_ROOT.glob("*.mo"))
    out: list[tuple[str, str]] = []
    for path in catalogs[0 if part == "tune" else 1::2]:
        try:
            with path.open("rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
        except (OSError, UnicodeDecodeError):
            continue
        lines = [v.strip() for k, v in catalog.items()
                 if k and isinstance(v, str) and len(v.split()) >= MESSAGE_MIN_WORDS]
        for k in range(0, len(lines), MESSAGES_PER_DOCUMENT):
            out.append((path.name, "\n".join(lines[k:k + MESSAGES_PER_DOCUMENT])))
    return out


def _bin_name(lo: int) -> str:
    hi = dict(itertools.pairwise(LENGTH_BINS)).get(lo)
    return f"{lo:,}–{hi:,}" if hi else f"{lo:,} or more"


def line_distance(a: str, b: str) -> int:
    """Token edit distance, line by line when both texts have the same lines (spinning and
    repairing keep them): the same figure as over the whole text, without aligning a
    section of 15,000 words at once."""
    la, lb = a.split("\n"), b.split("\n")
    if len(la) != len(lb):
        return distance(tokens(a), tokens(b))
    return sum(distance(tokens(x), tokens(y)) for x, y in zip(la, lb, strict=True) if x != y)


@dataclass
class Measured:
    """One clean document repaired, then spun at random and repaired."""

    changed: int  # tokens the repair changed in the clean text (all false edits)
    culprits: list[str]  # the substitution of each edit made on the clean text
    spun: bool  # the spinner found something to change
    before: int = 0  # damaged tokens after spinning
    after: int = 0  # left after repair
    flagged: bool = False  # a rule reported on the spun text


def measure(repairer: frtextfix.Repairer, text: str, rng: random.Random) -> Measured:
    result = repairer.repair(text)
    m = Measured(line_distance(text, result.text),
                 [e.rule.split("#")[0] for e in result.edits], False)
    spun = spin(text, seed=rng.randrange(2**32))
    if spun.changed:
        repaired = repairer.repair(spun.text)
        m.spun, m.flagged = True, bool(repaired.rules)
        m.before = line_distance(text, spun.text)
        m.after = line_distance(text, repaired.text)
    return m


def run(part: str, seed: int) -> str:
    started = time.perf_counter()
    docs = documents(part)
    if not docs:
        raise SystemExit(f"no French manual pages under {MAN_ROOT}: apt-get install manpages-fr")
    repairer = frtextfix.Repairer()
    rng = random.Random(seed)
    # lower bound of the length bin -> [documents, words, tokens, changed, documents changed]
    by_length: dict[int, list[int]] = {}
    culprits: Counter[str] = Counter()
    before = after = n_spun = flagged = 0
    for _, text in docs:
        m = measure(repairer, text, rng)
        n_words = len(text.split())
        row = by_length.setdefault(max(b for b in LENGTH_BINS if b <= n_words), [0, 0, 0, 0, 0])
        for k, v in enumerate((1, n_words, len(tokens(text)), m.changed, bool(m.culprits))):
            row[k] += v
        culprits.update(m.culprits)
        n_spun += m.spun
        flagged += m.flagged
        before += m.before
        after += m.after
    msg_docs = messages(part)
    msg = [0, 0, 0, 0]  # tokens, changed, documents changed, documents
    msg_culprits: Counter[str] = Counter()
    msg_before = msg_after = 0
    for _, text in msg_docs:
        m = measure(repairer, text, rng)
        for k, v in enumerate((len(tokens(text)), m.changed, bool(m.culprits), 1)):
            msg[k] += v
        msg_culprits.update(m.culprits)
        msg_before += m.before
        msg_after += m.after
    total = [sum(r[k] for r in by_length.values()) for k in range(5)]
    lines = [
        "# French the models never saw: manual pages and programs' messages",
        "",
        (f"Generated by `python benchmarks/out_of_domain.py --part {part} --seed {seed} "
        f"--write-docs` on {dt.date.today().isoformat()}, commit `{git_commit()}`, Python "
        f"{platform.python_version()}, {platform.machine()}; {time.perf_counter() - started:.0f} s."),
        "",
        __doc__.split("\n\n", 2)[2].strip().replace("``", "`"),
        "",
        (f"Pages of the `{part}` half: {len({p for p, _ in docs})}, giving {len(docs)} sections "
        f"and {total[1]:,} words. The corpora's documents are about 270 words long."),
        "",
        "## Manual pages: clean sections",
        "",
        "| section length (words) | sections | words | tokens changed | per token | sections changed |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lo in sorted(by_length):
        d, w, t, c, dc = by_length[lo]
        lines.append(f"| {_bin_name(lo)} | {d} | {w:,} | {c} | {100 * c / t:.3f} % | {dc} |")
    lines.append(f"| all | {total[0]} | {total[1]:,} | {total[3]} | "
                 f"{100 * total[3] / total[2]:.3f} % | {total[4]} |")
    lines += ["", "The rules behind most false edits (edits made):", ""]
    lines += [f"- `{rule}`: {n}" for rule, n in culprits.most_common(12)]
    lines += [
        "",
        "## Manual pages: spun sections",
        "",
        (f"- {n_spun} of {len(docs)} sections spun (a section may draw no rule that applies), "
        f"{before:,} damaged tokens: error reduction "
        f"**{100 * (1 - after / max(before, 1)):.1f} %**; {flagged} of {n_spun} flagged "
        "(a rule reported)."),
        "",
        "## Programs' messages",
        "",
    ]
    if msg_docs:
        lines += [
            (f"{len({c for c, _ in msg_docs})} catalogs of the `{part}` half, {msg[3]} "
             f"documents, {msg[0]:,} tokens. Clean: {msg[1]} tokens changed "
             f"({100 * msg[1] / max(msg[0], 1):.3f} %), in {msg[2]} of {msg[3]} documents. "
             f"Spun: {msg_before:,} damaged tokens, error reduction "
             f"**{100 * (1 - msg_after / max(msg_before, 1)):.1f} %**."),
            "",
            "The rules behind most false edits (edits made):",
            "",
        ]
        lines += [f"- `{rule}`: {n}" for rule, n in msg_culprits.most_common(8)]
    else:
        lines.append(f"No French message catalogs under {LOCALE_ROOT}.")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=("tune", "test"), default="test")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write-docs", action="store_true", help="also write docs/out-of-domain.md")
    args = ap.parse_args(argv)
    report = run(args.part, args.seed)
    print(report)
    if args.write_docs:
        (ROOT / "docs" / "out-of-domain.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
