"""Lazy, cached access to the shipped data (thesaurus, bigram model) and to wordfreq.

Every shipped data file is a gzipped msgpack map with a ``header`` key::

    {"format": "frtextfix-...", "version": 1, "source": "...", "license": "...", "built": "YYYY-MM-DD"}

The header is checked on load so that a stale or foreign file fails loudly with a clear message
instead of producing silently wrong repairs. Loaders are ``lru_cache``d: the data is read once
per process and shared (all returned objects are read-only).

:func:`write_data_file` is the matching writer used by ``scripts/build_*.py``; it is
deterministic (sorted maps are the caller's job; gzip mtime is 0) so rebuilding from the same
input gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

import msgpack

if TYPE_CHECKING:
    from .lm import BigramLM
    from .topics import TopicModel

THESAURUS_FILE = "thesaurus.msgpack.gz"
THESAURUS_FORMAT = "frtextfix-thesaurus"
THESAURUS_VERSION = 1
BIGRAMS_FILE = "fr_bigrams.msgpack.gz"
BIGRAMS_FORMAT = "frtextfix-bigrams"
BIGRAMS_VERSION = 1
TRIGRAMS_FILE = "fr_trigrams.msgpack.gz"
TRIGRAMS_FORMAT = "frtextfix-trigrams"
TRIGRAMS_VERSION = 1
TOPICS_FILE = "fr_topics.msgpack.gz"
TOPICS_FORMAT = "frtextfix-topics"
TOPICS_VERSION = 1


class DataFileError(RuntimeError):
    """A shipped data file is missing, unreadable, or not the format/version this code expects."""


# --------------------------------------------------------------------------- file format


def write_data_file(path: Path, header: Mapping[str, Any], body: Mapping[str, Any]) -> int:
    """Write ``{"header": header, **body}`` as gzipped msgpack; return the size in bytes.

    Deterministic: no timestamp or file name in the gzip header, fixed compression level.
    Callers must pass maps whose iteration order is itself deterministic (e.g. sorted).
    """
    if "header" in body:
        raise ValueError("body must not contain a 'header' key")
    packed = msgpack.packb({"header": dict(header), **body}, use_bin_type=True)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as gz:
        gz.write(packed)
    data = buf.getvalue()
    Path(path).write_bytes(data)
    return len(data)


def read_data_file(source: Path | bytes | Any, fmt: str, version: int) -> dict[str, Any]:
    """Read a data file (path, raw gzip bytes, or an importlib Traversable) and check its header.

    Raises :class:`DataFileError` if the file cannot be decoded or its header's ``format`` /
    ``version`` differ from ``fmt`` / ``version``. Arrays come back as tuples (immutable).
    """
    name = getattr(source, "name", "<bytes>")
    try:
        raw = source if isinstance(source, bytes) else source.read_bytes()
        data = msgpack.unpackb(
            gzip.decompress(raw), raw=False, use_list=False, strict_map_key=False
        )
    except FileNotFoundError as exc:
        raise DataFileError(
            f"frtextfix data file {name!r} is missing; reinstall the package or rebuild it "
            "(see docs/data.md)"
        ) from exc
    except Exception as exc:  # gzip / msgpack errors have no common base class
        raise DataFileError(f"frtextfix data file {name!r} is not readable: {exc}") from exc
    header = data.get("header") if isinstance(data, dict) else None
    if not isinstance(header, dict):
        raise DataFileError(f"frtextfix data file {name!r} has no header")
    if header.get("format") != fmt or header.get("version") != version:
        raise DataFileError(
            f"frtextfix data file {name!r} has format {header.get('format')!r} version "
            f"{header.get('version')!r}, expected {fmt!r} version {version}; the data does not "
            "match this frtextfix version (reinstall, or rebuild it, see docs/data.md)"
        )
    return cast("dict[str, Any]", data)


def _data_path(name: str) -> Any:
    return files("frtextfix") / "data" / name


# --------------------------------------------------------------------------- thesaurus


@dataclass(frozen=True, slots=True, repr=False)
class Thesaurus:
    """The French LibreOffice thesaurus, forward and inverse (read-only).

    A spinner replaces a *headword* by one of its *synonyms*; repairing goes the other way, so
    the inverse index (which headwords list a given string) is what candidate generation needs.
    Keys are lookup keys (NFC, lower case); multi-word synonyms (``ou bien``) are kept as is.
    """

    _forward: Mapping[str, tuple[str, ...]] = field(repr=False)
    # The inverse index and its keys are built on first use (about 0.2 s): clean text with no
    # unknown word never needs them, so a pipeline's first call does not wait for them.
    _inverse_index: Mapping[str, tuple[str, ...]] | None = field(default=None, repr=False)
    _replacements: frozenset[str] | None = field(default=None, repr=False)
    headwords: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "headwords", frozenset(self._forward))

    @classmethod
    def from_forward(cls, forward: Mapping[str, Iterable[str]]) -> Thesaurus:
        """Build from a headword → synonyms map (the inverse index follows on first use)."""
        return cls(MappingProxyType({h: tuple(s) for h, s in forward.items()}))

    @property
    def _inverse(self) -> Mapping[str, tuple[str, ...]]:
        inv = self._inverse_index
        if inv is None:  # two threads may both build it: the same value, harmless
            lists: dict[str, list[str]] = {}
            for head in sorted(self._forward):
                for syn in self._forward[head]:
                    lst = lists.get(syn)
                    if lst is None:
                        lists[syn] = [head]
                    else:
                        lst.append(head)
            inv = MappingProxyType({syn: tuple(heads) for syn, heads in lists.items()})
            object.__setattr__(self, "_inverse_index", inv)
        return inv

    @property
    def replacements(self) -> frozenset[str]:
        """Every string some headword lists as a synonym."""
        value = self._replacements
        if value is None:
            value = frozenset(self._inverse)
            object.__setattr__(self, "_replacements", value)
        return value

    def synonyms(self, headword: str) -> tuple[str, ...]:
        """Sorted synonyms of ``headword`` (all senses merged); ``()`` if not a headword."""
        return self._forward.get(headword, ())

    def headwords_listing(self, synonym: str) -> tuple[str, ...]:
        """Sorted headwords that list ``synonym``: what a spinner may have replaced by it."""
        inv = self._inverse_index
        if inv is None:
            inv = self._inverse
        return inv.get(synonym, ())

    def lists(self, original: str, replacement: str) -> bool:
        """Whether the thesaurus offers ``replacement`` as a synonym of ``original``."""
        return replacement in self._forward.get(original, ())

    def __len__(self) -> int:
        return len(self._forward)

    def __contains__(self, headword: object) -> bool:
        return headword in self._forward

    def __repr__(self) -> str:
        return f"Thesaurus(headwords={len(self.headwords)}, replacements={len(self.replacements)})"


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The shipped thesaurus (loaded once per process)."""
    data = read_data_file(_data_path(THESAURUS_FILE), THESAURUS_FORMAT, THESAURUS_VERSION)
    return Thesaurus.from_forward(data["forward"])


