"""Synonym groups: the seed data file and the rules every group obeys.

Pure module (no ORM at import): the migration that seeds the table, the load-synonyms
service and the tests all read the file through ``read_seed_file``. State changes to the
table go through gongkai.search.services (audited); reads through selectors.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.search.segmentation import SYNONYMS_FILE, normalize

TERM_MAX_LENGTH = 30
VARIANTS_MAX = 20


@dataclass(frozen=True)
class SeedGroup:
    canonical: str
    variants: tuple[str, ...]
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class SeedFile:
    groups: list[SeedGroup]
    sources: dict[str, dict] = field(default_factory=dict)


def clean_term(term: str) -> str:
    """A term as stored and matched: NFKC, lower case, no spaces."""
    return "".join(normalize(term).split())


def clean_group(canonical: str, variants: list[str] | tuple[str, ...]) -> tuple[str, list[str]]:
    """Normalise and check one group; raises ValidationError with a Chinese message."""
    canonical = clean_term(canonical)
    if len(canonical) < 2:
        raise ValidationError(_("规范用语至少两个字。"), code="synonym_short")
    cleaned: list[str] = []
    for variant in variants:
        variant = clean_term(variant)
        if not variant:
            continue
        if len(variant) < 2:
            raise ValidationError(
                _("“%(v)s”太短:单字会匹配大量无关内容,同义词至少两个字。") % {"v": variant},
                code="synonym_short",
            )
        if variant != canonical and variant not in cleaned:
            cleaned.append(variant)
    for term in (canonical, *cleaned):
        if len(term) > TERM_MAX_LENGTH:
            raise ValidationError(
                _("“%(t)s”超过%(n)d个字。") % {"t": term, "n": TERM_MAX_LENGTH}, code="synonym_long"
            )
    if not cleaned:
        raise ValidationError(_("至少填写一个俗称或简称。"), code="synonym_empty")
    if len(cleaned) > VARIANTS_MAX:
        raise ValidationError(
            _("一个同义词组最多%(n)d个俗称或简称。") % {"n": VARIANTS_MAX}, code="synonym_many"
        )
    return canonical, cleaned


def read_seed_file(path: Path = SYNONYMS_FILE) -> SeedFile:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    sources = {s["key"]: s for s in data.get("sources", [])}
    groups: list[SeedGroup] = []
    owner: dict[str, str] = {}
    for raw in data.get("groups", []):
        canonical, variants = clean_group(raw["canonical"], raw.get("variants", []))
        for key in raw.get("sources", []):
            if key not in sources:
                raise ValueError(f"{path.name}: group {canonical} cites unknown source {key}")
        for term in (canonical, *variants):
            if term in owner:
                raise ValueError(f"{path.name}: {term} is in both {owner[term]} and {canonical}")
            owner[term] = canonical
        groups.append(
            SeedGroup(canonical, tuple(variants), tuple(raw.get("sources", [])), raw.get("note", ""))
        )
    return SeedFile(groups=groups, sources=sources)


def apply_seed(group_model, seed: SeedFile) -> dict[str, int]:
    """Create the seed groups that are missing and update those still as seeded
    (origin "seed"); groups an administrator created or changed (origin "admin") are left
    alone, and a seed group whose terms clash with another active group is skipped.
    Works with the real model and with a migration's historical model."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0, "skipped": 0}
    existing = {g.canonical: g for g in group_model.objects.all()}
    taken: dict[str, str] = {}
    for g in existing.values():
        if g.is_active:
            for term in (g.canonical, *g.variants):
                taken[term] = g.canonical
    for sg in seed.groups:
        current = existing.get(sg.canonical)
        if current is not None and current.origin != "seed":
            counts["kept"] += 1
            continue
        clash = [t for t in (sg.canonical, *sg.variants) if taken.get(t, sg.canonical) != sg.canonical]
        if clash:
            counts["skipped"] += 1
            continue
        fields = {"variants": list(sg.variants), "sources": list(sg.sources), "note": sg.note}
        if current is None:
            group_model.objects.create(canonical=sg.canonical, origin="seed", is_active=True, **fields)
            counts["created"] += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(current, k, v)
            current.save(update_fields=[*fields, "updated_at"])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        for term in (sg.canonical, *sg.variants):
            taken[term] = sg.canonical
    return counts
