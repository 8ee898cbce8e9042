"""Compare frtextfix with the tools people use today on the same spun French text.

    python benchmarks/compare_peers.py                   # markdown table on standard output
    python benchmarks/compare_peers.py --write-docs      # also docs/peers.md, docs/img/peers.png

The peers (see ``benchmarks/install_peers.sh`` to install them all):

* ``identity`` — doing nothing, which checks the harness (every figure 0);
* ``pyspellchecker`` — ``SpellChecker(language="fr")``;
* ``symspellpy`` — ``SymSpell`` over wordfreq's 100,000 most frequent French words;
* ``hunspell`` — the ``hunspell`` program with Debian's French dictionary (``hunspell-fr``),
  in pipe mode (``hunspell -d fr_FR -a``);
* ``grammalecte`` — Debian's ``python3-grammalecte``, which installs for the system
  ``/usr/bin/python3``: called through a subprocess that keeps one checker loaded;
* ``frtextfix`` — ``frtextfix.repair(text).text`` from this working tree (``src/``).

Each peer is applied only where it proposes a fix: the text outside the fixed words is kept as
is. Documents are the ``test`` split of ``scripts/corpora.py`` (spread across the four corpora,
as ``run_benchmarks.py`` draws them), each spun by :func:`frtextfix.spinner.spin` with its own
seed; the same documents are also run clean. A peer that is not installed is left out and the
reason reported. Slow peers may run on the first ``N`` documents only (``--peer-docs``); the
table says so and gives frtextfix's figure on the same documents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import importlib.metadata
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts"), str(ROOT / "benchmarks")]

from run_benchmarks import (
    SEED_CLEAN_END,
    SEED_DAMAGED,
    SEED_GOLD,
    git_commit,
    sample_documents,
)

import frtextfix
from frtextfix.evaluation import distance, tokens
from frtextfix.spinner import spin
from frtextfix.tokenize import WORD_RE

LETTERS = regex.compile(r"[^\W\d_]+")  # a word for the dictionary peers: a run of letters
APOSTROPHES = "'’"
# Default cap on documents for the slow peers (the others run on all --n-docs); see --peer-docs.
DEFAULT_PEER_DOCS = {"pyspellchecker": 40, "hunspell": 50}
HUNSPELL_DICT = "fr_FR"
GRAMMALECTE_PYTHON = "/usr/bin/python3"
# Grammalecte options switched off: typography only (apostrophes ’, spaces, non-breaking
# spaces, typographic signs, digit grouping, units). They rewrite punctuation of clean text and
# say nothing of the words, which is what a spinner damages.
GRAMMALECTE_OFF = ("typo", "apos", "esp", "tab", "nbsp", "num", "unit")


def n_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def match_case(original: str, replacement: str) -> str:
    """Keep the case of the first letter of ``original``."""
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def apply_replacements(text: str, fixes: list[tuple[int, int, str]]) -> str:
    """Apply ``(start, end, replacement)``, skipping any that overlaps one already applied."""
    out: list[str] = []
    pos = 0
    for start, end, repl in sorted(fixes, key=lambda f: (f[0], -(f[1] - f[0]))):
        if start < pos or end > len(text) or start > end:
            continue
        out.append(text[pos:start])
        out.append(repl)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- peers


class Unavailable(Exception):
    """The peer cannot run here; the message says why."""


def _line_worker(command: list[str]) -> subprocess.Popen[str]:
    """A child process spoken to one line at a time over UTF-8 pipes (Hunspell, Grammalecte)."""
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )
    assert proc.stdin is not None and proc.stdout is not None
    return proc


@dataclass
class Peer:
    name: str
    version: str
    fix: Callable[[str], tuple[str, bool]]  # text -> (output, flagged)
    how: str
    close: Callable[[], None] = lambda: None


def peer_identity() -> Peer:
    return Peer("identity", "-", lambda text: (text, False), "returns the input")


def peer_frtextfix() -> Peer:
    def fix(text: str) -> tuple[str, bool]:
        result = frtextfix.repair(text)
        return result.text, bool(result.rules)

    return Peer(
        "frtextfix",
        f"{frtextfix.__version__} (commit {git_commit()})",
        fix,
        "`frtextfix.repair(text).text`; a document is flagged when a rule is reported",
    )


def peer_pyspellchecker() -> Peer:
    try:
        from spellchecker import SpellChecker
    except ImportError as exc:
        raise Unavailable(f"`pip install pyspellchecker` failed or was not run ({exc})") from exc
    spell = SpellChecker(language="fr")
    cache: dict[str, str | None] = {}

    def correct(key: str) -> str | None:
        if key not in cache:
            cache[key] = spell.correction(key)
        return cache[key]

    def fix(text: str) -> tuple[str, bool]:
        fixes = []
        for m in LETTERS.finditer(text):
            word = m.group()
            if is_acronym(word):
                continue
            key = word.lower()
            elided = m.end() < len(text) and text[m.end()] in APOSTROPHES
            if key in spell or (elided and key + "'" in spell):  # its keys hold "d'", "qu'"
                continue
            sugg = correct(key)
            if sugg is None:
                continue
            if elided:
                sugg = sugg.rstrip("'")
            if sugg and sugg != key:
                fixes.append((m.start(), m.end(), match_case(word, sugg)))
        out = apply_replacements(text, fixes)
        return out, out != text

    return Peer(
        "pyspellchecker",
        importlib.metadata.version("pyspellchecker"),
        fix,
        '`SpellChecker(language="fr")`: each letter run that `unknown` would flag (a form '
        "elided before an apostrophe is looked up with it, as its French keys hold `d'`, `qu'`) "
        "is replaced by `correction()` when that is not None and differs; all-caps acronyms "
        "skipped; first letter's case kept; corrections cached per word",
    )


def peer_symspellpy() -> Peer:
    try:
        import wordfreq
        from symspellpy import SymSpell, Verbosity
    except ImportError as exc:
        raise Unavailable(
            f"`pip install symspellpy wordfreq` failed or was not run ({exc})"
        ) from exc
    freqs = wordfreq.get_frequency_dict("fr", "large")
    top = sorted(freqs.items(), key=lambda kv: -kv[1])[:100_000]
    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for word, freq in top:
        count = max(1, int(freq * 1e9))
        for part in regex.split(r"['’\-]", word):  # "aujourd'hui" also gives "aujourd", "hui"
            if LETTERS.fullmatch(part):
                sym.create_dictionary_entry(part, count)
    known = sym.words

    def fix(text: str) -> tuple[str, bool]:
        fixes = []
        for m in LETTERS.finditer(text):
            word = m.group()
            key = word.lower()
            if key in known or is_acronym(word):
                continue
            sugg = sym.lookup(key, Verbosity.CLOSEST, max_edit_distance=2)
            if sugg and sugg[0].term != key:
                fixes.append((m.start(), m.end(), match_case(word, sugg[0].term)))
        out = apply_replacements(text, fixes)
        return out, out != text

    return Peer(
        "symspellpy",
        f"{importlib.metadata.version('symspellpy')} "
        f"(wordfreq {importlib.metadata.version('wordfreq')})",
        fix,
        "`SymSpell` built from `wordfreq.get_frequency_dict('fr', 'large')`, top 100,000 words, "
        "count = frequency × 1e9 (no PyPI package ships a French SymSpell dictionary; symspellpy "
        "ships English only); each letter run not in the dictionary is replaced by the first of "
        "`lookup(word, Verbosity.CLOSEST, max_edit_distance=2)`; all-caps acronyms skipped; "
        "first letter's case kept",
    )


def peer_hunspell() -> Peer:
    exe = shutil.which("hunspell")
    if exe is None:
        raise Unavailable(
            "the `hunspell` program is missing (`apt-get install hunspell hunspell-fr`)"
        )
    dic = Path("/usr/share/hunspell") / f"{HUNSPELL_DICT}.dic"
    if not dic.exists():
        raise Unavailable(f"{dic} is missing (`apt-get install hunspell-fr`)")
    proc = _line_worker([exe, "-d", HUNSPELL_DICT, "-a", "-i", "utf-8"])
    banner = proc.stdout.readline()

    def check_line(line: str) -> list[tuple[int, int, str]]:
        proc.stdin.write("^" + line + "\n")  # "^": never read the line as a command
        proc.stdin.flush()
        fixes = []
        while True:
            answer = proc.stdout.readline()
            if answer in ("\n", ""):
                return fixes
            if answer.startswith("&"):  # & word count offset: sugg1, sugg2, ...
                head, _, suggs = answer.rstrip("\n").partition(": ")
                _, word, _count, offset = head.split(" ")
                start = int(offset) - 1  # offsets count the "^"
                if line[start : start + len(word)] != word:
                    found = line.find(word)
                    if found < 0:
                        continue
                    start = found
                first = suggs.split(", ")[0]
                if first and first != word:
                    fixes.append((start, start + len(word), first))

    def fix(text: str) -> tuple[str, bool]:
        out = []
        for line in text.split("\n"):
            out.append(apply_replacements(line, check_line(line)) if line.strip() else line)
        result = "\n".join(out)
        return result, result != text

    def close() -> None:
        proc.stdin.close()
        proc.wait(timeout=10)

    version = banner.split("but really ")[-1].strip(")\n ") or "hunspell"
    return Peer(
        "hunspell",
        f"{version}, {debian_version('hunspell-fr')} ({HUNSPELL_DICT})",
        fix,
        f"`hunspell -d {HUNSPELL_DICT} -a` (pipe mode) line by line: each misspelled word with "
        "suggestions (`&`) is replaced by the first suggestion",
        close,
    )


GRAMMALECTE_WORKER = r"""
import json, sys, time
import grammalecte
checker = grammalecte.GrammarChecker("fr")
gce = checker.getGCEngine()
OFF = set(json.loads(sys.argv[1]))
options = {k: (v and k not in OFF) for k, v in gce.getDefaultOptions().items()}
gce.setOptions(options)
sys.stdout.write(json.dumps({"ready": True}) + "\n")
sys.stdout.flush()
for request in sys.stdin:
    text = json.loads(request)
    out_lines = []
    for line in text.split("\n"):
        fixes = []
        if line.strip():
            grammar, spelling = checker.getParagraphErrors(line, dOptions=options, bSpellSugg=True)
            for err in list(grammar) + list(spelling):
                sugg = [s for s in err.get("aSuggestions") or [] if s]
                if sugg:
                    fixes.append((err["nStart"], err["nEnd"], sugg[0]))
        pos, parts = 0, []
        for start, end, repl in sorted(fixes, key=lambda f: (f[0], -(f[1] - f[0]))):
            if start < pos or end > len(line) or start > end:
                continue
            parts.append(line[pos:start]); parts.append(repl); pos = end
        parts.append(line[pos:])
        out_lines.append("".join(parts))
    sys.stdout.write(json.dumps("\n".join(out_lines), ensure_ascii=False) + "\n")
    sys.stdout.flush()