# --------------------------------------------------------------------------- word frequencies


@lru_cache(maxsize=1)
def word_frequencies() -> Mapping[str, float]:
    """wordfreq's French "large" list (word → frequency), keys lower-cased.

    Not shipped: wordfreq is a runtime dependency. Used as a broad vocabulary (which strings
    are real words) beyond what our own corpora cover.
    """
    buckets = _frequency_list("fr", "large")
    freqs: dict[str, float] = {}
    # Most frequent first. wordfreq's keys are lower case and each stands once, so a bucket
    # goes in whole (this runs at every cold start); should a key need lower-casing, from
    # there on a key already present keeps its (larger) frequency.
    folded = False
    for index, bucket in enumerate(buckets):
        freq = _bucket_frequency(index)
        joined = "\n".join(bucket)
        if not folded and joined == joined.lower():
            freqs.update(dict.fromkeys(bucket, freq))
        else:
            folded = True
            for word in bucket:
                freqs.setdefault(word.lower(), freq)
    return freqs


# English words at least this frequent (Zipf 3, once per million words) are terms a French text
# may leave in English (``socket``, ``comments``): see ``Lexicon.looks_foreign``.
ENGLISH_FREQUENCY = 1e-6


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """wordfreq's English words of at least :data:`ENGLISH_FREQUENCY`, lower-cased.

    Read from its "small" list (about 30,000 words, in about 10 ms) the first time a text
    holds a word French rarely writes.
    """
    return frozenset(
        word.lower()
        for index, bucket in enumerate(_frequency_list("en", "small"))
        if _bucket_frequency(index) >= ENGLISH_FREQUENCY
        for word in bucket
    )


