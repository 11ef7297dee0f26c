from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from stdnum.cn import ric

from gongkai.core.calendar import seed_calendar
from gongkai.orgs.models import Role, User
from gongkai.publishing import services
from gongkai.publishing.constants import ReviewConclusion
from gongkai.publishing.models import Document, DocumentRevision
from tests.factories import make_user

TODAY = datetime.date(2026, 11, 26)


def resident_id(body17: str) -> str:
    """A resident ID with a valid GB 11643 check character."""
    return body17 + ric.calc_check_digit(body17 + "0")


# 410821 1985-03-15, sequence 123: check character X.
ID_NUMBER = resident_id("41082119850315123")


@dataclass
class People:
    editor: User
    reviewer: User
    admin: User
    other_editor: User
    other_admin: User
    supervisor: User


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(tree) -> People:
    return People(
        editor=make_user(tree.town_a, [Role.EDITOR], username="dg_editor", email="editor@example.org"),
        reviewer=make_user(
            tree.town_a, [Role.REVIEWER], username="dg_reviewer", email="reviewer@example.org"
        ),
        admin=make_user(tree.town_a, [Role.ORG_ADMIN], username="dg_admin", email="admin@example.org"),
        other_editor=make_user(tree.town_b, [Role.EDITOR, Role.REVIEWER], username="xh_editor"),
        other_admin=make_user(tree.town_b, [Role.ORG_ADMIN], username="xh_admin"),
        supervisor=make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
    )


@pytest.fixture
def words(db):
    """The shipped example word list (a data migration loads it, but tests that flush
    the database lose it)."""
    from gongkai.publishing import checks

    checks.wordlist_seed()


@pytest.fixture
def calendar(db):
    return seed_calendar(years=range(2025, 2028))


def base_data(**overrides) -> dict:
    data = {
        "title": "东关镇人民政府关于做好2026年冬季供暖保障工作的通知",
        "doc_number": "东政〔2026〕18号",
        "written_on": "2026-11-20",
        "formed_on": "2026-11-20",
        "subject_category": "城乡建设、环境保护",
        "genre": "通知",
        "keywords": "供暖,冬季",
        "summary": "部署全镇冬季供暖保障工作。",
        "body_html": "<p>各村(社区)、镇直各单位:</p><p>为做好冬季供暖保障工作,现将有关事项通知如下。</p>",
    }
    data.update(overrides)
    return data


def draft(tree, people, **overrides) -> Document:
    return services.document_create(
        actor=people.editor, organization=tree.town_a, data=base_data(**overrides)
    )


def to_approved(revision: DocumentRevision, people) -> DocumentRevision:
    services.document_submit(actor=people.editor, revision=revision)
    services.document_review(
        actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
    )
    return services.document_approve(actor=people.admin, revision=revision)


def publish(document: Document, people) -> DocumentRevision:
    revision = Document.objects.get(pk=document.pk).latest_revision
    to_approved(revision, people)
    return services.document_publish(actor=people.admin, revision=revision)


def docx_bytes(
    *, heading: str, paragraphs: list[str], table: list[list[str]] | None = None, merge_first_column=False
) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        if merge_first_column and len(table) > 2:
            t.cell(1, 0).merge(t.cell(2, 0))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        header
        or [
            "标题",
            "文号",
            "成文日期",
            "信息形成日期",
            "主题分类",
            "体裁",
            "公开方式",
            "关键词",
            "摘要",
            "正文",
            "目录事项编码",
        ]
    )
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def pdf_bytes(text: str = "Hello") -> bytes:
    """A minimal one-page PDF with text (pypdf can read it)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
