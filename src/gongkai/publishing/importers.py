"""Files in: attachments, a Word document as a new draft, an Excel sheet of documents.

- ``attachment_add`` checks a file by its CONTENT (magic bytes; for .docx/.xlsx the zip's
  structure), its size (setting GONGKAI_ATTACHMENT_MAX_MB), extracts its text for the
  checks and search, and stores it once by sha256.
- ``document_import_docx`` converts Word to HTML with mammoth (tables and images kept;
  images stored as media files by sanitize.py), sanitizes it, takes the title from the
  first heading when none is given, and creates a draft.
- ``document_import_preview`` / ``document_import_accept``: Excel bulk import. The preview
  parses and validates every row (errors in Chinese, by row) and keeps the parsed rows
  server-side under a token (DocumentImport); nothing is created until the preview is
  accepted, and a preview with errors cannot be accepted.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization
from gongkai.publishing import services
from gongkai.publishing.constants import (
    ATTACHMENT_EXTENSIONS,
    CREATE_ROLES,
    EDITABLE_STATUSES,
    IMPORT_MAX_ROWS,
    AttachmentKind,
    attachment_max_bytes,
)
from gongkai.publishing.models import (
    Attachment,
    Document,
    DocumentImport,
    DocumentRevision,
    attachment_upload_to,
)
from gongkai.publishing.text import FileTypeError, extract_text, sniff_kind, text_to_html

# ----------------------------------------------------------------------- attachments


def _read_limited(file: Any, limit: int) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": [_("文件不能超过 %(n)s MB。") % {"n": limit // (1024 * 1024)}]})
    if not data:
        raise ValidationError({"file": [_("文件是空的。")]})
    return data


def _clean_name(name: str) -> str:
    name = PurePath((name or "").replace("\\", "/")).name.strip() or "附件"
    return re.sub(r"[\x00-\x1f<>:\"|?*]", "_", name)[:200]


@transaction.atomic
def attachment_add(*, actor, revision: DocumentRevision, file: Any, name: str = "") -> Attachment:
    """Add a file to a draft revision after checking what it really is."""
    revision = (
        DocumentRevision.objects.select_for_update(of=("self",))
        .select_related("document__organization")
        .get(pk=revision.pk)
    )
    organization = revision.document.organization
    if not org_selectors.can(actor, list(CREATE_ROLES), organization):
        raise PermissionDenied(_("只有本单位信息员可以上传附件。"))
    if revision.status not in EDITABLE_STATUSES:
        raise ValidationError(_("只有草稿或已退回的版本可以修改附件。"))
    name = _clean_name(name or getattr(file, "name", ""))
    data = _read_limited(file, attachment_max_bytes())
    try:
        kind = sniff_kind(data)
    except FileTypeError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    if not name.lower().endswith(ATTACHMENT_EXTENSIONS[kind]):
        raise ValidationError(
            {"file": [_("文件扩展名与内容不符:文件内容是 %(k)s,请使用扩展名 %(e)s。")
                      % {"k": AttachmentKind(kind).label, "e": ATTACHMENT_EXTENSIONS[kind][0]}]}
        )  # fmt: skip
    text, problem = extract_text(kind, data)
    attachment = Attachment(
        revision=revision,
        name=name,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        extracted_text=text,
        extract_error=problem[:300],
        sort=revision.attachments.count(),
        uploaded_by=services._user(actor),
        uploaded_label=services._label(actor),
    )
    path = attachment_upload_to(attachment, name)
    if default_storage.exists(path):
        attachment.file.name = path  # the same content is already stored
    else:
        attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    services._audit(actor, "attachment.add", revision, name=name, kind=kind, size=len(data))
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove a file from a draft revision (the stored file stays: other revisions may
    share it)."""
    revision = (
        DocumentRevision.objects.select_for_update(of=("self",))
        .select_related("document__organization")
        .get(pk=attachment.revision_id)
    )
    if not org_selectors.can(actor, list(CREATE_ROLES), revision.document.organization):
        raise PermissionDenied(_("只有本单位信息员可以删除附件。"))
    if revision.status not in EDITABLE_STATUSES:
        raise ValidationError(_("只有草稿或已退回的版本可以修改附件。"))
    services._audit(actor, "attachment.remove", revision, name=attachment.name)
    attachment.delete()


# -------------------------------------------------------------------------- Word


