"""Command line: ``frtextfix {repair,score,detect,evaluate} [FILE|-]``.

Text input (a file or standard input) is read whole, because the spinner's rules hold per
article and a text file is one document. JSONL input (``--jsonl``) is streamed record by
record. Input is read as strict UTF-8; output is written as UTF-8.

Files whose name ends in ``.gz`` or ``.zst`` are read and written compressed (``.zst`` needs
the ``zstandard`` package: ``pip install 'frtextfix[zstd]'``). ``--workers N`` spreads JSONL
records over N processes and keeps their order.

Exit codes: 0 OK, 1 usage or data error (bad options, JSONL records skipped), 2 I/O or
decoding error (missing file, unreadable or non-UTF-8 input, unwritable output), 130 when
interrupted (Ctrl-C), 143 when terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import sys
import tempfile
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .config import RepairConfig
    from .repairer import Repairer
    from .types import Edit, RepairResult

EXIT_OK = 0
EXIT_DATA = 1
EXIT_IO = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM

COMMANDS = ("repair", "score", "detect", "evaluate")

_EPILOG = """\
exit codes: 0 OK, 1 usage or data error (JSONL records skipped), 2 I/O or decoding error,
130 interrupted. Input is read as UTF-8 (strictly). With no FILE, or FILE '-', standard input
is read. FILE or OUT ending in .gz or .zst is read or written compressed.
Docs: docs/cli.md"""

# JSONL records per task sent to a worker process: large enough that inter-process traffic is
# small next to the work, small enough that the workers stay evenly busy.
CHUNK_RECORDS = 64


class _UsageError(Exception):
    """Bad command line: reported in one line, exit code 1."""


class _InputOutputError(Exception):
    """I/O or decoding error: reported in one line, exit code 2."""


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that the temporary output file is removed."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors become a one-line message and exit code 1 (not 2)."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}. Run '{self.prog} --help' for the options.")


def _confidence(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number; give one between 0 and 1"
        ) from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is out of range; give a number between 0 and 1")
    return x


def _workers(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a whole number; give 1 or more, or 0 for one per CPU"
        ) from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{n} is negative; give 1 or more, or 0 for one per CPU")
    return n


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for docs and tests)."""
    parser = _Parser(
        prog="frtextfix",
        description=(
            "Repair French text damaged by content spinners, score its sentences, or list the "
            "substitution rules found. 'frtextfix FILE' is short for 'frtextfix repair FILE'."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"frtextfix {__version__}")

    common = _Parser(add_help=False)  # every command
    common.add_argument(
        "input",
        nargs="?",
        default="-",
        metavar="FILE",
        help="UTF-8 text or JSONL file; '-' or nothing reads standard input",
    )
    common.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here instead of standard output (never the input file)",
    )
    common.add_argument(
        "--jsonl",
        action="store_true",
        help="input is JSON lines; process one field of each record, keep the other keys",
    )
    common.add_argument(
        "--field",
        metavar="NAME",
        help="with --jsonl: the field holding the text (default: text)",
    )
    common.add_argument(
        "--min-confidence",
        type=_confidence,
        metavar="X",
        help="make an edit only when its confidence reaches X (0-1, library default 0.5)",
    )
    common.add_argument(
        "--min-rule-confidence",
        type=_confidence,
        metavar="X",
        help="use and report a rule only when its confidence reaches X (0-1, default 0.5)",
    )
    common.add_argument(
        "--report-rule-confidence",
        type=_confidence,
        metavar="X",
        help="also report the rules too weak to use whose confidence reaches X (0-1; they "
        "make no edit, and count a text as damaged: for flagging documents)",
    )
    common.add_argument(
        "--no-screen",
        action="store_true",
        help="analyse every text, even one with no trace of damage (finds a little more, "
        "about twice as slow on clean text)",
    )
    stream = _Parser(add_help=False)  # the commands that process a corpus record by record
    stream.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="with --jsonl: process records in N processes, keeping their order "
        "(default 1; 0 = one per CPU); text input is one document and ignores it",
    )
    stream.add_argument(
        "--pool-by",
        metavar="KEY",
        default=None,
        help="with repair --jsonl: repair consecutive records with the same value of KEY "
        "(a site, a source) together, pooling the evidence for their rules; sort the input "
        f"by KEY first (pools are cut every {CHUNK_RECORDS} records)",
    )
    stream.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="with --jsonl: no progress line and no summary on standard error",
    )

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser(
        "repair",
        parents=[common, stream],
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="print the repaired text (or JSONL with the field repaired)",
        description="Print the repaired text (with --jsonl: each record, its field repaired).",
    )
    p.add_argument(
        "--details",
        action="store_true",
        help="with --jsonl: add a key 'frtextfix' with the edits, rules and sentence scores",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="print one line per edit on standard error: offset, rule, before→after, confidence",
    )
    sub.add_parser(
        "score",
        parents=[common, stream],
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="print 'confidence<TAB>sentence' for each sentence of the input",
        description=(
            "Score each sentence of the input (not repaired): the probability that it is sound "
            "French free of substitution damage. With --jsonl, add 'frtextfix_score' (per "
            "sentence) and 'frtextfix_confidence' (the least) to each record."
        ),
    )
    sub.add_parser(
        "detect",
        parents=[common, stream],
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="list the substitution rules found, without repairing",
        description=(
            "List the substitution rules found in the input, one per line: "
            "id, original→replacement, scope, [start:end], confidence. "
            "With --jsonl, add 'frtextfix_rules' to each record."
        ),
    )
    p = sub.add_parser(
        "evaluate",
        parents=[common],
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="measure frtextfix on your clean text: spin it at random, repair, compare",
        description=(
            "Measure frtextfix on clean French text of your own: each document is spun at "
            "random (frtextfix.spinner), then repaired, and repaired clean too; print the "
            "damage undone, the clean text changed and the detection precision and recall, "
            "each with a 95 % interval. Documents are the records of --jsonl input, or the "
            "blocks of a text file separated by blank lines. See docs/evaluate.md."
        ),
    )
    p.add_argument("--seed", type=int, default=0, metavar="N",
                   help="seed of the random spins (default 0): the same seed, the same damage")
    p.add_argument("--articles", type=_positive, default=1, metavar="K",
                   help="join K consecutive documents into one text, each spun its own way "
                   "(default 1)")
    p.add_argument("--limit", type=_positive, default=None, metavar="N",
                   help="measure the first N documents only")
    p.add_argument("--workers", type=_workers, default=1, metavar="N",
                   help="repair in N processes (default 1; 0 = one per CPU); the same figures, "
                   "wall-clock times")
    p.add_argument("--json", action="store_true",
                   help="print the figures as one JSON object instead of a summary")
    return parser