"""


def peer_grammalecte() -> Peer:
    if not Path(GRAMMALECTE_PYTHON).exists():
        raise Unavailable(
            f"{GRAMMALECTE_PYTHON} is missing (Debian's python3-grammalecte needs it)"
        )
    probe = subprocess.run(
        [GRAMMALECTE_PYTHON, "-c", "import grammalecte"],
        check=False,
        capture_output=True,
        text=True,
    )
    if probe.returncode:
        raise Unavailable(
            "`import grammalecte` fails for /usr/bin/python3 "
            "(`apt-get install python3-grammalecte`): " + probe.stderr.strip().splitlines()[-1]
        )
    proc = _line_worker([GRAMMALECTE_PYTHON, "-c", GRAMMALECTE_WORKER, json.dumps(GRAMMALECTE_OFF)])
    ready = proc.stdout.readline()
    if not ready:
        raise Unavailable("the Grammalecte worker did not start")

    def fix(text: str) -> tuple[str, bool]:
        proc.stdin.write(json.dumps(text, ensure_ascii=False) + "\n")
        proc.stdin.flush()
        out = json.loads(proc.stdout.readline())
        return out, out != text

    def close() -> None:
        proc.stdin.close()
        proc.wait(timeout=10)

    return Peer(
        "grammalecte",
        debian_version("python3-grammalecte"),
        fix,
        "`grammalecte.GrammarChecker('fr').getParagraphErrors(line, bSpellSugg=True)` line by "
        "line (system python3, one worker process): every grammar and spelling error that "
        "comes with suggestions is replaced by its first suggestion (overlaps: the first one "
        "wins); default options except the typographic ones (" + ", ".join(GRAMMALECTE_OFF) + ")",
        close,
    )


def debian_version(package: str) -> str:
    try:
        v = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            check=False,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        v = ""
    return f"Debian {package} {v}" if v else package


PEER_FACTORIES: dict[str, Callable[[], Peer]] = {
    "identity": peer_identity,
    "pyspellchecker": peer_pyspellchecker,
    "symspellpy": peer_symspellpy,
    "hunspell": peer_hunspell,
    "grammalecte": peer_grammalecte,
    "frtextfix": peer_frtextfix,
}


# --------------------------------------------------------------------------- measures


@dataclass
class Doc:
    corpus: str
    truth: str
    spun: str
    changed: bool  # the spinner changed the document (a positive for detection)


@dataclass
class Scores:
    name: str
    n_docs: int
    before: int = 0  # token errors of spun text
    after: int = 0  # token errors left after the tool
    clean_tokens: int = 0
    clean_changed: int = 0  # tokens changed in clean text
    clean_docs_edited: int = 0
    tp: int = 0
    fp: int = 0
    positives: int = 0
    negatives: int = 0
    words: int = 0
    seconds: float = 0.0
    seed_restored: int = 0  # damaged tokens of the seed page right in the output
    seed_damaged: int = 0  # damaged tokens of the seed page (27)
    seed_broken: int = 0  # sound tokens of the seed page wrong in the output
    seed_clean_untouched: bool = False
    errors: int = 0
    per_doc_after: list[int] = field(default_factory=list)  # to compare on a prefix

    @property
    def reduction(self) -> float | None:
        return 1 - self.after / self.before if self.before else None

    @property
    def false_edit_rate(self) -> float | None:
        return self.clean_changed / self.clean_tokens if self.clean_tokens else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.positives if self.positives else None


def off_positions(gold: list[str], other: list[str]) -> set[int]:
    """Positions of ``gold`` tokens that ``other`` does not reproduce (difflib alignment)."""
    sm = difflib.SequenceMatcher(a=gold, b=other, autojunk=False)
    return {i for op, i1, i2, _, _ in sm.get_opcodes() if op != "equal" for i in range(i1, i2)}


def build_docs(split: str, n: int, seed: int) -> list[Doc]:
    rng = random.Random(seed)
    docs = []
    for corpus, text in sample_documents(split, n, rng):
        spun = spin(text, seed=rng.randrange(2**32))
        docs.append(Doc(corpus, text, spun.text, spun.changed))
    return docs


def timed(peer: Peer, text: str, scores: Scores) -> tuple[str, bool, float]:
    start = time.perf_counter()
    try:
        out, flag = peer.fix(text)
    except Exception as exc:  # noqa: BLE001 - a peer that fails on a text: count it, go on
        print(f"{peer.name} failed on a text: {type(exc).__name__}: {exc}", file=sys.stderr)
        scores.errors += 1
        out, flag = text, False
    return out, flag, time.perf_counter() - start


def measure(peer: Peer, docs: Sequence[Doc], seed_damaged: str, seed_gold: str) -> Scores:
    scores = Scores(peer.name, len(docs))
    for doc in docs:
        truth = tokens(doc.truth)
        # spun
        out, flag, secs = timed(peer, doc.spun, scores)
        scores.seconds += secs
        scores.words += n_words(doc.spun)
        before = distance(truth, tokens(doc.spun))
        after = distance(truth, tokens(out))
        scores.before += before
        scores.after += after
        scores.per_doc_after.append(after)
        if doc.changed:
            scores.positives += 1
            scores.tp += flag
        # clean
        out, flag, secs = timed(peer, doc.truth, scores)
        scores.seconds += secs
        scores.words += n_words(doc.truth)
        scores.clean_tokens += len(truth)
        changed = distance(truth, tokens(out))
        scores.clean_changed += changed
        scores.clean_docs_edited += out != doc.truth
        scores.negatives += 1
        scores.fp += flag
    out, _, _ = timed(peer, seed_damaged, scores)
    gold = tokens(seed_gold)
    damaged = off_positions(gold, tokens(seed_damaged))
    wrong = off_positions(gold, tokens(out))
    scores.seed_damaged = len(damaged)
    scores.seed_restored = len(damaged - wrong)
    scores.seed_broken = len(wrong - damaged)
    scores.seed_clean_untouched = out.startswith(seed_damaged.split(SEED_CLEAN_END)[0])
    return scores


# --------------------------------------------------------------------------- report


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def table(results: list[Scores], docs: Sequence[Doc], frtextfix_scores: Scores | None) -> str:
    lines = [
        (
            "| tool | documents (spun + clean) | error reduction | false edits on clean text "
            "| clean docs changed | detection precision | detection recall "
            "| seed page: damaged tokens restored | seed: first article unchanged | words / s |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: |",
    ]
    notes = []
    for s in results:
        n = f"{s.n_docs} + {s.n_docs}"
        if s.n_docs < len(docs):
            n += " *"
            if frtextfix_scores is not None and s.name != "frtextfix":
                before = sum(distance(tokens(d.truth), tokens(d.spun)) for d in docs[: s.n_docs])
                after = sum(frtextfix_scores.per_doc_after[: s.n_docs])
                red = 1 - after / before if before else None
                notes.append(
                    f"\\* {s.name} ran on the first {s.n_docs} of the {len(docs)} documents "
                    f"(it is slow); on those same documents frtextfix's error reduction is "
                    f"{pct(red)}."
                )
        wps = f"{s.words / s.seconds:,.0f}" if s.seconds and s.name != "identity" else "–"
        broken = f" (+{s.seed_broken} broken)" if s.seed_broken else ""
        lines.append(
            f"| {s.name} | {n} | {pct(s.reduction)} | {pct(s.false_edit_rate)} "
            f"| {s.clean_docs_edited} / {s.n_docs} | {pct(s.precision)} | {pct(s.recall)} "
            f"| {s.seed_restored} / {s.seed_damaged}{broken} "
            f"| {'yes' if s.seed_clean_untouched else 'no'} | {wps} |"
        )
        if s.errors:
            notes.append(f"{s.name} raised on {s.errors} texts (counted as unchanged).")
    return "\n".join(lines) + ("\n\n" + "\n\n".join(notes) if notes else "") + "\n"


def plot(results: list[Scores], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [s.name for s in results]
    red = [100 * (s.reduction or 0.0) for s in results]
    fer = [100 * (s.false_edit_rate or 0.0) for s in results]
    x = range(len(names))
    w = 0.38
    fig, ax = plt.subplots(figsize=(9, 4.5))
    b1 = ax.bar(
        [i - w / 2 for i in x], red, w, label="error reduction on spun text (higher is better)"
    )
    b2 = ax.bar([i + w / 2 for i in x], fer, w, label="false edits on clean text (lower is better)")
    ax.bar_label(b1, fmt="%.1f", fontsize=8)
    ax.bar_label(b2, fmt="%.1f", fontsize=8)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(list(x), names)
    ax.set_ylabel("% of tokens")
    ax.set_title("frtextfix and the tools people use today, on French text spun at random")
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.platform()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )


DOCS_HEADER = """# frtextfix next to the tools people use today

