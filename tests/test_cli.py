"""The command line, run as users run it: ``python -m frtextfix`` in a subprocess.

Works with the package installed (``pip install -e .`` or a wheel) and from a bare checkout
(``src/`` is then put on ``PYTHONPATH`` for the subprocess and for this module).
The assertions compare the CLI with the library, so they hold whatever the engine decides.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _invariants import gsd_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
FIXTURES = ROOT / "fixtures"
SEED_DAMAGED = FIXTURES / "seed-damaged.txt"

_INSTALLED = importlib.util.find_spec("frtextfix") is not None
if not _INSTALLED:
    sys.path.insert(0, str(SRC))

import frtextfix

CLEAN = "Le chat dort sur le canapé. Il fait beau aujourd'hui !\nQue ce soit clair.\n"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    if not _INSTALLED:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def run(
    *args: str | os.PathLike[str], stdin: str | bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "frtextfix", *map(str, args)],
        input=data,
        capture_output=True,
        env=_env(),
        check=False,
        cwd=cwd,
        timeout=300,
    )


def out(p: subprocess.CompletedProcess[bytes]) -> str:
    return p.stdout.decode("utf-8")


def err(p: subprocess.CompletedProcess[bytes]) -> str:
    return p.stderr.decode("utf-8")


def assert_one_line_error(p: subprocess.CompletedProcess[bytes]) -> str:
    e = err(p)
    assert "Traceback" not in e
    assert len(e.strip().splitlines()) == 1, e
    assert e.startswith("frtextfix")
    return e


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def parse_jsonl(s: str) -> list[dict]:
    return [json.loads(line) for line in s.splitlines()]


# ------------------------------------------------------------------ text mode


def test_help_and_version():
    p = run("--help")
    assert p.returncode == 0
    assert "repair" in out(p) and "score" in out(p) and "detect" in out(p)
    p = run("--version")
    assert p.returncode == 0
    assert frtextfix.__version__ in out(p)


def test_clean_text_from_stdin_is_unchanged_byte_for_byte():
    for text in (CLEAN, CLEAN.rstrip("\n"), CLEAN.replace("\n", "\r\n"), ""):
        p = run("repair", stdin=text)
        assert p.returncode == 0, err(p)
        assert p.stdout == text.encode("utf-8")
        assert err(p) == ""


def test_repair_file_matches_library(tmp_path):
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    expected = frtextfix.repair(text).text
    for args in (("repair", SEED_DAMAGED), (SEED_DAMAGED,), ("repair", "-")):
        p = run(*args, stdin=text if "-" in args else b"")
        assert p.returncode == 0, err(p)
        assert out(p) == expected


def test_output_file(tmp_path):
    target = tmp_path / "out.txt"
    p = run("repair", SEED_DAMAGED, "-o", target)
    assert p.returncode == 0, err(p)
    assert p.stdout == b""
    assert (
        target.read_text(encoding="utf-8")
        == frtextfix.repair(SEED_DAMAGED.read_text(encoding="utf-8")).text
    )


def test_output_equal_to_input_is_refused(tmp_path):
    src = tmp_path / "page.txt"
    src.write_text(CLEAN, encoding="utf-8")
    for target in (src, tmp_path / "." / "page.txt"):
        p = run("repair", src, "-o", target)
        assert p.returncode == 1
        assert "input file" in assert_one_line_error(p)
    assert src.read_text(encoding="utf-8") == CLEAN


def test_missing_file():
    p = run("repair", "does-not-exist.txt")
    assert p.returncode == 2
    assert "does-not-exist.txt" in assert_one_line_error(p)


def test_missing_jsonl_file():
    p = run("score", "--jsonl", "does-not-exist.jsonl")
    assert p.returncode == 2
    assert_one_line_error(p)


def test_undecodable_input():
    p = run("repair", stdin="Le café est prêt.".encode("latin-1"))
    assert p.returncode == 2
    assert "UTF-8" in assert_one_line_error(p)
    assert p.stdout == b""


@pytest.mark.parametrize(
    "args",
    [
        ("repair", "--details"),  # --details needs --jsonl
        ("repair", "--field", "body"),  # --field needs --jsonl
        ("repair", "--min-confidence", "2"),
        ("repair", "--min-confidence", "high"),
        ("repair", "--no-such-option"),
        ("score", "--explain"),  # --explain belongs to repair
    ],
)
def test_usage_errors(args):
    p = run(*args, stdin=CLEAN)
    assert p.returncode == 1
    assert_one_line_error(p)
    assert p.stdout == b""


def test_min_confidence_is_accepted():
    p = run("repair", "--min-confidence", "0.9", "--min-rule-confidence", "0.8", stdin=CLEAN)
    assert p.returncode == 0, err(p)
    assert out(p) == CLEAN


def test_detect_reports_weak_rules_as_not_used():
    """``--report-rule-confidence``: a rule too weak to repair with is listed, marked."""
    from frtextfix.spinner import spin

    spun = spin(gsd_paragraphs()[10], seed=3).text
    p = run("detect", stdin=spun)
    assert p.returncode == 0, err(p)
    assert out(p) == ""
    p = run("detect", "--report-rule-confidence", "0.05", stdin=spun)
    assert p.returncode == 0, err(p)
    assert "pied→ripaton" in out(p) and out(p).rstrip().endswith("(not used)")


@pytest.mark.parametrize("command", [["score"], ["repair"]])
def test_report_rule_confidence_where_it_changes_nothing_is_a_usage_error(command):
    p = run(*command, "--report-rule-confidence", "0.1", stdin=CLEAN)
    assert p.returncode == 1
    assert "report-rule-confidence" in assert_one_line_error(p)


def test_no_screen_is_accepted():
    p = run("repair", "--no-screen", stdin=CLEAN)
    assert p.returncode == 0, err(p)
    assert out(p) == CLEAN


def test_explain_goes_to_stderr():
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    result = frtextfix.repair(text)
    plain = run("repair", SEED_DAMAGED)
    p = run("repair", "--explain", SEED_DAMAGED)
    assert p.returncode == 0
    assert p.stdout == plain.stdout
    edit_lines = [line for line in err(p).splitlines() if re.match(r"\d+  ", line)]
    assert len(edit_lines) == len(result.edits)
    for line, edit in zip(edit_lines, result.edits, strict=True):
        assert line.startswith(f"{edit.start}  {edit.rule}  ")
        assert "→" in line


def test_score_text_output_parses():
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("score", SEED_DAMAGED)
    assert p.returncode == 0, err(p)
    lines = out(p).splitlines()
    expected = frtextfix.score(text)
    assert len(lines) == len(expected)
    for line, sentence in zip(lines, expected, strict=True):
        conf, body = line.split("\t", 1)
        assert 0.0 <= float(conf) <= 1.0
        assert abs(float(conf) - sentence.confidence) < 1e-3
        assert body == sentence.text.replace("\r", " ").replace("\n", " ")


def test_detect_text_output_parses():
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("detect", SEED_DAMAGED)
    assert p.returncode == 0, err(p)
    lines = out(p).splitlines()
    rules = frtextfix.detect(text)
    assert len(lines) == len(rules)
    pattern = re.compile(r"^(\S+)  (.+)→(.+)  (substring|word)  \[(\d+):(\d+)\]  ([01]\.\d{3})$")
    for line, rule in zip(lines, rules, strict=True):
        m = pattern.match(line)
        assert m, line
        assert m.group(1) == rule.id
        assert (int(m.group(5)), int(m.group(6))) == (rule.start, rule.end)


def test_detect_names_the_middle_word_of_a_chain():
    """« en » swapped for « dans » inside words, then « dans » for « parmi »: the rule
    ``en→parmi`` says it went through « dans »."""
    from _invariants import CHAIN_SPUN

    p = run("detect", stdin=CHAIN_SPUN)
    assert p.returncode == 0, err(p)
    chain = [line for line in out(p).splitlines() if line.startswith("en→parmi")]
    assert len(chain) == 1 and chain[0].endswith("  (via dans)")


# ------------------------------------------------------------------ JSONL mode


def test_jsonl_keeps_other_keys_in_order():
    damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    records = [
        {"id": 1, "text": CLEAN, "meta": {"source": "a"}, "z": [1, 2]},
        {"url": "https://x", "text": damaged, "lang": "fr"},
    ]
    p = run("repair", "--jsonl", "--quiet", stdin=jsonl(*records))
    assert p.returncode == 0, err(p)
    assert err(p) == ""
    got = parse_jsonl(out(p))
    assert len(got) == 2
    for before, after in zip(records, got, strict=True):
        assert list(after) == list(before)
        assert after["text"] == frtextfix.repair(before["text"]).text
        for key in before:
            if key != "text":
                assert after[key] == before[key]
    assert got[0]["text"] == CLEAN


def test_jsonl_field_option(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl({"body": CLEAN, "text": 3}), encoding="utf-8")
    p = run("repair", "--jsonl", "--field", "body", path)
    assert p.returncode == 0, err(p)
    assert parse_jsonl(out(p)) == [{"body": CLEAN, "text": 3}]


def test_jsonl_bad_line_is_reported_and_skipped():
    stdin = (
        jsonl({"id": 1, "text": CLEAN}) + '{"id": 2, "text": \n' + jsonl({"id": 3, "text": CLEAN})
    )
    p = run("repair", "--jsonl", stdin=stdin)
    assert p.returncode == 1
    assert [r["id"] for r in parse_jsonl(out(p))] == [1, 3]
    e = err(p)
    assert "Traceback" not in e
    assert "line 2" in e
    assert "1 of 3 records skipped" in e.splitlines()[-1]


def test_jsonl_missing_or_non_string_field():
    stdin = jsonl(
        {"id": 1, "body": "x"},
        {"id": 2, "text": None},
        {"id": 3, "text": 7},
        [1, 2],
        {"id": 5, "text": CLEAN},
    )
    p = run("repair", "--jsonl", stdin=stdin)
    assert p.returncode == 1
    assert [r["id"] for r in parse_jsonl(out(p))] == [5]
    e = err(p)
    for n in (1, 2, 3, 4):
        assert f"line {n}:" in e
    assert "--field" in e  # says what to do
    assert "4 of 5 records skipped" in e.splitlines()[-1]


def test_jsonl_blank_lines_are_not_records_and_no_skip_line_when_all_good():
    stdin = jsonl({"text": CLEAN}) + "\n   \n" + jsonl({"text": "Oui."})
    p = run("repair", "--jsonl", stdin=stdin)
    assert p.returncode == 0
    assert len(parse_jsonl(out(p))) == 2
    [summary] = err(p).splitlines()  # the run summary only: nothing skipped, no progress line
    assert summary.startswith("frtextfix: 2 documents, ")
    p = run("repair", "--jsonl", "--quiet", stdin=stdin)
    assert p.returncode == 0
    assert err(p) == ""


def test_jsonl_undecodable_line_is_skipped_with_io_exit_code():
    stdin = jsonl({"id": 1, "text": CLEAN}).encode() + '{"id": 2, "text": "café"}\n'.encode(
        "latin-1"
    )
    p = run("repair", "--jsonl", stdin=stdin)
    assert p.returncode == 2
    assert [r["id"] for r in parse_jsonl(out(p))] == [1]
    assert "line 2" in err(p)
    assert "Traceback" not in err(p)


def test_jsonl_details_shape():
    damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("repair", "--jsonl", "--details", stdin=jsonl({"id": 1, "text": damaged}))
    assert p.returncode == 0, err(p)
    [record] = parse_jsonl(out(p))
    assert list(record) == ["id", "text", "frtextfix"]
    details = record["frtextfix"]
    expected = frtextfix.repair(damaged).to_dict()
    del expected["text"]
    assert details == json.loads(json.dumps(expected))
    assert set(details) == {"changed", "edits", "rules", "sentences"}
    assert isinstance(details["changed"], bool)
    for edit in details["edits"]:
        assert {"start", "end", "before", "after", "rule", "confidence", "message"} <= set(edit)
        assert damaged[edit["start"] : edit["end"]] == edit["before"]
    for rule in details["rules"]:
        assert {"id", "original", "replacement", "scope", "start", "end", "confidence"} <= set(rule)
    for s in details["sentences"]:
        assert 0.0 <= s["confidence"] <= 1.0


def test_jsonl_score():
    texts = [CLEAN, SEED_DAMAGED.read_text(encoding="utf-8"), ""]
    p = run("score", "--jsonl", stdin=jsonl(*({"text": t, "k": i} for i, t in enumerate(texts))))
    assert p.returncode == 0, err(p)
    got = parse_jsonl(out(p))
    assert len(got) == 3
    for text, record in zip(texts, got, strict=True):
        assert record["text"] == text  # score does not repair
        expected = frtextfix.score(text)
        assert [(s["start"], s["end"]) for s in record["frtextfix_score"]] == [
            (s.start, s.end) for s in expected
        ]
        for s in record["frtextfix_score"]:
            assert set(s) == {"start", "end", "confidence"}
            assert 0.0 <= s["confidence"] <= 1.0
        assert record["frtextfix_confidence"] == min(
            (s["confidence"] for s in record["frtextfix_score"]), default=1.0
        )


def test_jsonl_detect():
    damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("detect", "--jsonl", stdin=jsonl({"text": damaged}, {"text": CLEAN}))
    assert p.returncode == 0, err(p)
    got = parse_jsonl(out(p))
    assert [len(r["frtextfix_rules"]) for r in got] == [
        len(frtextfix.detect(damaged)),
        len(frtextfix.detect(CLEAN)),
    ]
    for rule in got[0]["frtextfix_rules"]:
        assert rule["scope"] in ("substring", "word")


def test_jsonl_output_file(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl({"text": CLEAN}), encoding="utf-8")
    p = run("repair", "--jsonl", src, "-o", src)
    assert p.returncode == 1
    assert_one_line_error(p)
    p = run("repair", "--jsonl", src, "-o", tmp_path / "out.jsonl")
    assert p.returncode == 0
    assert parse_jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8")) == [{"text": CLEAN}]


def test_broken_pipe_is_quiet():
    records = jsonl(*({"id": i, "text": "Le chat dort. Il fait beau."} for i in range(20000)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "frtextfix", "repair", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    import threading

    feeder = threading.Thread(target=lambda: _feed(proc.stdin, records.encode()))
    feeder.start()
    proc.stdout.readline()
    proc.stdout.close()  # like '| head -1'
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=300)
    feeder.join()
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr
    assert proc.returncode == 0


def _feed(pipe, data: bytes) -> None:
    try:
        pipe.write(data)
        pipe.close()
    except (BrokenPipeError, OSError):
        pass


# ------------------------------------------------------------------ corpus scale

def test_the_summary_counts_in_the_singular_and_the_plural():
    """The summary's pattern below takes both numbers; here each is checked."""
    from frtextfix.cli import _summary

    assert _summary("repair", 1, 1, 1, 1, 1, 1.0) == (
        "frtextfix: 1 document, 1 damaged (100.0%), 1 rule, 1 edit; 1 word in 1.0 s (1 words/s)")
    assert _summary("repair", 2, 0, 0, 3, 1200, 2.0) == (
        "frtextfix: 2 documents, 0 damaged (0.0%), 0 rules, 3 edits; 1,200 words in 2.0 s "
        "(600 words/s)")