# --------------------------------------------------------------------------- I/O helpers


def _describe(path: str) -> str:
    return "standard input" if path == "-" else repr(path)


def _os_error(path: str, exc: OSError, reading: bool) -> _InputOutputError:
    what = "read" if reading else "write"
    if isinstance(exc, FileNotFoundError):
        if reading:
            return _InputOutputError(
                f"cannot read {path!r}: no such file. "
                "Check the path, or use '-' for standard input."
            )
        return _InputOutputError(
            f"cannot write {path!r}: its folder does not exist. Create it first."
        )
    if isinstance(exc, IsADirectoryError):
        return _InputOutputError(f"cannot {what} {path!r}: it is a directory. Give a file.")
    if isinstance(exc, PermissionError):
        return _InputOutputError(
            f"cannot {what} {path!r}: permission denied. Check the file's permissions."
        )
    return _InputOutputError(f"cannot {what} {path!r}: {exc.strerror or exc}.")


def _decode_error(source: str, exc: UnicodeDecodeError, offset: int = 0) -> str:
    bad = exc.object[exc.start : exc.start + 1].hex()
    return (
        f"{source} is not valid UTF-8 (byte 0x{bad} at offset {offset + exc.start}). "
        "Convert it first, e.g. 'iconv -f latin1 -t utf-8', or fix it with ftfy."
    )