The same French documents, spun at random by `frtextfix.spinner` (rules drawn from the
thesaurus, a fresh draw per document) and also left clean, go through each tool. Spell
checkers and grammar checkers are what people reach for when text "looks wrong"; this page
shows what each does to spinner damage and to clean text. Regenerate it with the command
below (`benchmarks/install_peers.sh` installs the peers first; it is not run by CI).

"""

FIGURES = """What the columns mean (tokens: `\\w+` runs and single punctuation marks,
lower-cased; the distance between two texts is the token edit distance over `difflib` opcodes, as in
[benchmarks.md](benchmarks.md)):

- **error reduction** = 1 − distance(truth, output) / distance(truth, spun), summed over the
  spun documents: 100 % repairs everything, 0 % does nothing, negative breaks more than it
  fixes;
- **false edits on clean text**: tokens changed in the clean documents over their tokens,
  and how many clean documents were changed at all;
- **detection**: a peer flags a document when it changes it, frtextfix when it reports a
  rule; positives are the documents the spinner changed, negatives the clean ones;
- **seed page**: `fixtures/seed-damaged.txt` against `fixtures/seed-gold.txt`: of the 27
  damaged tokens, how many the output has right (gold and output aligned by `difflib`), in
  brackets the sound tokens it made wrong, and whether the first article (clean, before
  `Les plus récents`) comes out unchanged;
