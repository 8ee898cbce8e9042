"""Build ``src/frtextfix/data/engine_tables.msgpack.gz``: the word tables the rule engine needs
on the first damaged text, so that a fresh process does not spend about 1.5 s computing them.

They are a pure function of the default lexicon (wordfreq's French list completed with the
words of the shipped bigram file), computed by ``frtextfix.rules.compute_word_tables``:

* ``top_words``: the 60,000 most frequent words, letters only, most frequent first;
* ``short_substring_rates``: the rate of every substring of one to three letters in them;
* ``common_groups``: the letter groups of two and three letters frequent enough that their
  absence is telling, with their rates;
* ``letter_grams``: the letter 4-gram counts of the known words (``frtextfix.lm.LetterModel``).

The header records the SHA-256 of both inputs (``resources.engine_tables_inputs``); with
another wordfreq list installed, the package ignores the file and computes the tables. Run it
again after rebuilding the language model (``scripts/build_lm.py``); a test fails until then.
Deterministic: the same inputs give the same bytes.

    python scripts/build_engine_tables.py        # a few seconds, about 1 MB
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from frtextfix import resources
from frtextfix.lexicon import Lexicon
from frtextfix.rules import compute_word_tables

OUTPUT = REPO / "src" / "frtextfix" / "data" / resources.ENGINE_TABLES_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    inputs = resources.engine_tables_inputs()
    if inputs is None:
        print("wordfreq's French list was not found; install wordfreq", file=sys.stderr)
        return 1
    start = time.perf_counter()
    tables = compute_word_tables(Lexicon())  # computed, whatever is shipped
    bigrams = resources.read_data_file(resources._data_path(resources.BIGRAMS_FILE),
                                       resources.BIGRAMS_FORMAT, resources.BIGRAMS_VERSION)
    header = {
        "format": resources.ENGINE_TABLES_FORMAT,
        "version": resources.ENGINE_TABLES_VERSION,
        "source": "wordfreq 'fr' large list, completed with the words of fr_bigrams.msgpack.gz",
        "license": "CC BY-SA 4.0",
        "built": bigrams["header"]["built"],
        **inputs,
    }
    body = {
        "top_words": tables["top_words"],
        "short_substring_rates": dict(sorted(tables["short_substring_rates"].items())),
        "common_groups": [list(pair) for pair in tables["common_groups"]],
        "letter_grams": dict(sorted(tables["letter_grams"].items())),
    }
    size = resources.write_data_file(args.output, header, body)
    print(f"{args.output}: {size:,} bytes; {len(body['top_words']):,} words, "
          f"{len(body['short_substring_rates']):,} substrings, "
          f"{len(body['common_groups']):,} groups, {len(body['letter_grams']):,} letter grams "
          f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
