"""Loading the domain guideline data files (catalog/data/guidelines/*.toml).

Idempotent: a file whose content is unchanged loads nothing; a changed file with a new
``version`` label becomes a new GuidelineVersion (older versions stay, so catalogs that
derive from them can be diffed); a changed file that kept its label is refused.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from gongkai.catalog.constants import STANDARD_CHANNELS
from gongkai.catalog.models import Domain, GuidelineItem, GuidelineVersion
from gongkai.core import audit
from gongkai.core.rules import parse_time_limit

DATA_DIR = Path(__file__).resolve().parent / "data" / "guidelines"
STATUTORY_CODE = "tiaoli-fading"


class GuidelineFileError(Exception):
    pass


@dataclass
class LoadReport:
    code: str
    name: str
    status: str  # "loaded" | "unchanged"
    version: str
    rows: int
    level1_count: int
    unparsed: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (key, text, problems)
    unknown_basis: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _validate(path: Path, data: dict) -> None:
    where = path.name
    if "domain" not in data or "items" not in data:
        raise GuidelineFileError(f"{where}: missing [domain] or [[items]]")
    dom = data["domain"]
    for key in ("code", "name", "version"):
        if not dom.get(key):
            raise GuidelineFileError(f"{where}: [domain] needs {key}")
    if dom["code"] != path.stem:
        raise GuidelineFileError(f"{where}: [domain].code {dom['code']!r} differs from the file name")
    source_keys = {s["key"] for s in data.get("sources", [])}
    seen: set[str] = set()
    for item in data["items"]:
        key = item.get("key", "")
        if not key or key in seen:
            raise GuidelineFileError(f"{where}: empty or duplicate item key {key!r}")
        seen.add(key)
        if not item.get("level1"):
            raise GuidelineFileError(f"{where}: {key} has no level1")
        bad = set(item.get("channels", [])) - set(STANDARD_CHANNELS)
        if bad:
            raise GuidelineFileError(f"{where}: {key} has non-standard channels {sorted(bad)}")
        missing = set(item.get("sources", [])) - source_keys
        if missing:
            raise GuidelineFileError(f"{where}: {key} cites unknown sources {sorted(missing)}")


def guideline_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.toml"))


@transaction.atomic
def load_guideline_file(path: Path, *, actor=None) -> LoadReport:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    _validate(path, data)
    dom = data["domain"]
    digest = _sha256(path)
    domain, _ = Domain.objects.get_or_create(code=dom["code"], defaults={"name": dom["name"]})
    for attr, value in (
        ("name", dom["name"]),
        ("aliases", dom.get("aliases", [])),
        ("issuer", dom.get("issuer", "")),
        ("document", dom.get("document", "")),
        ("document_verified", bool(dom.get("document_verified", False))),
        ("sort", int(dom.get("sort", 0))),
        ("is_statutory", dom["code"] == STATUTORY_CODE),
    ):
        setattr(domain, attr, value)
    domain.save()

    items = data["items"]
    report = LoadReport(
        code=domain.code,
        name=domain.name,
        status="unchanged",
        version=dom["version"],
        rows=len(items),
        level1_count=len({i["level1"] for i in items}),
    )
    parsed = [(item, parse_time_limit(item.get("time_limit", ""))) for item in items]
    # Unparsed rows fall back to art. 26; parsed rows with problems (e.g. two limits in
    # one cell) are reported too: both need a human.
    report.unparsed = [(i["key"], i.get("time_limit", ""), r.problems) for i, r in parsed if r.problems]
    report.unknown_basis = [i["key"] for i in items if not i.get("basis") or "basis" in i.get("unknown", [])]

    latest = domain.versions.order_by("-number").first()
    if latest is not None and latest.file_sha256 == digest:
        if domain.current_version_id != latest.pk:
            domain.current_version = latest
            domain.save(update_fields=["current_version"])
        return report
    if latest is not None and latest.label == dom["version"]:
        raise GuidelineFileError(
            f"{path.name}: content changed but [domain].version is still {dom['version']!r}; "
            "bump the version and describe the change in `changes`"
        )
    version = GuidelineVersion.objects.create(
        domain=domain,
        number=(latest.number + 1) if latest else 1,
        label=dom["version"],
        changes=dom.get("changes", ""),
        note=dom.get("note", ""),
        sources=data.get("sources", []),
        file_sha256=digest,
    )
    GuidelineItem.objects.bulk_create(
        GuidelineItem(
            version=version,
            key=item["key"],
            seq=n,
            level1=item["level1"],
            level2=item.get("level2", ""),
            content=item.get("content", ""),
            basis=item.get("basis", ""),
            time_limit_text=item.get("time_limit", ""),
            rule=result.rule.to_dict(),
            rule_parsed=result.parsed,
            rule_problems=result.problems,
            subject=item.get("subject", ""),
            channels=item.get("channels", []),
            extra_channels=item.get("extra_channels", []),
            audience_all=bool(item.get("audience_all")),
            audience_specific=bool(item.get("audience_specific")),
            proactive=bool(item.get("proactive")),
            on_request=bool(item.get("on_request")),
            county_level=bool(item.get("county_level")),
            township_level=bool(item.get("township_level")),
            sources=item.get("sources", []),
            unknown=sorted(set(item.get("unknown", [])) | ({"basis"} if not item.get("basis") else set())),
            note=item.get("note", ""),
        )
        for n, (item, result) in enumerate(parsed, start=1)
    )
    domain.current_version = version
    domain.save(update_fields=["current_version"])
    audit.record(
        actor=actor,
        action="guideline.load",
        obj=version,
        summary={"domain": domain.code, "version": version.label, "rows": len(items)},
    )
    report.status = "loaded"
    return report


def load_guidelines(*, directory: Path = DATA_DIR, actor=None) -> list[LoadReport]:
    return [load_guideline_file(path, actor=actor) for path in guideline_files(directory)]
