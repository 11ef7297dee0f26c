"""Content checks (内容检查) before publication: personal information, listed words,
placeholder text, empty documents, broken internal links.

Run by the services at submit and again at publish, over the title, the 内容概述, the
body and the text of every attachment (domain.md Part 1 "Personal information"). Findings
are stored per revision (ContentFinding) with their position and a masked excerpt; the
clear value is never stored — a finding is recognized on the next run by an HMAC of its
value (``fingerprint``), so a reviewer's override holds while the text stays the same.

- 居民身份证号码: 18 characters with a valid GB 11643 check character and birth date
  (orgs.validators.is_valid_resident_id). An 18-digit number that fails the check (an
  order number) is not flagged.
- 手机号码: 1[3-9] + 9 digits (also written 138-1234-5678), not inside a longer run of
  digits or letters.
- 银行卡号: 16–19 digits (also in groups of 4) passing the Luhn check, starting with a
  digit card numbers start with (3, 4, 5, 6, 9), and not a valid 统一社会信用代码.
- Words: the WordList (敏感词, 严重表述错误) matched with Aho-Corasick.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import ahocorasick
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.cn import uscc

from gongkai.core import audit
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.validators import is_valid_resident_id
from gongkai.publishing.constants import (
    CARD_MASK_KEEP_HEAD,
    CARD_MASK_KEEP_TAIL,
    DATA_DIR,
    EXCERPT_CONTEXT_CHARS,
    FINDING_SEVERITY,
    ID_MASK_KEEP_HEAD,
    ID_MASK_KEEP_TAIL,
    MASK_CHAR,
    MOBILE_MASK_KEEP_HEAD,
    MOBILE_MASK_KEEP_TAIL,
    PII_KINDS,
    PLACEHOLDER_PATTERNS,
    FindingKind,
    FindingStatus,
    FindingWhere,
    WordKind,
)
from gongkai.publishing.models import (
    DOCUMENT_FALLBACK_PATH,
    ContentFinding,
    Document,
    DocumentRevision,
    WordList,
)

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------ personal information

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4})(?![0-9A-Za-z])")
_CARD_FIRST_DIGITS = set("34569")
# Full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) read as ASCII, one character for one,
# so positions stay those of the original text.
_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    value: str  # as written (may hold separators)

    @property
    def digits(self) -> str:
        return re.sub(r"[^0-9Xx]", "", self.value.translate(_FULLWIDTH)).upper()


def _is_card(digits: str) -> bool:
    return (
        16 <= len(digits) <= 19
        and digits[0] in _CARD_FIRST_DIGITS
        and luhn.is_valid(digits)
        and not uscc.is_valid(digits)
    )


def find_pii(text: str) -> list[PiiMatch]:
    """Personal information in ``text``, in order, never overlapping (a resident ID
    wins over a card number, which wins over a mobile number). Full-width digits count;
    each match's value is the text as written."""
    original, text = text, text.translate(_FULLWIDTH)
    found: list[PiiMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _ID.finditer(text):
        if is_valid_resident_id(m.group()):
            found.append(PiiMatch(FindingKind.RESIDENT_ID, m.start(), m.end(), original[m.start() : m.end()]))
            taken.append(m.span())
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if free(*m.span()) and _is_card(digits):
            found.append(PiiMatch(FindingKind.BANK_CARD, m.start(), m.end(), original[m.start() : m.end()]))
            taken.append(m.span())
    for m in _MOBILE.finditer(text):
        if free(*m.span()):
            found.append(PiiMatch(FindingKind.MOBILE, m.start(), m.end(), original[m.start() : m.end()]))
            taken.append(m.span())
    return sorted(found, key=lambda p: p.start)


_KEEP = {
    FindingKind.RESIDENT_ID: (ID_MASK_KEEP_HEAD, ID_MASK_KEEP_TAIL),
    FindingKind.MOBILE: (MOBILE_MASK_KEEP_HEAD, MOBILE_MASK_KEEP_TAIL),
    FindingKind.BANK_CARD: (CARD_MASK_KEEP_HEAD, CARD_MASK_KEEP_TAIL),
}


def mask_value(kind: str, value: str) -> str:
    """The published form of a value, same length, separators kept:
    4108**********1234, 138****5678, 6222 **** **** 1234."""
    head, tail = _KEEP[kind]
    positions = [i for i, ch in enumerate(value) if ch.isdigit() or ch in "XxＸｘ"]
    hidden = set(positions[head : len(positions) - tail])
    return "".join(MASK_CHAR if i in hidden else ch for i, ch in enumerate(value))


def mask_text(text: str, *, only: set[str] | None = None) -> tuple[str, int]:
    """``text`` with personal information masked (only the values whose fingerprint is
    in ``only``, when given); returns (text, occurrences masked). Length-preserving."""
    out, last, count = [], 0, 0
    for m in find_pii(text):
        if only is not None and fingerprint(m.kind, m.digits) not in only:
            continue
        out.append(text[last : m.start])
        out.append(mask_value(m.kind, m.value))
        last = m.end
        count += 1
    out.append(text[last:])
    return "".join(out), count


def mask_html(html: str, values: dict[str, str]) -> tuple[str, int]:
    """Replace each clear value (as written) by its masked form wherever it stands in
    ``html`` — text or attribute — but never inside a longer run of digits."""
    count = 0
    for clear, masked in values.items():
        pattern = re.compile(r"(?<![0-9A-Za-z])" + re.escape(clear) + r"(?![0-9A-Za-z])")
        html, n = pattern.subn(masked, html)
        count += n
    return html, count


def fingerprint(kind: str, value: str) -> str:
    """HMAC of a finding's normalized value: recognizes it again without storing it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()


# -------------------------------------------------------------------------- words

# Cached per process under a version key made from the WordList table (count, newest
# change, highest id): any write — console, admin, seed command — changes the key, so
# the automaton is rebuilt on the next check run. One aggregate query per run.
_automaton_cache: dict[str, ahocorasick.Automaton] = {}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _wordlist_version() -> str:
    agg = WordList.objects.filter(is_active=True).aggregate(n=Count("pk"), t=Max("updated_at"), m=Max("pk"))
    return f"{agg['n']}:{agg['t'].isoformat() if agg['t'] else ''}:{agg['m']}"


def word_automaton() -> ahocorasick.Automaton | None:
    version = _wordlist_version()
    automaton = _automaton_cache.get(version)
    if automaton is None:
        automaton = ahocorasick.Automaton()
        for kind, term, suggestion in WordList.objects.filter(is_active=True).values_list(
            "kind", "term", "suggestion"
        ):
            if term.strip():
                key = term.strip().translate(_ASCII_LOWER)
                automaton.add_word(key, (kind, term.strip(), suggestion))
        if len(automaton):
            automaton.make_automaton()
        _automaton_cache.clear()
        _automaton_cache[version] = automaton
    return automaton if len(automaton) else None


def find_words(
    text: str, automaton: ahocorasick.Automaton | None
) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, kind, term, suggestion) of every listed word in ``text``."""
    if automaton is None or not text:
        return
    for end_index, (kind, term, suggestion) in automaton.iter(text.translate(_ASCII_LOWER)):
        start = end_index - len(term) + 1
        yield start, end_index + 1, kind, term, suggestion


_PLACEHOLDER = re.compile("|".join(f"(?:{p})" for p in PLACEHOLDER_PATTERNS))


# -------------------------------------------------------------------------- links


class _LinkParser(HTMLParser):
    """(url, label) of every <a href> and <img src> in a body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[list[str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self._open = [values["href"] or "", ""]
            self.links.append(self._open)
        elif tag == "img" and values.get("src"):
            self.links.append([values["src"] or "", values.get("alt") or ""])

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data


def _links(html: str) -> list[tuple[str, str]]:
    parser = _LinkParser()
    parser.feed(html or "")
    parser.close()
    return [(href, label.strip()) for href, label in parser.links]


_FALLBACK_DOC = re.compile("^" + re.escape(DOCUMENT_FALLBACK_PATH).replace(r"\{pk\}", r"(\d+)") + "?$")


def _site_hosts() -> set[str]:
    hosts = {h.lstrip(".").lower() for h in settings.ALLOWED_HOSTS if h and h != "*"}
    hosts |= {h.lower() for h in getattr(settings, "GONGKAI_SITE_HOSTS", ())}
    return hosts


def _document_link_ok(document_id: int) -> bool:
    return Document.objects.filter(
        pk=document_id, live_revision__isnull=False, revoked_at__isnull=True
    ).exists()


def link_problem(href: str, *, base: str) -> str:
    """Why an internal link does not resolve ("" when it does, or is external)."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "mailto:")):
        return ""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http", "https"):
        return ""
    if parts.netloc and parts.netloc.split(":")[0].lower() not in _site_hosts():
        return ""  # another site: not checked (no network access from the checks)
    path = unquote(parts.path) or "/"
    media = settings.MEDIA_URL
    if path.startswith(media):
        return "" if default_storage.exists(path[len(media) :]) else "链接的文件不存在"
    if path.startswith(settings.STATIC_URL):
        return ""
    fallback = _FALLBACK_DOC.match(path)
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and "document_id" in match.kwargs and match.url_name == "document_detail":
        return (
            ""
            if _document_link_ok(int(match.kwargs["document_id"]))
            else "链接的政府信息不存在、未发布或已撤稿"
        )
    if match is None and fallback:
        return "" if _document_link_ok(int(fallback.group(1))) else "链接的政府信息不存在、未发布或已撤稿"
    return "" if match is not None else "本站链接无法打开(页面不存在)"


# -------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Hit:
    kind: str
    where: str
    attachment_id: int | None
    offset: int
    length: int
    line: int
    excerpt: str
    fingerprint: str
    term: str = ""
    suggestion: str = ""


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _excerpt(masked: str, start: int, end: int) -> str:
    a, b = max(0, start - EXCERPT_CONTEXT_CHARS), min(len(masked), end + EXCERPT_CONTEXT_CHARS)
    text = masked[a:b].replace("\n", " ").replace("\t", " ")
    return (("…" if a else "") + text + ("…" if b < len(masked) else ""))[:300]


def scan_text(text: str, *, where: str, attachment_id: int | None = None, automaton=None) -> list[Hit]:
    """Personal information, words and placeholders in one text."""
    if not text:
        return []
    masked, _ = mask_text(text)
    hits: list[Hit] = []
    for m in find_pii(text):
        hits.append(
            Hit(m.kind, where, attachment_id, m.start, m.end - m.start, _line(text, m.start),
                _excerpt(masked, m.start, m.end), fingerprint(m.kind, m.digits))
        )  # fmt: skip
    for start, end, kind, term, suggestion in find_words(text, automaton):
        fkind = FindingKind.SERIOUS_ERROR if kind == WordKind.SERIOUS_ERROR else FindingKind.SENSITIVE_WORD
        hits.append(
            Hit(fkind, where, attachment_id, start, end - start, _line(text, start),
                _excerpt(masked, start, end), fingerprint(fkind, term), term=term, suggestion=suggestion)
        )  # fmt: skip
    for m in _PLACEHOLDER.finditer(text):
        hits.append(
            Hit(FindingKind.PLACEHOLDER, where, attachment_id, m.start(), m.end() - m.start(),
                _line(text, m.start()), _excerpt(masked, m.start(), m.end()),
                fingerprint(FindingKind.PLACEHOLDER, m.group()), term=m.group()[:100],
                suggestion="请补充或删除占位文字")
        )  # fmt: skip
    return hits


def _link_hits(revision: DocumentRevision) -> list[Hit]:
    base = revision.document.get_absolute_url() if revision.document_id else "/"
    hits = []
    seen: set[str] = set()
    for href, label in _links(revision.body_html):
        if href in seen:
            continue
        seen.add(href)
        problem = link_problem(href, base=base)
        if not problem:
            continue
        offset = revision.body_text.find(label) if label else -1
        offset = max(offset, 0)
        hits.append(
            Hit(FindingKind.BROKEN_LINK, FindingWhere.BODY, None, offset, len(label),
                _line(revision.body_text, offset), f"{label or href}({problem})"[:300],
                fingerprint(FindingKind.BROKEN_LINK, href), term=href[:300], suggestion=problem)
        )  # fmt: skip
    return hits


def scan_revision(revision: DocumentRevision) -> list[Hit]:
    automaton = word_automaton()
    attachments = list(revision.attachments.all())
    hits: list[Hit] = []
    hits += scan_text(revision.title, where=FindingWhere.TITLE, automaton=automaton)
    hits += scan_text(revision.summary, where=FindingWhere.SUMMARY, automaton=automaton)
    hits += scan_text(revision.body_text, where=FindingWhere.BODY, automaton=automaton)
    for att in attachments:
        hits += scan_text(
            att.extracted_text, where=FindingWhere.ATTACHMENT, attachment_id=att.pk, automaton=automaton
        )
    hits += _link_hits(revision)
    if not revision.body_text.strip() and not attachments:
        hits.append(
            Hit(FindingKind.EMPTY, FindingWhere.BODY, None, 0, 0, 1, "正文和附件均为空",
                fingerprint(FindingKind.EMPTY, ""), suggestion="请填写正文或上传附件")
        )  # fmt: skip
    return hits


def run_checks(revision: DocumentRevision, *, stage: str) -> list[ContentFinding]:
    """Scan ``revision`` and bring its stored findings up to date; returns the open ones.

    - a finding still present stays (position refreshed); one no longer present becomes
      ``resolved``; a new one is added ``open``;
    - a value a reviewer overrode stays overridden (no new open finding for it);
    - masked findings are history and are not touched.
    Call inside the service's transaction."""
    hits = scan_revision(revision)
    existing = list(revision.findings.all())
    overridden = {f.fingerprint for f in existing if f.status == FindingStatus.OVERRIDDEN}
    open_by_key = {
        (f.fingerprint, f.where, f.attachment_id, f.offset): f
        for f in existing
        if f.status == FindingStatus.OPEN
    }
    now = timezone.now()
    to_create: list[ContentFinding] = []
    kept: set[int] = set()
    for hit in hits:
        if hit.fingerprint in overridden:
            continue
        current = open_by_key.get((hit.fingerprint, hit.where, hit.attachment_id, hit.offset))
        if current is not None and current.pk not in kept:
            kept.add(current.pk)
            if (current.line, current.excerpt, current.length) != (hit.line, hit.excerpt, hit.length):
                current.line, current.excerpt, current.length = hit.line, hit.excerpt, hit.length
                current.save(update_fields=["line", "excerpt", "length", "updated_at"])
            continue
        to_create.append(
            ContentFinding(
                revision=revision,
                kind=hit.kind,
                where=hit.where,
                attachment_id=hit.attachment_id,
                offset=hit.offset,
                length=hit.length,
                line=hit.line,
                excerpt=hit.excerpt,
                term=hit.term,
                suggestion=hit.suggestion[:300],
                severity=FINDING_SEVERITY[hit.kind],
                fingerprint=hit.fingerprint,
                stage=stage,
            )
        )
    gone = [f.pk for f in open_by_key.values() if f.pk not in kept]
    if gone:
        ContentFinding.objects.filter(pk__in=gone).update(status=FindingStatus.RESOLVED, handled_at=now)
    ContentFinding.objects.bulk_create(to_create)
    return list(revision.findings.filter(status=FindingStatus.OPEN))


def blocking_findings(revision: DocumentRevision) -> list[ContentFinding]:
    return [f for f in revision.findings.filter(status=FindingStatus.OPEN) if f.is_blocking]


def pii_values(
    revision: DocumentRevision, fingerprints: Iterable[str] | None = None
) -> dict[str, dict[str, str]]:
    """For each text field (title, summary, body), the clear → masked values to replace
    (only those whose fingerprint is in ``fingerprints`` when given)."""
    wanted = set(fingerprints) if fingerprints is not None else None
    fields = {"title": revision.title, "summary": revision.summary, "body": revision.body_text}
    out: dict[str, dict[str, str]] = {}
    for name, text in fields.items():
        values = {}
        for m in find_pii(text or ""):
            if wanted is None or fingerprint(m.kind, m.digits) in wanted:
                values[m.value] = mask_value(m.kind, m.value)
        out[name] = values
    return out


# ------------------------------------------------------------- word list (词库)


def _require_system_admin(actor) -> None:
    if actor is not None and not org_selectors.is_system_admin(actor):
        raise PermissionDenied(_("只有系统管理员可以维护词库。"))


@transaction.atomic
def wordlist_entry_save(
    *,
    actor,
    kind: str,
    term: str,
    suggestion: str = "",
    source: str = "",
    is_active: bool = True,
    entry: WordList | None = None,
) -> WordList:
    """Add or change a word (system admin). The automaton is rebuilt on the next check
    run: the version key changes with the row (see word_automaton)."""
    _require_system_admin(actor)
    term = (term or "").strip()
    if kind not in WordKind.values:
        raise ValidationError({"kind": [_("请选择类型。")]})
    if not term or len(term) > 100:
        raise ValidationError({"term": [_("请填写词语(不超过100字)。")]})
    clash = WordList.objects.filter(kind=kind, term=term).exclude(pk=getattr(entry, "pk", None)).exists()
    if clash:
        raise ValidationError({"term": [_("词库中已有该词语。")]})
    entry = entry or WordList()
    before = {"kind": entry.kind, "term": entry.term, "is_active": entry.is_active} if entry.pk else None
    entry.kind, entry.term, entry.suggestion, entry.source = (
        kind,
        term,
        suggestion.strip()[:300],
        source.strip()[:300],
    )
    entry.is_active = is_active
    entry.updated_by = actor if getattr(actor, "pk", None) else None
    entry.save()
    audit.record(
        actor=actor,
        action="wordlist.save",
        obj=entry,
        summary={"before": before, "kind": kind, "term": term, "is_active": is_active},
    )
    return entry


@transaction.atomic
def wordlist_entry_delete(*, actor, entry: WordList) -> None:
    _require_system_admin(actor)
    audit.record(
        actor=actor, action="wordlist.delete", obj=entry, summary={"kind": entry.kind, "term": entry.term}
    )
    entry.delete()


SEED_FILE = DATA_DIR / "wordlist_seed.json"


@transaction.atomic
def wordlist_seed(*, actor=None) -> int:
    """Add the shipped example words that are missing; returns how many were added."""
    words = json.loads(SEED_FILE.read_text(encoding="utf-8"))["words"]
    existing = set(WordList.objects.values_list("kind", "term"))
    new = [
        WordList(
            kind=w["kind"],
            term=w["term"],
            suggestion=w.get("suggestion", ""),
            source=w.get("source", ""),
            is_seed=True,
        )
        for w in words
        if (w["kind"], w["term"]) not in existing
    ]
    WordList.objects.bulk_create(new)
    if new:
        audit.record(actor=actor, action="wordlist.seed", summary={"added": len(new)})
    return len(new)


__all__ = [
    "PII_KINDS",
    "blocking_findings",
    "find_pii",
    "fingerprint",
    "link_problem",
    "mask_html",
    "mask_text",
    "mask_value",
    "pii_values",
    "run_checks",
    "scan_revision",
    "word_automaton",
    "wordlist_entry_delete",
    "wordlist_entry_save",
    "wordlist_seed",
]