# mammoth's defaults map Word's built-in heading styles; these add the document title
# style and the Chinese names some templates use.
DOCX_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='标题'] => h1:fresh
p[style-name='标题 1'] => h1:fresh
p[style-name='标题 2'] => h2:fresh
p[style-name='标题 3'] => h3:fresh
"""


class _FirstHeading(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text = ""
        self.done = False
        self.tag = ""

    def handle_starttag(self, tag, attrs):
        if not self.done and not self.tag and tag in ("h1", "h2", "h3"):
            self.tag = tag

    def handle_endtag(self, tag):
        if self.tag == tag and not self.done:
            self.done = True

    def handle_data(self, data):
        if self.tag and not self.done:
            self.text += data


def docx_to_html(data: bytes) -> tuple[str, list[str]]:
    """Word (.docx) → HTML with mammoth (not yet sanitized) and mammoth's warnings."""
    import mammoth

    result = mammoth.convert_to_html(
        io.BytesIO(data), style_map=DOCX_STYLE_MAP, include_embedded_style_map=False
    )
    return result.value, [m.message for m in result.messages]


def split_title(html: str) -> tuple[str, str]:
    """(title, body without it) from the first h1–h3 of a converted document."""
    parser = _FirstHeading()
    parser.feed(html)
    title = re.sub(r"\s+", " ", parser.text).strip()
    if not parser.done or not title:
        return "", html
    body = re.sub(rf"<{parser.tag}\b[^>]*>.*?</{parser.tag}>", "", html, count=1, flags=re.S)
    return title, body


@transaction.atomic
def document_import_docx(
    *,
    actor,
    organization: Organization,
    file: Any,
    data: dict[str, Any] | None = None,
    external_ref: str = "",
) -> Document:
    """A new draft from a Word file; ``data`` gives the metadata (title optional)."""
    if not org_selectors.can(actor, list(CREATE_ROLES), organization):
        raise PermissionDenied(_("只有本单位信息员可以起草政府信息。"))
    raw = _read_limited(file, attachment_max_bytes())
    try:
        kind = sniff_kind(raw)
    except FileTypeError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    if kind != AttachmentKind.DOCX:
        raise ValidationError({"file": [_("请上传 Word(.docx)文件。")]})
    html, _warnings = docx_to_html(raw)
    data = dict(data or {})
    title, body = split_title(html)
    if not (data.get("title") or "").strip():
        if not title:
            raise ValidationError({"title": [_("文档中没有标题样式的段落,请填写标题。")]})
        data["title"] = title
        html = body
    data["body_html"] = html
    document = services.document_create(
        actor=actor, organization=organization, data=data, external_ref=external_ref
    )
    audit.record(
        actor=actor,
        action="document.import_docx",
        obj=document,
        summary={"file": _clean_name(getattr(file, "name", "")), "size": len(raw)},
    )
    return document


# ------------------------------------------------------------------------- Excel

# Column headings (the template's, and the names staff also use) → data keys.
EXCEL_COLUMNS = {
    "标题": "title",
    "文号": "doc_number",
    "成文日期": "written_on",
    "信息形成日期": "formed_on",
    "信息形成(变更)日期": "formed_on",
    "主题分类": "subject_category",
    "体裁": "genre",
    "公开方式": "disclosure_mode",
    "不予公开理由": "nondisclosure_reason",
    "关键词": "keywords",
    "摘要": "summary",
    "内容概述": "summary",
    "正文": "body",
    "目录事项编码": "catalog_item_keys",
    "规范性文件": "is_normative",
}
EXCEL_REQUIRED = ("标题", "信息形成日期", "主题分类", "体裁")
FIELD_LABELS = {
    "title": "标题", "doc_number": "文号", "written_on": "成文日期", "formed_on": "信息形成日期",
    "subject_category": "主题分类", "genre": "体裁", "disclosure_mode": "公开方式",
    "nondisclosure_reason": "不予公开理由", "keywords": "关键词", "summary": "摘要",
    "body_html": "正文", "catalog_item_keys": "目录事项编码", "__all__": "",
}  # fmt: skip


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_index(row: tuple) -> dict[str, int]:
    out = {}
    for i, v in enumerate(row):
        name = re.sub(r"\s+", "", str(v or "")).replace("（", "(").replace("）", ")").rstrip("*")
        if name in EXCEL_COLUMNS and EXCEL_COLUMNS[name] not in out:
            out[EXCEL_COLUMNS[name]] = i
    return out


