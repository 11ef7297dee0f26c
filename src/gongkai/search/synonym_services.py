"""Every change to the synonym groups (同义词组): audited, word-list admins only.

Re-exported by gongkai.search.services. Writes invalidate selectors.synonym_map's cache
after commit.
"""

from __future__ import annotations

from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.orgs import selectors as org_selectors
from gongkai.search.models import SynonymGroup
from gongkai.search.selectors import SYNONYM_CACHE_KEY
from gongkai.search.synonyms import SYNONYMS_FILE, apply_seed, clean_group, read_seed_file


def _synonyms_changed() -> None:
    # Invalidates selectors.synonym_map's cache (this process, or all with a shared cache).
    cache.delete(SYNONYM_CACHE_KEY)


def _require_word_list_admin(actor) -> None:
    # Word lists are the platform's (architecture: 系统管理员 maintains word lists).
    if actor is not None and not org_selectors.is_system_admin(actor):
        raise PermissionDenied(_("只有系统管理员可以维护同义词。"))


def _check_terms_free(terms: list[str], *, exclude_pk: int | None = None) -> None:
    active = SynonymGroup.objects.filter(is_active=True)
    if exclude_pk is not None:
        active = active.exclude(pk=exclude_pk)
    wanted = set(terms)
    for group in active:
        clash = wanted & set(group.terms)
        if clash:
            raise ValidationError(
                _("“%(t)s”已在同义词组“%(g)s”中,一个词只能属于一个启用的同义词组。")
                % {"t": sorted(clash)[0], "g": group.canonical},
                code="synonym_taken",
            )


@transaction.atomic
def synonym_group_create(
    *, actor, canonical: str, variants: list[str], note: str = "", sources: list[str] | None = None
) -> SynonymGroup:
    _require_word_list_admin(actor)
    canonical, variants = clean_group(canonical, variants)
    if SynonymGroup.objects.filter(canonical=canonical).exists():
        raise ValidationError(_("同义词组“%(g)s”已存在。") % {"g": canonical}, code="synonym_exists")
    _check_terms_free([canonical, *variants])
    group = SynonymGroup.objects.create(
        canonical=canonical, variants=variants, note=note, sources=sources or [], origin="admin"
    )
    audit.record(
        actor=actor,
        action="search.synonym_create",
        obj=group,
        summary={"canonical": canonical, "variants": variants},
    )
    transaction.on_commit(_synonyms_changed)
    return group


@transaction.atomic
def synonym_group_update(
    *,
    actor,
    group: SynonymGroup,
    canonical: str | None = None,
    variants: list[str] | None = None,
    note: str | None = None,
) -> SynonymGroup:
    _require_word_list_admin(actor)
    group = SynonymGroup.objects.select_for_update().get(pk=group.pk)
    before = {"canonical": group.canonical, "variants": list(group.variants), "note": group.note}
    new_canonical, new_variants = clean_group(
        canonical if canonical is not None else group.canonical,
        variants if variants is not None else group.variants,
    )
    if SynonymGroup.objects.filter(canonical=new_canonical).exclude(pk=group.pk).exists():
        raise ValidationError(_("同义词组“%(g)s”已存在。") % {"g": new_canonical}, code="synonym_exists")
    if group.is_active:
        _check_terms_free([new_canonical, *new_variants], exclude_pk=group.pk)
    group.canonical, group.variants = new_canonical, new_variants
    if note is not None:
        group.note = note
    group.origin = "admin"
    group.save()
    after = {"canonical": group.canonical, "variants": list(group.variants), "note": group.note}
    audit.record(
        actor=actor,
        action="search.synonym_update",
        obj=group,
        summary={k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]},
    )
    transaction.on_commit(_synonyms_changed)
    return group


@transaction.atomic
def synonym_group_set_active(*, actor, group: SynonymGroup, is_active: bool) -> SynonymGroup:
    _require_word_list_admin(actor)
    group = SynonymGroup.objects.select_for_update().get(pk=group.pk)
    if group.is_active == is_active:
        return group
    if is_active:
        _check_terms_free(group.terms, exclude_pk=group.pk)
    group.is_active = is_active
    group.origin = "admin"
    group.save(update_fields=["is_active", "origin", "updated_at"])
    audit.record(
        actor=actor,
        action="search.synonym_activate" if is_active else "search.synonym_deactivate",
        obj=group,
        summary={"canonical": group.canonical},
    )
    transaction.on_commit(_synonyms_changed)
    return group


@transaction.atomic
def synonyms_load(*, actor=None, path: Path = SYNONYMS_FILE) -> dict[str, int]:
    """Apply the seed file (idempotent): new groups are created, groups still as seeded
    are updated, groups an administrator created or changed are left alone."""
    _require_word_list_admin(actor)
    counts = apply_seed(SynonymGroup, read_seed_file(path))
    if counts["created"] or counts["updated"]:
        audit.record(actor=actor, action="search.synonyms_load", summary={"file": path.name, **counts})
    transaction.on_commit(_synonyms_changed)
    return counts