- **words / s**: words of the spun and clean documents over the time spent in the tool
  (models loaded beforehand; for hunspell and Grammalecte it includes the exchange with the
  process that runs them).
"""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--n-docs", type=int, default=200, help="documents, spun and clean (default 200)"
    )
    ap.add_argument("--seed", type=int, default=0, help="sampling and spinning seed (default 0)")
    ap.add_argument(
        "--split", choices=("test", "tune"), default="test", help="held-out split (default test)"
    )
    ap.add_argument(
        "--peers",
        default=",".join(PEER_FACTORIES),
        help="comma-separated tools to run (default: all): " + ", ".join(PEER_FACTORIES),
    )
    ap.add_argument(
        "--peer-docs",
        action="append",
        default=[],
        metavar="NAME=N",
        help="run peer NAME on the first N documents only (default: "
        + ", ".join(f"{k}={v}" for k, v in DEFAULT_PEER_DOCS.items())
        + "); NAME=all for every document",
    )
    ap.add_argument(
        "--write-docs", action="store_true", help="also write docs/peers.md and docs/img/peers.png"
    )
    args = ap.parse_args(argv)

    caps: dict[str, int | None] = dict(DEFAULT_PEER_DOCS)
    for item in args.peer_docs:
        name, _, n = item.partition("=")
        caps[name] = None if n == "all" else int(n)

    started = time.perf_counter()
    docs = build_docs(args.split, args.n_docs, args.seed)
    seed_damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    seed_gold = SEED_GOLD.read_text(encoding="utf-8")
    frtextfix.repair(seed_damaged)  # load every model before timing

    results: list[Scores] = []
    unavailable: dict[str, str] = {}
    peers_used: list[Peer] = []
    for name in [p.strip() for p in args.peers.split(",") if p.strip()]:
        if name not in PEER_FACTORIES:
            ap.error(f"unknown peer {name!r}")
        try:
            peer = PEER_FACTORIES[name]()
        except Unavailable as exc:
            unavailable[name] = str(exc)
            print(f"{name}: not available: {exc}", file=sys.stderr)
            continue
        cap = caps.get(name)
        subset = docs[:cap] if cap else docs
        t0 = time.perf_counter()
        try:
            scores = measure(peer, subset, seed_damaged, seed_gold)
        finally:
            peer.close()
        print(
            f"{name}: {len(subset)} documents in {time.perf_counter() - t0:.0f} s", file=sys.stderr
        )
        results.append(scores)
        peers_used.append(peer)

    ours = next((s for s in results if s.name == "frtextfix"), None)
    text = table(results, docs, ours)
    elapsed = time.perf_counter() - started
    command = (
        f"python benchmarks/compare_peers.py --n-docs {args.n_docs} --seed {args.seed} "
        f"--split {args.split}" + "".join(f" --peer-docs {item}" for item in args.peer_docs)
    )
    print(text)
    if args.write_docs:
        img = ROOT / "docs" / "img" / "peers.png"
        plot(results, img)
        by_corpus: dict[str, int] = {}
        for d in docs:
            by_corpus[d.corpus] = by_corpus.get(d.corpus, 0) + 1
        out = [
            DOCS_HEADER.rstrip("\n"),
            "",
            "## Results",
            "",
            f"- Command: `{command}`",
            f"- Date: {dt.date.today().isoformat()}; total running time {elapsed:.0f} s",
            f"- Machine: {machine()}",
            (
                f"- Documents: {len(docs)} from the `{args.split}` split of `scripts/corpora.py` ("
                + ", ".join(f"{k} {v}" for k, v in by_corpus.items())
                + f"), seed {args.seed}; {sum(d.changed for d in docs)} changed by the spinner"
            ),
            "",
            text.rstrip("\n"),
            "",
            "![error reduction and false edits per tool](img/peers.png)",
            "",
            FIGURES.rstrip("\n"),
            "",
            "## Tools and how each is applied",
            "",
            "| tool | version | applied as |",
            "| --- | --- | --- |",
        ]
        out += [f"| {p.name} | {p.version} | {p.how} |" for p in peers_used]
        out += ["", "## Peers that could not be installed or run", ""]
        if unavailable:
            out += [f"- **{k}**: {v}" for k, v in unavailable.items()]
        else:
            out.append("- none: every peer listed above was installed and ran.")
        out += ["", "Considered and not used:", ""]
        out += [f"- {k}: {v}" for k, v in NOT_USED.items()]
        page = ROOT / "docs" / "peers.md"
        page.write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"wrote {page} and {img}", file=sys.stderr)
    return 0


# Peers considered and not used, with the reason (shown on docs/peers.md).
NOT_USED: dict[str, str] = {
    "spylls (pure-Python Hunspell)": "installs from PyPI, but not used: the `hunspell` program "
    "itself, with the same Debian dictionary, is measured instead",
    "a French dictionary for symspellpy": "no PyPI package ships one (symspellpy ships English "
    "only), so it is built from wordfreq as described above",
}


if __name__ == "__main__":
    sys.exit(main())