def _compression(path: str | None) -> str | None:
    """'gzip' or 'zstd' from the file name, or None."""
    if not path or path == "-":
        return None
    name = path.lower()
    if name.endswith(".gz"):
        return "gzip"
    if name.endswith(".zst"):
        return "zstd"
    return None


def _zstandard(path: str) -> Any:
    try:
        import zstandard
    except ImportError:
        raise _UsageError(
            f"frtextfix: {path!r} is zstd-compressed (.zst), which needs the zstandard package: "
            "pip install 'frtextfix[zstd]' (or decompress it first with 'zstd -d')."
        ) from None
    return zstandard


def _read_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean 'this input cannot be read' (corrupt or truncated archives too)."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError)
    zstandard = sys.modules.get("zstandard")
    if zstandard is not None:
        errors += (zstandard.ZstdError,)
    return errors


def _read_error(path: str, exc: BaseException) -> _InputOutputError:
    kind = _compression(path)
    if isinstance(exc, OSError) and (exc.errno is not None or kind is None):
        return _os_error(path, exc, reading=True)
    return _InputOutputError(
        f"cannot read {path!r}: it is not a valid {kind} file, or it is truncated ({exc}). "
        "Check that the file is complete, or rename it if its extension is wrong."
    )


def _open_input(path: str) -> IO[bytes]:
    if path == "-":
        if sys.stdin is None:
            raise _InputOutputError("no standard input to read. Give a FILE.")
        if sys.stdin.isatty():
            print("frtextfix: reading standard input (end with Ctrl-D)", file=sys.stderr)
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text stream without bytes underneath (e.g. in tests)
            return io.BytesIO(sys.stdin.read().encode("utf-8"))
        return buffer  # type: ignore[no-any-return]
    compression = _compression(path)
    zstandard = _zstandard(path) if compression == "zstd" else None
    try:
        raw = Path(path).open("rb")  # noqa: SIM115 (closed by the caller)
    except OSError as exc:
        raise _os_error(path, exc, reading=True) from None
    if compression == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if zstandard is not None:
        reader = zstandard.ZstdDecompressor().stream_reader(
            raw, read_across_frames=True, closefd=True
        )
        return io.BufferedReader(reader, 1 << 16)
    return raw


def _close_input(f: IO[bytes]) -> None:
    if f is getattr(sys.stdin, "buffer", None):
        return
    raw = getattr(f, "fileobj", None)  # GzipFile does not close a file object it was given
    try:
        f.close()
        if raw is not None:
            raw.close()
    except _read_errors():
        pass