def parse_workbook(data: bytes, *, organization: Organization) -> tuple[list[dict], list[dict]]:
    """(rows, errors) of a sheet of documents. Each row is JSON-safe data for
    services.document_create plus its sheet row number; each error names the row, the
    column and what is wrong, in Chinese."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise ValidationError({"file": [_("无法读取该 Excel 文件,请使用 .xlsx 格式。")]}) from exc
    rows: list[dict] = []
    errors: list[dict] = []
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header: dict[str, int] = {}
        header_row = 0
        for n, row in enumerate(it, start=1):
            header = _header_index(row)
            if "title" in header:
                header_row = n
                break
            if n >= 10:
                break
        if not header_row:
            raise ValidationError({"file": [_("前10行中没有找到表头(须包含“标题”列)。")]})
        missing = [c for c in EXCEL_REQUIRED if EXCEL_COLUMNS[c] not in header]
        if missing:
            raise ValidationError({"file": [_("缺少必需的列:%(c)s。") % {"c": "、".join(missing)}]})
        for n, row in enumerate(it, start=header_row + 1):
            values = {key: _cell(row[i]) if i < len(row) else "" for key, i in header.items()}
            if not any(values.values()):
                continue
            if len(rows) >= IMPORT_MAX_ROWS:
                errors.append(
                    {"row": n, "field": "", "message": _("一次最多导入 %(n)s 行。") % {"n": IMPORT_MAX_ROWS}}
                )
                break
            rows.append(_row(values, n, organization, errors))
    finally:
        wb.close()
    if not rows and not errors:
        errors.append({"row": 0, "field": "", "message": _("表格中没有数据行。")})
    return rows, errors


def _row(values: dict[str, str], n: int, organization: Organization, errors: list[dict]) -> dict:
    data = {k: v for k, v in values.items() if k != "body"}
    data["body_html"] = text_to_html(values.get("body", ""))
    data.setdefault("disclosure_mode", "主动公开")
    data["disclosure_mode"] = data["disclosure_mode"] or "主动公开"
    for key, label in (("formed_on", "信息形成日期"), ("subject_category", "主题分类"), ("genre", "体裁")):
        if not data.get(key):
            errors.append(
                {"row": n, "field": label, "message": _("第%(n)s行:请填写%(l)s。") % {"n": n, "l": label}}
            )
    try:
        cleaned, _keys = services.clean_revision_data(data, organization=organization, creating=True)
        services._validate_whole(DocumentRevision(**{k: v for k, v in cleaned.items()}))
    except ValidationError as exc:
        details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        for field, messages in details.items():
            label = FIELD_LABELS.get(field, field)
            for message in messages:
                errors.append(
                    {
                        "row": n,
                        "field": label,
                        "message": _("第%(n)s行%(l)s:%(m)s")
                        % {"n": n, "l": f"“{label}”" if label else "", "m": message},
                    }
                )
    return {"row": n, "data": data}


@transaction.atomic
def document_import_preview(*, actor, organization: Organization, file: Any) -> DocumentImport:
    """Parse an uploaded sheet and keep the result under a token; creates no document."""
    if not org_selectors.can(actor, list(CREATE_ROLES), organization):
        raise PermissionDenied(_("只有本单位信息员可以导入政府信息。"))
    data = _read_limited(file, attachment_max_bytes())
    try:
        kind = sniff_kind(data)
    except FileTypeError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    if kind != AttachmentKind.XLSX:
        raise ValidationError({"file": [_("请上传 Excel(.xlsx)文件。")]})
    rows, errors = parse_workbook(data, organization=organization)
    return DocumentImport.objects.create(
        organization=organization,
        created_by=services._user(actor),
        file_name=_clean_name(getattr(file, "name", "")),
        rows=rows,
        errors=errors,
    )


def document_import_get(*, actor, token: str) -> DocumentImport | None:
    """The actor's own unaccepted, unexpired preview, or None."""
    preview = (
        DocumentImport.objects.select_related("organization")
        .filter(token=token, accepted_at__isnull=True)
        .first()
    )
    if preview is None or preview.expired():
        return None
    if preview.created_by_id != getattr(actor, "pk", None) or preview.created_by_id is None:
        return None
    if not org_selectors.can(actor, list(CREATE_ROLES), preview.organization):
        return None
    return preview


@transaction.atomic
def document_import_accept(*, actor, token: str) -> list[Document]:
    """Create the previewed documents as drafts, all or none."""
    preview = document_import_get(actor=actor, token=token)
    if preview is None:
        raise ValidationError(_("导入预览不存在或已过期,请重新上传。"))
    preview = DocumentImport.objects.select_for_update(of=("self",)).get(pk=preview.pk)
    if preview.accepted_at is not None:
        raise ValidationError(_("该导入已经完成。"))
    if preview.errors:
        raise ValidationError(
            _("导入文件有 %(n)s 处错误,请修改后重新上传;未保存任何数据。") % {"n": len(preview.errors)}
        )
    documents = [
        services.document_create(actor=actor, organization=preview.organization, data=row["data"])
        for row in preview.rows
    ]
    preview.accepted_at = timezone.now()
    preview.document_ids = [d.pk for d in documents]
    preview.save(update_fields=["accepted_at", "document_ids"])
    audit.record(
        actor=actor,
        action="document.import_excel",
        obj=preview.organization,
        organization=preview.organization,
        summary={"file": preview.file_name, "count": len(documents)},
    )
    return documents