def _frequency_list(lang: str, wordlist: str) -> list[list[str]]:
    """wordfreq's list of words by centibel of frequency, the most frequent first: read from
    its file (:func:`_wordfreq_buckets`), else by wordfreq itself."""
    buckets = _wordfreq_buckets(lang, wordlist)
    if buckets is None:
        from wordfreq import get_frequency_list

        buckets = get_frequency_list(lang, wordlist=wordlist)
    return buckets


def _bucket_frequency(index: int) -> float:
    """The frequency of the words of bucket ``index`` (wordfreq's ``cB_to_freq(-index)``)."""
    return float(10 ** (-index / 100))


def _wordfreq_file(lang: str, wordlist: str) -> Path | None:
    """Where the installed wordfreq keeps a word list (None without wordfreq)."""
    spec = find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"{wordlist}_{lang}.msgpack.gz"


def _wordfreq_buckets(lang: str, wordlist: str) -> list[list[str]] | None:
    """wordfreq's list read from its data file without importing ``wordfreq``: its import
    compiles its tokenizer's regular expressions, which we never use, and took about a third
    of frtextfix's cold start (0.3 s). The file is wordfreq's documented "cBpack" (gzipped
    msgpack: a header, then the words of each centibel of frequency, the most frequent
    first); the result is ``wordfreq.get_frequency_list``'s (a test checks it). None when
    the file is not where wordfreq keeps it: the caller falls back on wordfreq's reader."""
    path = _wordfreq_file(lang, wordlist)
    if path is None:
        return None
    try:
        data = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    except (OSError, EOFError, ValueError, zlib.error, msgpack.UnpackException):
        # missing, or not a format we know: wordfreq's reader decides
        return None
    header = data[0] if isinstance(data, list) and data else None
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return None
    return cast("list[list[str]]", data[1:])


# --------------------------------------------------------------------------- language model


@lru_cache(maxsize=1)
def bigram_model() -> BigramLM:
    """The shipped word-bigram Kneser-Ney model alone (loaded once per process)."""
    from .lm import BigramLM

    data = read_data_file(_data_path(BIGRAMS_FILE), BIGRAMS_FORMAT, BIGRAMS_VERSION)
    return BigramLM.from_data(data)