GSD_SAMPLE = FIXTURES / "gsd-dev-sample.txt"
SUMMARY = re.compile(
    r"^frtextfix: ([\d,]+) documents?, ([\d,]+) damaged \([\d.]+%\), ([\d,]+) rules?, "
    r"([\d,]+) edits?; ([\d,]+) words? in [\d.]+ s \([\d,]+ words/s\)$"
)


def make_corpus(n: int, seed: int = 0) -> list[dict]:
    """``n`` documents of 3 to 8 sentences from the GSD sample; every third one spun."""
    import random

    from frtextfix.spinner import spin

    lines = [line for line in GSD_SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    records = []
    for i in range(n):
        text = " ".join(rng.sample(lines, rng.randint(3, 8)))
        if i % 3 == 0:
            text = spin(text, seed=rng).text
        records.append({"id": i, "text": text})
    return records


def split_summary(stderr: str) -> tuple[list[str], list[str]]:
    """(the summary lines, the other lines) of standard error."""
    lines = stderr.splitlines()
    return [x for x in lines if SUMMARY.match(x)], [x for x in lines if not SUMMARY.match(x)]


def test_workers_keep_order_and_match_one_worker(tmp_path):
    records = make_corpus(300)
    data = jsonl(*records[:100]) + '{"id": "bad", \n' + jsonl(*records[100:])
    src = tmp_path / "corpus.jsonl"
    src.write_text(data, encoding="utf-8")
    one = run("repair", "--jsonl", "--details", src)
    two = run("repair", "--jsonl", "--details", "--workers", "2", src)
    assert one.returncode == two.returncode == 1  # the bad line
    assert one.stdout == two.stdout
    got = parse_jsonl(out(two))
    assert [r["id"] for r in got] == list(range(300))
    # Messages come in input order too, and say the same thing.
    (summary_one,), messages_one = split_summary(err(one))
    (summary_two,), messages_two = split_summary(err(two))
    assert messages_one == messages_two
    assert "line 101:" in messages_two[0]
    assert "1 of 301 records skipped" in messages_two[-1]
    # The summary counts what the records say.
    docs, damaged, rules, edits, words = (
        int(x.replace(",", "")) for x in SUMMARY.match(summary_two).groups()
    )
    assert docs == 300
    assert damaged == sum(1 for r in got if r["frtextfix"]["rules"])
    assert rules == sum(len(r["frtextfix"]["rules"]) for r in got)
    assert edits == sum(len(r["frtextfix"]["edits"]) for r in got)
    assert words == sum(len(r["text"].split()) for r in records)
    assert summary_one.split(";")[0] == summary_two.split(";")[0]
    # And the records are what the library gives.
    for record, before in zip(got[:30], records[:30], strict=True):
        assert record["text"] == frtextfix.repair(before["text"]).text


@pytest.mark.parametrize("command", ["score", "detect"])
def test_workers_for_score_and_detect(command):
    stdin = jsonl(*make_corpus(40, seed=1))
    one = run(command, "--jsonl", "-q", stdin=stdin)
    two = run(command, "--jsonl", "-q", "--workers", "2", stdin=stdin)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert err(one) == err(two) == ""


def test_workers_are_ignored_for_text_input():
    p = run("repair", "--workers", "2", SEED_DAMAGED)
    assert p.returncode == 0, err(p)
    assert out(p) == frtextfix.repair(SEED_DAMAGED.read_text(encoding="utf-8")).text
    assert err(p) == ""  # text mode prints no summary


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_bad_workers_value(value):
    p = run("repair", "--jsonl", "--workers", value, stdin=jsonl({"text": CLEAN}))
    assert p.returncode == 1
    assert "--workers" in assert_one_line_error(p)


def _zstd_compress(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor().compress(data)


def _zstd_decompress(data: bytes) -> bytes:
    import io

    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_gzip_in_and_out(tmp_path, workers):
    import gzip

    records = make_corpus(20, seed=2)
    plain = jsonl(*records).encode("utf-8")
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(gzip.compress(plain))
    target = tmp_path / "out.jsonl.gz"
    p = run("repair", "--jsonl", "-q", "--workers", workers, src, "-o", target)
    assert p.returncode == 0, err(p)
    expected = run("repair", "--jsonl", "-q", stdin=plain)
    assert gzip.decompress(target.read_bytes()) == expected.stdout
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.jsonl.gz", "out.jsonl.gz"]


def test_gzip_text_mode(tmp_path):
    import gzip

    text = SEED_DAMAGED.read_text(encoding="utf-8")
    src = tmp_path / "page.txt.gz"
    src.write_bytes(gzip.compress(text.encode("utf-8")))
    p = run("repair", src)
    assert p.returncode == 0, err(p)
    assert out(p) == frtextfix.repair(text).text


def test_zstd_in_and_out(tmp_path):
    records = make_corpus(20, seed=3)
    plain = jsonl(*records).encode("utf-8")
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(_zstd_compress(plain[:1000]) + _zstd_compress(plain[1000:]))  # two frames
    target = tmp_path / "out.jsonl.zst"
    p = run("repair", "--jsonl", "-q", "--workers", "2", src, "-o", target)
    assert p.returncode == 0, err(p)
    expected = run("repair", "--jsonl", "-q", stdin=plain)
    assert _zstd_decompress(target.read_bytes()) == expected.stdout


def test_zstd_without_zstandard_says_what_to_install(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "zstandard.py").write_text("raise ImportError('blocked for this test')\n")
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(b"\x28\xb5\x2f\xfd")
    env = _env()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(blocker), env.get("PYTHONPATH")]))
    for args in (("repair", "--jsonl", src), ("repair", "--jsonl", "-o", tmp_path / "o.zst")):
        p = subprocess.run(
            [sys.executable, "-m", "frtextfix", *map(str, args)],
            input=jsonl({"text": CLEAN}).encode(),
            check=False,
            capture_output=True,
            env=env,
            timeout=300,
        )
        assert p.returncode == 1
        assert "frtextfix[zstd]" in assert_one_line_error(p)
    assert not (tmp_path / "o.zst").exists()


