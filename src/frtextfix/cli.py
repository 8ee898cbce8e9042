"""Command line: ``frtextfix {repair,score,detect} [FILE|-]``.

Text input (a file or standard input) is read whole, because the spinner's rules hold per
article and a text file is one document. JSONL input (``--jsonl``) is streamed record by
record. Input is read as strict UTF-8; output is written as UTF-8.

Exit codes: 0 OK, 1 usage or data error (bad options, JSONL records skipped), 2 I/O or
decoding error (missing file, unreadable or non-UTF-8 input, unwritable output).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .repairer import Repairer
    from .types import Edit

EXIT_OK = 0
EXIT_DATA = 1
EXIT_IO = 2

COMMANDS = ("repair", "score", "detect")

_EPILOG = """\
exit codes: 0 OK, 1 usage or data error (JSONL records skipped), 2 I/O or decoding error.
Input is read as UTF-8 (strictly). With no FILE, or FILE '-', standard input is read.
Docs: docs/cli.md"""


class _UsageError(Exception):
    """Bad command line: reported in one line, exit code 1."""


class _InputOutputError(Exception):
    """I/O or decoding error: reported in one line, exit code 2."""


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

    common = _Parser(add_help=False)
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

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser(
        "repair",
        parents=[common],
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
        parents=[common],
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
        parents=[common],
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="list the substitution rules found, without repairing",
        description=(
            "List the substitution rules found in the input, one per line: "
            "id, original→replacement, scope, [start:end], confidence. "
            "With --jsonl, add 'frtextfix_rules' to each record."
        ),
    )
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


def _open_input(path: str) -> IO[bytes]:
    if path == "-":
        if sys.stdin is None:
            raise _InputOutputError("no standard input to read. Give a FILE.")
        if sys.stdin.isatty():
            print("frtextfix: reading standard input (end with Ctrl-D)", file=sys.stderr)
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text stream without bytes underneath (e.g. in tests)
            import io

            return io.BytesIO(sys.stdin.read().encode("utf-8"))
        return buffer  # type: ignore[no-any-return]
    try:
        return Path(path).open("rb")  # closed by the caller
    except OSError as exc:
        raise _os_error(path, exc, reading=True) from None


def _read_text(path: str) -> str:
    f = _open_input(path)
    try:
        data = f.read()
    except OSError as exc:
        raise _os_error(path, exc, reading=True) from None
    finally:
        if f is not getattr(sys.stdin, "buffer", None):
            f.close()
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
    (so a failed run never leaves a half-written OUT, and an existing OUT survives errors)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._target = Path()
        self._tmp: Path | None = None
        self.stream: IO[bytes] | None = None
        self._text: IO[str] | None = None
        if path is None or path == "-":
            self.path = None
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:
                self._text = sys.stdout
            else:
                sys.stdout.flush()
                self.stream = buffer
            return
        target = Path(path)
        if target.is_dir():
            raise _os_error(path, IsADirectoryError(), reading=False)
        if target.exists() and not target.is_file():
            # A device or a FIFO (-o /dev/null): write to it directly, never replace it.
            try:
                self.stream = target.open("wb")  # closed in commit/discard
            except OSError as exc:
                raise _os_error(path, exc, reading=False) from None
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

    @property
    def is_tty(self) -> bool:
        return self.path is None and sys.stdout.isatty()

    def write(self, s: str) -> None:
        if self._text is not None:
            self._text.write(s)
            return
        assert self.stream is not None
        try:
            self.stream.write(s.encode("utf-8"))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _os_error(self.path or "standard output", exc, reading=False) from None

    def commit(self) -> None:
        if self._text is not None:
            self._text.flush()
            return
        assert self.stream is not None
        try:
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
        if self.path is not None and self.stream is not None:
            try:
                self.stream.close()
            except OSError:
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
            out.write(
                f"{r.id}  {r.original}→{r.replacement}  {r.scope}  "
                f"[{r.start}:{r.end}]  {r.confidence:.3f}\n"
            )
    return EXIT_OK


def _explain(edits: Iterable[Edit], prefix: str) -> None:
    for e in edits:
        msg = f"  {_one_line(e.message)}" if e.message else ""
        print(
            f"{prefix}{e.start}  {e.rule}  {_one_line(e.before)}→{_one_line(e.after)}  "
            f"{e.confidence:.2f}{msg}",
            file=sys.stderr,
        )


def _jsonl_mode(args: argparse.Namespace, repairer: Repairer, out: _Output) -> int:
    field = args.field or "text"
    source = "standard input" if args.input == "-" else args.input
    f = _open_input(args.input)
    n_records = n_skipped = 0
    status = EXIT_OK

    def skip(lineno: int, why: str, code: int = EXIT_DATA) -> None:
        nonlocal n_skipped, status
        n_skipped += 1
        status = max(status, code)
        print(f"frtextfix: {source}, line {lineno}: {why}; record skipped", file=sys.stderr)

    try:
        offset = 0
        for lineno, raw in enumerate(f, 1):
            start = offset
            offset += len(raw)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                n_records += 1
                skip(lineno, _decode_error("the line", exc, start).rstrip("."), EXIT_IO)
                continue
            if lineno == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue  # blank lines are not records
            n_records += 1
            try:
                record = json.loads(line)
            except ValueError as exc:
                skip(lineno, f"not valid JSON ({exc})")
                continue
            if not isinstance(record, dict):
                skip(lineno, f"a JSON {type(record).__name__}, not an object")
                continue
            if field not in record:
                keys = ", ".join(list(record)[:8]) or "none"
                skip(lineno, f"no field {field!r} (keys: {keys}); choose one with --field NAME")
                continue
            text = record[field]
            if not isinstance(text, str):
                kind = "null" if text is None else type(text).__name__
                skip(lineno, f"field {field!r} is {kind}, not a string")
                continue
            if args.command == "repair":
                result = repairer.repair(text)
                record[field] = result.text
                if args.details:
                    details = result.to_dict()
                    details.pop("text", None)
                    record["frtextfix"] = details
                if args.explain:
                    _explain(result.edits, prefix=f"line {lineno}: ")
            elif args.command == "score":
                sentences = repairer.score(text)
                record["frtextfix_score"] = [
                    {"start": s.start, "end": s.end, "confidence": s.confidence} for s in sentences
                ]
                record["frtextfix_confidence"] = min((s.confidence for s in sentences), default=1.0)
            else:
                record["frtextfix_rules"] = [r.to_dict() for r in repairer.detect(text)]
            out.write(_json_line(record))
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise _os_error(args.input, exc, reading=True) from None
    finally:
        if f is not getattr(sys.stdin, "buffer", None):
            f.close()
    if n_skipped:
        print(
            f"frtextfix: {n_skipped} of {n_records} records skipped (see the messages above)",
            file=sys.stderr,
        )
    return status


def _run(args: argparse.Namespace) -> int:
    if not args.jsonl:
        if args.field is not None:
            raise _UsageError("frtextfix: --field needs --jsonl (text input has no fields).")
        if getattr(args, "details", False):
            raise _UsageError("frtextfix: --details needs --jsonl; for text input use --explain.")
    if args.output not in (None, "-") and args.input != "-" and _same_file(args.input, args.output):
        raise _UsageError(
            f"frtextfix: refusing to write to the input file {args.input!r}; "
            "choose another -o OUT, then move it over the input if you want."
        )
    if args.input != "-" and not Path(args.input).exists():
        raise _os_error(args.input, FileNotFoundError(), reading=True)

    from .config import RepairConfig
    from .repairer import Repairer

    options = {}
    if args.min_confidence is not None:
        options["min_confidence"] = args.min_confidence
    if args.min_rule_confidence is not None:
        options["min_rule_confidence"] = args.min_rule_confidence
    try:
        repairer = Repairer(RepairConfig(**options))
    except ValueError as exc:
        raise _UsageError(f"frtextfix: {exc}.") from None

    out = _Output(args.output)
    try:
        status = (_jsonl_mode if args.jsonl else _text_mode)(args, repairer, out)
        out.commit()
    except BaseException:
        out.discard()
        raise
    return status


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``frtextfix`` command; returns the exit code."""
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
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