@lru_cache(maxsize=1)
def language_model() -> BigramLM:
    """The shipped word language model (loaded once per process).

    A :class:`~frtextfix.lm.TrigramLM` (a ``BigramLM`` subclass: every bigram method behaves
    exactly as in the bigram model, plus ``logprob3`` / ``context_logprob``) when
    ``fr_trigrams.msgpack.gz`` is present, else the plain :class:`~frtextfix.lm.BigramLM`.
    The trigram file refers to the bigram file's word ids; a trigram file built from another
    bigram file raises :class:`DataFileError` when the trigrams are first needed (they are read
    then, not here: deciding that text is clean takes the bigram model alone).
    """
    from .lm import TrigramLM

    bigram_path = _data_path(BIGRAMS_FILE)
    trigram_path = _data_path(TRIGRAMS_FILE)
    if not trigram_path.is_file():
        return bigram_model()
    bi = read_data_file(bigram_path, BIGRAMS_FORMAT, BIGRAMS_VERSION)

    def trigrams() -> dict[str, Any]:
        tri = read_data_file(trigram_path, TRIGRAMS_FORMAT, TRIGRAMS_VERSION)
        if tri["header"].get("bigrams_sha256") != _bigrams_sha256():
            raise DataFileError(
                f"frtextfix data file {TRIGRAMS_FILE!r} was not built from the shipped "
                f"{BIGRAMS_FILE!r}; rebuild both with scripts/build_lm.py (see docs/data.md)"
            )
        return tri

    # the trigram tables are read when first needed (the screen reads clean text without them)
    return TrigramLM.with_trigrams_on_first_use(bi, trigrams)


@lru_cache(maxsize=1)
def topic_model() -> TopicModel | None:
    """The shipped word vectors of what content words are about (``scripts/build_topics.py``),
    or None when the file is not there (the engine then weighs content swaps without them)."""
    from .topics import TopicModel

    path = _data_path(TOPICS_FILE)
    if not path.is_file():
        return None
    return TopicModel.from_data(read_data_file(path, TOPICS_FORMAT, TOPICS_VERSION))


# --------------------------------------------------------------------------- engine tables

ENGINE_TABLES_FILE = "engine_tables.msgpack.gz"
ENGINE_TABLES_FORMAT = "frtextfix-engine-tables"
ENGINE_TABLES_VERSION = 1


@lru_cache(maxsize=1)
def _bigrams_sha256() -> str:
    """SHA-256 of the shipped bigram file, which the trigram file and the engine's word
    tables record as their input."""
    import hashlib

    return hashlib.sha256(_data_path(BIGRAMS_FILE).read_bytes()).hexdigest()


def engine_tables_inputs() -> dict[str, str] | None:
    """SHA-256 of what the engine's word tables are computed from: wordfreq's French list as
    installed, and the shipped bigram file (whose words complete it). None when wordfreq's
    file is not where wordfreq keeps it."""
    import hashlib

    wordfreq_path = _wordfreq_file("fr", "large")
    if wordfreq_path is None or not wordfreq_path.is_file():
        return None
    return {
        "wordfreq_sha256": hashlib.sha256(wordfreq_path.read_bytes()).hexdigest(),
        "bigrams_sha256": _bigrams_sha256(),
    }


@lru_cache(maxsize=1)
def engine_tables() -> dict[str, Any] | None:
    """The word tables the rule engine needs on the first damaged text, as shipped
    (``scripts/build_engine_tables.py``): computing them takes about 1.5 s, reading them
    and checking their inputs about a tenth of a second. None when the file is absent or was
    built from other inputs (another wordfreq list): the engine then computes them, with the
    same result."""
    path = _data_path(ENGINE_TABLES_FILE)
    if not path.is_file():
        return None
    data = read_data_file(path, ENGINE_TABLES_FORMAT, ENGINE_TABLES_VERSION)
    inputs = engine_tables_inputs()
    if inputs is None or any(data["header"].get(k) != v for k, v in inputs.items()):
        return None
    return data


# --------------------------------------------------------------------------- calibration

CALIBRATION_FILE = "calibration.msgpack.gz"
CALIBRATION_FORMAT = "frtextfix-calibration"
CALIBRATION_VERSION = 1


@lru_cache(maxsize=1)
def calibration() -> dict[str, Any]:
    """Coefficients of the sentence-confidence model (``benchmarks/calibrate.py`` fits them)."""
    return read_data_file(_data_path(CALIBRATION_FILE), CALIBRATION_FORMAT, CALIBRATION_VERSION)