def _read_text(path: str) -> str:
    f = _open_input(path)
    try:
        data = f.read()
    except _read_errors() as exc:
        raise _read_error(path, exc) from None
    finally:
        _close_input(f)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _InputOutputError(_decode_error(_describe(path), exc)) from None


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).samefile(b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


class _Output:
    """Standard output, or a file written through a temporary file and renamed at the end
    (so a failed or interrupted run never leaves a half-written OUT, and an existing OUT
    survives errors). OUT ending in ``.gz`` or ``.zst`` is written compressed."""

    _BUFFER = 1 << 16

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._target = Path()
        self._tmp: Path | None = None
        self._raw: IO[bytes] | None = None  # the file under a compressor
        self.stream: IO[bytes] | None = None
        self._text: IO[str] | None = None
        self._pending: list[bytes] = []
        self._pending_size = 0
        if path is None or path == "-":
            self.path = None
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:
                self._text = sys.stdout
            else:
                sys.stdout.flush()
                self.stream = buffer
            return
        compression = _compression(path)
        zstandard = _zstandard(path) if compression == "zstd" else None
        target = Path(path)
        if target.is_dir():
            raise _os_error(path, IsADirectoryError(), reading=False)
        if target.exists() and not target.is_file():
            # A device or a FIFO (-o /dev/null): write to it directly, never replace it.
            try:
                self.stream = target.open("wb")  # closed in commit/discard
            except OSError as exc:
                raise _os_error(path, exc, reading=False) from None
            self._compress(compression, zstandard, target.name)
            return
        self._target = target.resolve()  # through symlinks: replace the file, keep the link
        folder = self._target.parent
        if not folder.is_dir():
            raise _os_error(path, FileNotFoundError(), reading=False)
        try:
            fd, tmp = tempfile.mkstemp(prefix=".frtextfix-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise _os_error(path, exc, reading=False) from None
        self._tmp = Path(tmp)
        self.stream = os.fdopen(fd, "wb")
        self._compress(compression, zstandard, self._target.name)

    def _compress(self, compression: str | None, zstandard: Any, name: str) -> None:
        if compression is None:
            return
        self._raw = self.stream
        if compression == "gzip":
            import gzip

            # The name stored in the header is OUT's, not the temporary file's; mtime 0 makes
            # the output reproducible.
            self.stream = gzip.GzipFile(  # type: ignore[assignment]
                filename=name.removesuffix(".gz"), mode="wb", fileobj=self._raw, mtime=0
            )
        else:
            self.stream = zstandard.ZstdCompressor(level=3).stream_writer(self._raw, closefd=False)

    @property
    def is_tty(self) -> bool:
        return self.path is None and sys.stdout.isatty()

    def write(self, s: str) -> None:
        if self._text is not None:
            self._text.write(s)
            return
        data = s.encode("utf-8")
        if self._raw is not None:  # a compressor: feed it large blocks, not single lines
            self._pending.append(data)
            self._pending_size += len(data)
            if self._pending_size >= self._BUFFER:
                self._flush_pending()
            return
        assert self.stream is not None
        try:
            self.stream.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _os_error(self.path or "standard output", exc, reading=False) from None

    def _flush_pending(self) -> None:
        assert self.stream is not None
        data = b"".join(self._pending)
        self._pending.clear()
        self._pending_size = 0
        try:
            self.stream.write(data)
        except OSError as exc:
            raise _os_error(self.path or "standard output", exc, reading=False) from None

    def commit(self) -> None:
        if self._text is not None:
            self._text.flush()
            return
        assert self.stream is not None
        try:
            if self._raw is not None:
                self._flush_pending()
                self.stream.close()  # writes the end of the compressed stream
                self.stream = self._raw
                self._raw = None
            self.stream.flush()
            if self.path is not None:
                self.stream.close()
            if self._tmp is not None:
                if self._target.exists():
                    mode = self._target.stat().st_mode & 0o7777
                else:
                    umask = os.umask(0)
                    os.umask(umask)
                    mode = 0o666 & ~umask
                self._tmp.chmod(mode)
                self._tmp.replace(self._target)
                self._tmp = None
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _os_error(self.path or "standard output", exc, reading=False) from None

    def discard(self) -> None:
        if self.path is not None:
            f = self._raw if self._raw is not None else self.stream  # the file, not a compressor
            if f is not None:
                try:
                    f.close()
                except (OSError, ValueError):
                    pass
        if self._tmp is not None:
            try:
                self._tmp.unlink()
            except OSError:
                pass
            self._tmp = None


def _json_line(record: object) -> str:
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\udXXX" escapes: keep them escaped
        line = json.dumps(record, ensure_ascii=True)
    return line + "\n"


def _one_line(s: str) -> str:
    return s.replace("\r", " ").replace("\n", " ")


# --------------------------------------------------------------------------- commands


def _text_mode(args: argparse.Namespace, repairer: Repairer, out: _Output) -> int:
    text = _read_text(args.input)
    if args.command == "repair":
        result = repairer.repair(text)
        out.write(result.text)
        if out.is_tty and result.text and not result.text.endswith("\n"):
            out.write("\n")
        if args.explain:
            _explain(result.edits, prefix="")
            if not result.edits:
                print("frtextfix: no edit made", file=sys.stderr)
    elif args.command == "score":
        for s in repairer.score(text):
            out.write(f"{s.confidence:.3f}\t{_one_line(s.text)}\n")
    else:
        for r in repairer.detect(text):
            via = r.evidence.get("via")
            out.write(
                f"{r.id}  {r.original}→{r.replacement}  {r.scope}  "
                f"[{r.start}:{r.end}]  {r.confidence:.3f}{'' if r.used else '  (not used)'}"
                f"{f'  (via {via})' if via else ''}\n"
            )
    return EXIT_OK


def _explain_lines(edits: Iterable[Edit], prefix: str) -> Iterator[str]:
    for e in edits:
        msg = f"  {_one_line(e.message)}" if e.message else ""
        yield (
            f"{prefix}{e.start}  {e.rule}  {_one_line(e.before)}→{_one_line(e.after)}  "
            f"{e.confidence:.2f}{msg}"
        )


def _explain(edits: Iterable[Edit], prefix: str) -> None:
    for line in _explain_lines(edits, prefix):
        print(line, file=sys.stderr)


class _Job(NamedTuple):
    """What each JSONL record gets done to it (sent once to every worker process)."""

    command: str
    field: str
    details: bool
    explain: bool
    pool_by: str | None = None


class _Outcome(NamedTuple):
    """One input line after processing: a record to write, a skipped one, or a blank line."""

    lineno: int
    line: str | None  # the JSON line to write
    skip: str | None  # why the record was skipped
    code: int  # the exit code a skip implies
    explain: tuple[str, ...] = ()
    words: int = 0
    damaged: bool = False
    rules: int = 0
    edits: int = 0


_BLANK = "blank"  # Outcome.skip of a blank line: not a record, nothing said


def _process_line(repairer: Repairer, job: _Job, lineno: int, offset: int, raw: bytes) -> _Outcome:
    parsed = _parse_line(job, lineno, offset, raw)
    if isinstance(parsed, _Outcome):
        return parsed
    record, text = parsed
    return _finish(repairer, job, lineno, record, text)


def _process_chunk(
    repairer: Repairer, job: _Job, chunk: list[tuple[int, int, bytes]]
) -> list[_Outcome]:
    """The chunk's outcomes in order; with ``--pool-by``, consecutive records of one source
    are repaired together."""
    if not job.pool_by or job.command != "repair":
        return [_process_line(repairer, job, *item) for item in chunk]
    parsed = [(item[0], _parse_line(job, *item)) for item in chunk]
    outcomes: dict[int, _Outcome] = {}
    group: list[tuple[int, dict[str, Any], str]] = []

    def flush() -> None:
        if not group:
            return
        results = repairer.repair_pooled([text for _, _, text in group])
        for (lineno, record, text), result in zip(group, results):
            outcomes[lineno] = _finish(repairer, job, lineno, record, text, result)
        group.clear()

    for lineno, p in parsed:
        if isinstance(p, _Outcome):
            outcomes[lineno] = p
            continue
        record, text = p
        key = record.get(job.pool_by)
        if group and group[-1][1].get(job.pool_by) != key:
            flush()
        group.append((lineno, record, text))
    flush()
    return [outcomes[lineno] for lineno, _ in parsed]


def _parse_line(
    job: _Job, lineno: int, offset: int, raw: bytes
) -> _Outcome | tuple[dict[str, Any], str]:
    """The record and its text, or the outcome of a line that is not a usable record."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _Outcome(lineno, None, _decode_error("the line", exc, offset).rstrip("."), EXIT_IO)
    if lineno == 1:
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return _Outcome(lineno, None, _BLANK, EXIT_OK)
    try:
        record = json.loads(line)
    except ValueError as exc:
        return _Outcome(lineno, None, f"not valid JSON ({exc})", EXIT_DATA)
    if not isinstance(record, dict):
        return _Outcome(lineno, None, f"a JSON {type(record).__name__}, not an object", EXIT_DATA)
    field = job.field
    if field not in record:
        keys = ", ".join(list(record)[:8]) or "none"
        why = f"no field {field!r} (keys: {keys}); choose one with --field NAME"
        return _Outcome(lineno, None, why, EXIT_DATA)
    text = record[field]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        return _Outcome(lineno, None, f"field {field!r} is {kind}, not a string", EXIT_DATA)
    return record, text


def _finish(
    repairer: Repairer,
    job: _Job,
    lineno: int,
    record: dict[str, Any],
    text: str,
    result: RepairResult | None = None,
) -> _Outcome:
    field = job.field
    words = len(text.split())
    explain: tuple[str, ...] = ()
    n_rules = n_edits = 0
    if job.command == "repair":
        if result is None:
            result = repairer.repair(text)
        record[field] = result.text
        if job.details:
            details = result.to_dict()
            details.pop("text", None)
            record["frtextfix"] = details
        if job.explain:
            explain = tuple(_explain_lines(result.edits, prefix=f"line {lineno}: "))
        n_rules, n_edits = len(result.rules), len(result.edits)
        damaged = n_rules > 0
    elif job.command == "score":
        sentences = repairer.score(text)
        record["frtextfix_score"] = [
            {"start": s.start, "end": s.end, "confidence": s.confidence} for s in sentences
        ]
        least = min((s.confidence for s in sentences), default=1.0)
        record["frtextfix_confidence"] = least
        damaged = least < 0.5
    else:
        rules = repairer.detect(text)
        record["frtextfix_rules"] = [r.to_dict() for r in rules]
        n_rules = len(rules)
        damaged = n_rules > 0
    return _Outcome(
        lineno, _json_line(record), None, EXIT_OK, explain, words, damaged, n_rules, n_edits
    )


def _chunks(f: IO[bytes], size: int) -> Iterator[list[tuple[int, int, bytes]]]:
    """(line number, byte offset, raw line) in lists of ``size`` lines."""
    chunk: list[tuple[int, int, bytes]] = []
    offset = 0
    for lineno, raw in enumerate(f, 1):
        chunk.append((lineno, offset, raw))
        offset += len(raw)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ----- worker processes: each builds its Repairer once, in the initializer

_WORKER: tuple[Repairer, _Job] | None = None


def _worker_init(config: RepairConfig, job: _Job) -> None:
    global _WORKER
    from .repairer import Repairer

    _WORKER = (Repairer(config), job)


def _worker_chunk(chunk: list[tuple[int, int, bytes]]) -> list[_Outcome]:
    assert _WORKER is not None, "_worker_init was not run"
    repairer, job = _WORKER
    return _process_chunk(repairer, job, chunk)


def _in_process(
    repairer: Repairer, job: _Job, chunks: Iterable[list[tuple[int, int, bytes]]]
) -> Generator[list[_Outcome], None, None]:
    for chunk in chunks:
        yield _process_chunk(repairer, job, chunk)


def _in_pool(
    config: RepairConfig, job: _Job, chunks: Iterable[list[tuple[int, int, bytes]]], workers: int
) -> Generator[list[_Outcome], None, None]:
    """The chunks' outcomes, in input order, computed by ``workers`` processes. At most a few
    chunks per worker are in flight, so memory stays bounded whatever the input size."""
    from .parallel import ordered_map

    return ordered_map(_worker_chunk, chunks, workers, _worker_init, (config, job))


class _Progress:
    """A one-line progress report on standard error, only when it is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.monotonic()
        self._next = self.start + 0.5
        self._shown = False

    def update(self, records: int, total: int | None = None, unit: str = "records") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + 0.25
        rate = records / max(now - self.start, 1e-9)
        of = f" of {total:,}" if total is not None else ""
        sys.stderr.write(f"\r\x1b[Kfrtextfix: {records:,}{of} {unit}, {rate:,.0f} {unit}/s")
        sys.stderr.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._shown = False


def _summary(
    command: str, documents: int, damaged: int, rules: int, edits: int, words: int, seconds: float
) -> str:
    share = f"{100 * damaged / documents:.1f}%" if documents else "0%"
    if command == "score":
        parts = [_count(documents, "document"), f"{damaged:,} with a sentence below 0.5 ({share})"]
    else:
        parts = [_count(documents, "document"), f"{damaged:,} damaged ({share})",
                 _count(rules, "rule")]
        if command == "repair":
            parts.append(_count(edits, "edit"))
    rate = words / seconds if seconds > 0 else 0.0
    return (f"frtextfix: {', '.join(parts)}; {_count(words, 'word')} in {seconds:.1f} s "
            f"({rate:,.0f} words/s)")


def _count(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _jsonl_mode(args: argparse.Namespace, repairer: Repairer, out: _Output) -> int:
    job = _Job(
        args.command,
        args.field or "text",
        bool(getattr(args, "details", False)),
        bool(getattr(args, "explain", False)),
        args.pool_by,
    )
    from .parallel import resolve_workers

    workers = resolve_workers(args.workers)
    source = "standard input" if args.input == "-" else args.input
    started = time.monotonic()
    progress = _Progress(not args.quiet and sys.stderr is not None and sys.stderr.isatty())
    f = _open_input(args.input)
    n_records = n_skipped = documents = damaged = rules = edits = words = 0
    status = EXIT_OK
    chunks = _chunks(f, CHUNK_RECORDS)
    results: Generator[list[_Outcome], None, None]
    if workers > 1:
        results = _in_pool(repairer.config, job, chunks, workers)
    else:
        results = _in_process(repairer, job, chunks)
    try:
        for outcomes in results:
            for o in outcomes:
                if o.skip == _BLANK:
                    continue  # blank lines are not records
                n_records += 1
                if o.explain:
                    progress.clear()
                    print("\n".join(o.explain), file=sys.stderr)
                if o.line is None:
                    n_skipped += 1
                    status = max(status, o.code)
                    progress.clear()
                    print(
                        f"frtextfix: {source}, line {o.lineno}: {o.skip}; record skipped",
                        file=sys.stderr,
                    )
                    continue
                out.write(o.line)
                documents += 1
                damaged += o.damaged
                rules += o.rules
                edits += o.edits
                words += o.words
            progress.update(n_records)
    except _read_errors() as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise _read_error(args.input, exc) from None
    finally:
        results.close()  # on an error, stops the worker processes now
        progress.clear()
        _close_input(f)
    if not args.quiet:
        seconds = time.monotonic() - started
        print(
            _summary(args.command, documents, damaged, rules, edits, words, seconds),
            file=sys.stderr,
        )
    if n_skipped:
        print(
            f"frtextfix: {n_skipped} of {n_records} records skipped (see the messages above)",
            file=sys.stderr,
        )
    return status


# Documents of a text file given to 'evaluate': blocks separated by blank lines.
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def _jsonl_texts(args: argparse.Namespace) -> tuple[list[str], int]:
    """The text field of every usable record, and the exit code the skipped ones imply."""
    job = _Job(args.command, args.field or "text", False, False)
    source = "standard input" if args.input == "-" else args.input
    texts: list[str] = []
    status = EXIT_OK
    f = _open_input(args.input)
    try:
        offset = 0
        for lineno, raw in enumerate(f, 1):
            if args.limit is not None and len(texts) >= args.limit:
                break
            parsed = _parse_line(job, lineno, offset, raw)
            offset += len(raw)
            if not isinstance(parsed, _Outcome):
                texts.append(parsed[1])
            elif parsed.skip != _BLANK:
                status = max(status, parsed.code)
                print(f"frtextfix: {source}, line {lineno}: {parsed.skip}; record skipped",
                      file=sys.stderr)
    except _read_errors() as exc:
        raise _read_error(args.input, exc) from None
    finally:
        _close_input(f)
    return texts, status


def _evaluate_mode(args: argparse.Namespace, repairer: Repairer, out: _Output) -> int:
    from .evaluation import evaluate

    if args.jsonl:
        texts, status = _jsonl_texts(args)
    else:
        texts, status = _BLANK_LINES.split(_read_text(args.input)), EXIT_OK
    texts = [t for t in texts if t.strip()][: args.limit]
    bar = _Progress(sys.stderr is not None and sys.stderr.isatty())
    try:
        report = evaluate(texts, seed=args.seed, articles=args.articles,
                          repair=repairer, workers=args.workers,
                          progress=lambda done, total: bar.update(done, total, "texts"))
    finally:
        bar.clear()
    out.write(_json_line(report.to_dict()) if args.json else report.summary() + "\n")
    if not report.texts:
        print("frtextfix: no document to measure in the input", file=sys.stderr)
        return max(status, EXIT_DATA)
    return status


def _run(args: argparse.Namespace) -> int:
    if not args.jsonl:
        if args.field is not None:
            raise _UsageError("frtextfix: --field needs --jsonl (text input has no fields).")
        if getattr(args, "details", False):
            raise _UsageError("frtextfix: --details needs --jsonl; for text input use --explain.")
        if getattr(args, "pool_by", None) is not None:
            raise _UsageError("frtextfix: --pool-by needs --jsonl (records with a source key).")
    if getattr(args, "pool_by", None) is not None and args.command != "repair":
        raise _UsageError("frtextfix: --pool-by works with 'repair' only.")
    if args.report_rule_confidence is not None and (
            args.command == "score" or (args.command == "repair" and not args.jsonl)):
        raise _UsageError(
            "frtextfix: --report-rule-confidence changes what 'detect', 'evaluate' and "
            "'repair --jsonl' report; no sentence confidence or repaired text depends on it."
        )
    if args.output not in (None, "-") and args.input != "-" and _same_file(args.input, args.output):
        raise _UsageError(
            f"frtextfix: refusing to write to the input file {args.input!r}; "
            "choose another -o OUT, then move it over the input if you want."
        )
    if args.input != "-" and not Path(args.input).exists():
        raise _os_error(args.input, FileNotFoundError(), reading=True)

    from .config import RepairConfig
    from .repairer import Repairer

    try:
        config = RepairConfig(screen=not args.no_screen)
        if args.min_confidence is not None:
            config = replace(config, min_confidence=args.min_confidence)
        if args.min_rule_confidence is not None:
            config = replace(config, min_rule_confidence=args.min_rule_confidence)
        if args.report_rule_confidence is not None:
            config = replace(config, report_rule_confidence=args.report_rule_confidence)
        repairer = Repairer(config)
    except ValueError as exc:
        raise _UsageError(f"frtextfix: {exc}.") from None

    out = _Output(args.output)
    try:
        if args.command == "evaluate":
            status = _evaluate_mode(args, repairer, out)
        else:
            status = (_jsonl_mode if args.jsonl else _text_mode)(args, repairer, out)
        out.commit()
    except BaseException:
        out.discard()
        raise
    return status


def _on_sigterm(signum: int, frame: object) -> NoReturn:
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``frtextfix`` command; returns the exit code."""
    previous = None
    try:  # SIGTERM unwinds like Ctrl-C, so the temporary output file is removed
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        pass
    try:
        return _main(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    argv = list(argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "repair")  # 'frtextfix FILE' is 'frtextfix repair FILE'
    try:
        try:
            args, extra = build_parser().parse_known_args(argv)
        except SystemExit as exc:  # --help, --version
            return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_DATA
        if extra:
            prog = f"frtextfix {args.command}"
            raise _UsageError(
                f"{prog}: unrecognized arguments: {' '.join(extra)}. "
                f"Run '{prog} --help' for the options."
            )
        return _run(args)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_DATA
    except _InputOutputError as exc:
        print(f"frtextfix: {exc}", file=sys.stderr)
        return EXIT_IO
    except BrokenPipeError:
        # The reader went away (e.g. '| head'): stop quietly. Point stdout at devnull so the
        # interpreter's final flush does not raise again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("frtextfix: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print("frtextfix: terminated", file=sys.stderr)
        return EXIT_TERMINATED


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