def test_corrupt_or_truncated_gzip(tmp_path):
    import gzip

    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"this is not gzip\n")
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(jsonl(*make_corpus(5)).encode())[:-20])
    for path in (bad, truncated):
        p = run("repair", "--jsonl", "-q", path, "-o", tmp_path / "out.jsonl")
        assert p.returncode == 2
        assert "gzip" in assert_one_line_error(p)
        assert not (tmp_path / "out.jsonl").exists()
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("sig", "code", "message"),
    [("SIGINT", 130, "frtextfix: interrupted"), ("SIGTERM", 143, "frtextfix: terminated")],
)
@pytest.mark.parametrize("workers", ["1", "2"])
def test_interrupt_leaves_no_half_written_output(tmp_path, sig, code, message, workers):
    import signal
    import time

    target = tmp_path / "out.jsonl.gz"
    target.write_bytes(b"previous")
    # as in a terminal: a runner started in the background (nohup, `&`) ignores SIGINT, and a
    # child inherits an ignored signal; one that is handled comes to it with its default action
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "frtextfix", "repair", "--jsonl", "-o", str(target),
             "--workers", workers],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    assert proc.stdin is not None
    proc.stdin.write(jsonl(*make_corpus(10)).encode())  # then keep standard input open
    proc.stdin.flush()
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".frtextfix-*.tmp")):  # the run has started writing
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(getattr(signal, sig))
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code
    assert stderr.decode().strip() == message
    assert target.read_bytes() == b"previous"  # OUT untouched
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out.jsonl.gz"]  # no temporary file


def test_progress_line_only_on_a_terminal():
    pty = pytest.importorskip("pty")
    records = jsonl(*({"id": i, "text": CLEAN} for i in range(200)))
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "frtextfix", "repair", "--jsonl", "-o", os.devnull],
            stdin=subprocess.PIPE,
            stderr=slave,
            env=_env(),
        )
        os.close(slave)
        slave = -1
        assert proc.stdin is not None
        proc.stdin.write(records.encode())
        proc.stdin.close()
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
    finally:
        os.close(master)
        if slave != -1:
            os.close(slave)
    shown = b"".join(chunks).decode()
    assert proc.returncode == 0
    # Whatever progress was drawn is erased ('\r' + erase-line) before the summary line.
    last = shown.replace("\r\n", "\n").rstrip("\n").split("\n")[-1]
    assert last.split("\r\x1b[K")[-1].startswith("frtextfix: 200 documents")
