"""Chinese word segmentation for the index and the query: one tokenizer, one mode.

The mode ("search mode")
------------------------
Text is cut with jieba's precise mode (``cut``, HMM off) over jieba's dictionary plus our
government terms (data/gov_terms.txt) and the synonym terms (data/synonyms.toml). Every
word is emitted, and before it the dictionary words of its own decomposition: jieba's
best cut of the word without itself, recursively, plus dictionary words made of
consecutive parts. That is jieba's ``cut_for_search`` idea (全面/推进/基层/政务/公开/
标准/标准化/…) made hierarchical: ``基层政务公开`` → 基层/政务/公开/政务公开/基层政务公开,
``政府信息公开工作年度报告`` → …/信息公开/政府信息公开/年度报告/…; unlike
``cut_for_search`` it reaches words longer than three characters inside long terms and
never emits grams that straddle the inner cut (危房改造 gives 危房/改造, not 房改;
标准化规范化 not 范化).

Why this mode, at index *and* query time:

- Two-character queries match inside longer words. ``公开`` finds 政务公开, 依申请公开 and
  信息公开指南; with precise mode alone the dictionary words 政务公开/依申请公开 would be
  single tokens and ``公开`` would miss them.
- Long government terms stay whole as well, so a query ``最低生活保障`` is one token that
  matches only that term, not 最低 AND 生活 AND 保障 anywhere in the text.
- Phrase queries work because the query goes through the same function: the tokens of a
  phrase are exactly the tokens the same characters produce in a document, in the same
  order, as long as jieba draws the same word boundaries around it (it does unless the
  phrase sits inside a longer dictionary word; a one-word phrase is therefore matched as a
  word, see query.py).
- HMM is off so unknown words (names, new terms) fall apart into single characters the
  same way in every context; the HMM guesses new words differently depending on the
  neighbouring characters, which would make query and document disagree.

Tokens are NFKC-normalised, lower-cased and limited to letters and digits: punctuation
never becomes a token, so FTS5's unicode61 tokenizer and PostgreSQL's parser see
exactly the tokens produced here, separated by spaces.

The dictionary is loaded once per process, lazily (jieba needs 0.5–0.8 s); importing this
module costs nothing. ``fingerprint()`` identifies the dictionary + mode; an index entry
made with another fingerprint is stale (``gongkai search-check``).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import tomllib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
GOV_TERMS_FILE = DATA_DIR / "gov_terms.txt"
SYNONYMS_FILE = DATA_DIR / "synonyms.toml"
STOPWORDS_FILE = DATA_DIR / "query_stopwords.txt"
SOFT_WORDS_FILE = DATA_DIR / "query_soft_words.txt"

# Bump when the way tokens are produced changes (not the dictionary: that is hashed).
MODE_VERSION = "hierarchical-search-mode-1"

_TOKEN_RE = re.compile(r"[^\W_]+")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_lock = threading.Lock()
_tokenizer = None


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def is_cjk(word: str) -> bool:
    return bool(word) and all(_CJK_RE.match(ch) for ch in word)


def _read_terms(path: Path) -> list[str]:
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line.split()[0])
    return terms


@functools.cache
def dictionary_terms() -> tuple[str, ...]:
    """Words added to jieba's dictionary: government terms, then every synonym term of
    the seed file (so that 低保, 五保户, 最低生活保障金 are cut whole)."""
    terms = _read_terms(GOV_TERMS_FILE)
    with SYNONYMS_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    for group in data.get("groups", []):
        terms.append(group["canonical"])
        terms.extend(group.get("variants", []))
    seen: dict[str, None] = {}
    for term in terms:
        term = normalize(term).strip()
        if len(term) >= 2 and " " not in term:
            seen.setdefault(term, None)
    return tuple(seen)


@functools.cache
def query_stopwords() -> frozenset[str]:
    return frozenset(normalize(w) for w in _read_terms(STOPWORDS_FILE))


@functools.cache
def query_soft_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in _read_terms(SOFT_WORDS_FILE))


@functools.cache
def known_terms() -> frozenset[str]:
    return frozenset(dictionary_terms())


def parts(word: str) -> list[str]:
    """jieba's best cut of ``word`` into smaller dictionary words ([word] if none)."""
    if len(word) < 4 or not is_cjk(word):
        return [word]
    return _subcut(word, tokenizer())


@functools.cache
def fingerprint() -> str:
    """16 hex digits identifying jieba's version, our dictionary and the mode. Cheap:
    does not load jieba's dictionary."""
    import jieba

    digest = hashlib.sha256()
    digest.update(f"{jieba.__version__}|{MODE_VERSION}|".encode())
    digest.update("\n".join(dictionary_terms()).encode())
    return digest.hexdigest()[:16]


def tokenizer():
    """The process-wide jieba tokenizer with our dictionary (loaded on first use)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" on stderr
                tk = jieba.Tokenizer()
                tk.initialize()
                for term in dictionary_terms():
                    # No frequency given: jieba computes one high enough to keep the
                    # term whole (suggest_freq), whatever its own dictionary says.
                    tk.add_word(term)
                _tokenizer = tk
    return _tokenizer


def words(text: str) -> list[str]:
    """Precise-mode words (HMM off) of ``text``, normalised; punctuation and spaces
    dropped. Mixed tokens such as ``12345热线`` come out as ``12345`` and ``热线``."""
    out: list[str] = []
    for word in tokenizer().cut(normalize(text), HMM=False):
        out.extend(_TOKEN_RE.findall(word))
    return out


def _subcut(word: str, tk) -> list[str]:
    """The best cut of ``word`` into smaller dictionary words: jieba's own route over
    the word with the whole-word edge removed."""
    dag = tk.get_DAG(word)
    dag[0] = [end for end in dag[0] if end != len(word) - 1] or [0]
    route: dict = {}
    tk.calc(word, dag, route)
    parts, i = [], 0
    while i < len(word):
        end = route[i][1]
        parts.append(word[i : end + 1])
        i = end + 1
    return parts


@functools.lru_cache(maxsize=200_000)
def _expand(word: str) -> tuple[str, ...]:
    tk = tokenizer()
    parts = _subcut(word, tk)
    if len(parts) == 1:
        return (word,)
    out: list[str] = []
    for part in parts:
        if len(part) >= 2:
            out.extend(_expand(part))
    # Dictionary words made of several consecutive parts (信息|公开 inside 政府信息公开…).
    for i in range(len(parts)):
        for j in range(i + 2, len(parts) + (0 if i == 0 else 1)):
            gram = "".join(parts[i:j])
            if tk.FREQ.get(gram):
                out.append(gram)
    out.append(word)
    return tuple(out)


def expand(word: str) -> list[str]:
    """The search-mode tokens of one precise-mode word: the inner dictionary words of
    its decomposition (jieba's best cut of the word without itself, recursively; inner
    words never straddle those cuts, so 危房改造 gives 危房/改造 but not 房改), then the
    word itself."""
    if len(word) <= 2 or not is_cjk(word):
        return [word]
    return list(_expand(word))


def search_tokens(text: str) -> list[str]:
    """The tokens of ``text`` in search mode (what the index stores, in order)."""
    tokens: list[str] = []
    for word in words(text):
        tokens.extend(expand(word))
    return tokens


def index_text(text: str) -> str:
    """Space-joined search-mode tokens: what the FTS5 table and the tsvector are built
    from."""
    return " ".join(search_tokens(text))


def warm_up(texts: Iterable[str] = ()) -> None:
    """Load the dictionary now (e.g. in a worker's startup) instead of on the first
    request."""
    tokenizer()
    for text in texts:
        search_tokens(text)
