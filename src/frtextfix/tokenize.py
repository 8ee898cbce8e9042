"""French tokenization with offsets, shared by the rule engine, the corrector, the scorer and
the scripts that build the language model (they must agree on what a word is).

A *word* is a maximal run of letters (with combining marks, so NFD text tokenizes like NFC).
Invisible format characters between letters (soft hyphen, zero-width space or joiner, word
joiner: Unicode ``Cf``) belong to the word, as web text has them inside words. Apostrophes
and hyphens separate words: ``l'article`` → ``l``, ``article``; ``rendez-vous`` → ``rendez``,
``vous``. Digits are not words. The lookup key of a word is its NFC, lower-cased form without
format characters; the text itself is never normalized.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import regex

WORD_RE = regex.compile(r"[\p{L}\p{M}]+(?:\p{Cf}+[\p{L}\p{M}]+)*")
_FORMAT_RE = regex.compile(r"\p{Cf}+")
# What joins the words of a compound (``celui-là``): a word boundary here, but the engine may
# take a compound that a spinner put in the place of one word as one token (``document.py``).
HYPHEN = "-"
# A sentence ends after . ! ? … (optionally followed by closing quotes/brackets) and spaces,
# or at a line break. Kept deliberately simple: scoring granularity, not syntax.
SENTENCE_END_RE = regex.compile(r"(?<=[.!?…][»\"”’)\]]*)[ \t]+|\n+")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        """NFC lower-cased form used for every lookup."""
        return normalize(self.text)


def normalize(word: str) -> str:
    """Lookup key: NFC and lower case (``Présente`` and NFD ``présente`` share a key), without
    format characters (``pré\u00adsente`` is ``présente``)."""
    if word.isascii():
        return word.lower()
    return spelling(word).lower()


def spelling(word: str) -> str:
    """The letters of a word token as its key spells them, case kept: NFC, without format
    characters. Offsets into the key are offsets into this string."""
    if word.isascii():
        return word
    if not word.isprintable():  # a word token is letters, marks and format characters
        word = _FORMAT_RE.sub("", word)
    return unicodedata.normalize("NFC", word)


# Spans that are not prose: markup (HTML tags and comments, scripts and styles, character
# references), web addresses, e-mail addresses, @handles. Their words are neither evidence
# nor candidates for repair: a tag, a link or an address must come through intact. Every
# pattern starts where a run begins (a lookbehind), so that no match attempt rescans a long
# run of letters: the cost stays linear on any input (a blob of base64, a page of dots).
_NOT_PROSE_RE = regex.compile(
    r"</?(?P<tag>[a-zA-Z][a-zA-Z0-9:-]*)(?:\s[^<>]*)?/?>"
    r"|<![a-zA-Z][^<>]*>"
    r"|&(?:[a-zA-Z][a-zA-Z0-9]{0,31}|#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8});"
    r"|(?:(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://|(?<![\w.])www\.)"
    r"[^\s<>\"'«»]*[^\s<>\"'«».,;:!?)\]]"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@])@\w+",
)
# Comments, scripts and styles are blanked with their content, closing found by a plain
# search (a regex would rescan the rest of the text for every unclosed one).
_CODE_OPEN_RE = regex.compile(r"<!--|<(script|style)\b[^<>]*>", regex.IGNORECASE)
# Tags that end a block of text: blanked to a line break, which ends a sentence.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
})


def _blank(m: regex.Match[str]) -> str:
    tag = m.group("tag")
    if tag is not None and tag.lower() in _BLOCK_TAGS:
        return "\n" + " " * (len(m.group()) - 1)
    return " " * len(m.group())


def _blank_code(text: str) -> str:
    """``text`` with HTML comments, scripts and styles blanked, in one pass: once a kind has no
    closing left, its later openings are not searched again."""
    lower: str | None = None
    closable = {"<!--": True, "script": True, "style": True}
    pieces: list[str] = []
    pos = 0
    for m in _CODE_OPEN_RE.finditer(text):
        kind = (m.group(1) or "<!--").lower()
        if m.start() < pos or not closable[kind]:
            continue
        if lower is None:
            lower = text.lower()
        if kind == "<!--":
            close = lower.find("-->", m.end())
            end = close + 3 if close >= 0 else -1
        else:
            close = lower.find("</" + kind, m.end())
            end = lower.find(">", close) + 1 if close >= 0 else -1
        if end <= 0:
            closable[kind] = False
            continue
        pieces.append(text[pos:m.start()])
        pieces.append(" " * (end - m.start()))
        pos = end
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def prose(text: str) -> str:
    """``text`` with markup, web addresses, e-mail addresses and @handles blanked out (same
    length, so offsets still index ``text``; a block tag becomes a line break): what the engine
    reads words and sentences from."""
    if "://" not in text and "www." not in text and "@" not in text and "<" not in text and "&" not in text:
        return text
    if "<" in text:
        text = _blank_code(text)
    return _NOT_PROSE_RE.sub(_blank, text)


def simple_keys(text: str) -> bool:
    """Whether lower-casing alone gives the key of every word of ``text`` (NFC, no format
    character): a fast path for code that folds many words."""
    return _FORMAT_RE.search(text) is None and unicodedata.is_normalized("NFC", text)


def words(text: str) -> list[Token]:
    """All word tokens of ``text`` with their offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def word_keys(text: str) -> list[str]:
    """Just the lookup keys, for building models (fast path of :func:`words`)."""
    return [normalize(m) for m in WORD_RE.findall(text)]


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text``, whitespace between them excluded.

    Every non-blank character belongs to exactly one span.
    """
    pos = 0
    for m in SENTENCE_END_RE.finditer(text):
        yield from _strip_span(text, pos, m.start())
        pos = m.end()
    yield from _strip_span(text, pos, len(text))


def _strip_span(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield (start, end)
