"""告知书: reply letters from editable templates, rendered to HTML, PDF and Word.

A template is plain text with ``{placeholder}`` fields; paragraphs are separated by a
blank line; a paragraph whose fields are all empty is dropped. Lookup for an
organization and a result category: the organization's template for the leaf
(``withhold_3``) or its family (``withhold``), then the platform default (a template
row without organization), then the text shipped in ``foi/templates/foi/letters/``.

The layout around the body (agency name, title 政府信息公开申请答复告知书, number,
seal line, date) is fixed in ``letter.html``; the body cites the articles the result
relies on and names the remedies (行政复议 within 60 days, 行政诉讼 within 6 months).
PDF: WeasyPrint with the embedded Noto Serif CJK SC font; Word: python-docx with the
East Asian font set explicitly (otherwise Word falls back to a Latin font).
"""

from __future__ import annotations

import datetime
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string

from gongkai.core.deadlines import fmt_date
from gongkai.foi.constants import (
    FAMILIES,
    FEE_DOCUMENT,
    LITIGATION_MONTHS,
    REGULATION,
    REPLY_TYPE_ARTICLES,
    REVIEW_DAYS,
    WITHHOLD_REASONS,
    ReplyType,
    ResultCategory,
    category_family,
)
from gongkai.orgs.models import GOVERNMENT_KINDS, Organization

SHIPPED_DIR = Path(__file__).resolve().parent / "templates" / "foi" / "letters"
FONT_SERIF = "Noto Serif CJK SC"

PLACEHOLDERS = {
    "agency": "答复机关名称",
    "applicant_name": "申请人姓名或名称",
    "tracking_code": "查询码",
    "received_on": "收到申请之日",
    "request": "申请获取的信息(名称、文号)",
    "result": "答复结果(按答复类型生成)",
    "reasons": "理由(办理人员填写)",
    "provided": "提供的信息及获取方式",
    "referral": "负责公开的机关及联系方式(第三十六条第五项)",
    "articles": "依据的条款",
    "remedies": "救济途径(行政复议、行政诉讼)",
    "reply_date": "答复日期",
}
# A template must keep these: without them the letter would not say to whom, about
# what, with what result, on which legal basis, and how to challenge it.
REQUIRED_PLACEHOLDERS = ("applicant_name", "received_on", "request", "result", "articles", "remedies")
_FIELD = re.compile(r"\{([^{}]*)\}")

# The decision sentence of each reply type (条例 art. 30, 35–39, 42).
RESULT_SENTENCES = {
    ReplyType.ART36_1: "您申请获取的政府信息已经主动公开,可以通过下列方式和途径获取。",
    ReplyType.ART36_2: "您申请获取的政府信息属于可以公开的政府信息,本机关予以公开。",
    ReplyType.ART37: (
        "您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容,但能够作区分处理,"
        "本机关向您提供可以公开的政府信息内容,并对不予公开的内容说明理由。"
    ),
    ReplyType.ART36_3: "您申请获取的政府信息{reason},本机关决定不予公开。",
    ReplyType.ART36_4: "经检索,本机关没有您所申请公开的政府信息,该政府信息不存在。",
    ReplyType.ART36_5: "您申请获取的政府信息不属于本机关负责公开。",
    ReplyType.ART36_6: "您的申请属于重复申请,本机关已就相同内容作出答复,不予重复处理。",
    ReplyType.ART36_7: (
        "您申请获取的信息属于工商、不动产登记资料等有专门的法律、行政法规规定的信息,"
        "请依照有关法律、行政法规的规定办理。"
    ),
    ReplyType.ART38: "您申请获取的信息需要本机关对现有政府信息进行加工、分析,本机关不予提供。",
    ReplyType.ART30_UNCLEAR: "您的申请经补正后内容仍不明确,本机关无法确定您所需要的政府信息,无法提供。",
    ReplyType.ART39_PETITION: (
        "您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动,"
        "不作为政府信息公开申请处理,您可以通过相应渠道提出。"
    ),
    ReplyType.ART39_PUBLICATION: (
        "您申请获取的是政府公报、报刊、书籍等公开出版物,不作为政府信息公开申请处理,可以通过下列途径获取。"
    ),
    ReplyType.ART35: "您申请公开政府信息的数量、频次明显超过合理范围,经要求说明理由,理由不合理,本机关不予处理。",
    ReplyType.CONFIRM_REISSUE: "您的申请内容为要求本机关确认或者重新出具您已获取的信息,本机关不予处理。",
    ReplyType.ART30_NO_CORRECTION: (
        "本机关已向您发出补正通知,您无正当理由逾期未补正,视为放弃申请,本机关不再处理该政府信息公开申请。"
    ),
    ReplyType.FEE_UNPAID: (
        "本机关已向您发出信息处理费收费通知,您逾期未按收费通知要求缴纳费用,视为放弃申请,"
        "本机关不再处理该政府信息公开申请。"
    ),
    ReplyType.OTHER: "本机关对您的申请作如下处理。",
}


_FULLWIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


def fullwidth(text: str) -> str:
    """Letters use full-width punctuation (公文); the code's own strings use ASCII."""
    return text.translate(_FULLWIDTH)


def articles_text(reply_type: str, withhold_reason: int | None = None) -> str:
    """'《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项'."""
    articles: list[str] = []
    if reply_type in (ReplyType.ART36_3, ReplyType.ART37) and withhold_reason in WITHHOLD_REASONS:
        articles.extend(WITHHOLD_REASONS[withhold_reason][1])
    articles.extend(a for a in REPLY_TYPE_ARTICLES.get(reply_type, []) if a not in articles)
    text = REGULATION + "、".join(articles)
    if reply_type == ReplyType.FEE_UNPAID:
        text += "和" + FEE_DOCUMENT
    return fullwidth(text)


def result_sentence(reply_type: str, withhold_reason: int | None = None) -> str:
    sentence = RESULT_SENTENCES[reply_type]
    if reply_type == ReplyType.ART36_3:
        sentence = sentence.format(reason=WITHHOLD_REASONS.get(withhold_reason or 0, ("",))[0])
    return fullwidth(sentence)


def review_body(organization: Organization) -> str:
    """The 行政复议机关 under the 行政复议法 (2023) art. 24: the government at the same
    level for a department, the government one level up for a government. Vertical
    agencies (税务, 海关 …) differ; templates are editable for that."""
    govs = [a for a in Organization.objects.get_ancestors(organization) if a.kind in GOVERNMENT_KINDS]
    return govs[-1].name if govs else "有管辖权的行政复议机关"


def remedies_text(organization: Organization) -> str:
    return fullwidth(
        f"如对本告知书不服,可以自收到本告知书之日起{REVIEW_DAYS}日内依照《中华人民共和国行政复议法》"
        f"向{review_body(organization)}申请行政复议,或者自收到本告知书之日起{LITIGATION_MONTHS}个月内"
        "依照《中华人民共和国行政诉讼法》第四十六条的规定向人民法院提起行政诉讼。"
    )


# ---------------------------------------------------------------------------- templates


def validate_template_body(body: str) -> None:
    """Raise ValidationError when a placeholder is unknown or a required one is missing."""
    names = _FIELD.findall(body or "")
    errors: list[str] = []
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        errors.append("模板中有无法识别的占位符:" + "、".join("{" + n + "}" for n in unknown))
    stray = _FIELD.sub("", body or "")
    if "{" in stray or "}" in stray:
        errors.append("模板中有不成对的花括号“{”或“}”。")
    missing = [n for n in REQUIRED_PLACEHOLDERS if n not in names]
    if missing:
        errors.append("模板缺少必需的占位符:" + "、".join(f"{{{n}}}({PLACEHOLDERS[n]})" for n in missing))
    if errors:
        raise ValidationError({"body": errors})


def shipped_body(category: str) -> str:
    for name in (category, category_family(category)):
        path = SHIPPED_DIR / f"{name}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise LookupError(f"no shipped letter template for {category}")


def template_for(organization: Organization | None, category: str):
    """(body, source label, LetterTemplate or None) for a result category."""
    from gongkai.foi.models import LetterTemplate

    keys = [category, category_family(category)]
    owner_q = Q(organization__isnull=True) | (Q(organization=organization) if organization else Q(pk__in=[]))
    rows = {
        (t.organization_id, t.category): t for t in LetterTemplate.objects.filter(owner_q, category__in=keys)
    }
    for owner in ([organization.pk] if organization else []) + [None]:
        for key in keys:
            row = rows.get((owner, key))
            if row is not None:
                return row.body, f"{'org' if owner else 'default'}:{key}", row
    return shipped_body(category), f"shipped:{category_family(category)}", None


def template_categories() -> list[tuple[str, str]]:
    """Codes a template can be written for: the six families, then every leaf."""
    from gongkai.foi.constants import FAMILY_LABELS

    return [(f, FAMILY_LABELS[f]) for f in FAMILIES] + [(c.value, str(c.label)) for c in ResultCategory]


# ----------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Paragraph:
    text: str
    css: str = ""


@dataclass
class LetterContent:
    """Everything a letter shows; ``fields`` fill the body template."""

    agency: str
    letter_number: str
    reply_date: datetime.date
    fields: dict[str, str]
    attachments: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.agency}政府信息公开申请答复告知书"


@dataclass(frozen=True)
class RenderedLetter:
    title: str
    text: str  # the body as filled in (plain text, paragraphs separated by blank lines)
    html: str
    pdf: bytes
    docx: bytes


def fill(body: str, fields: dict[str, str]) -> list[Paragraph]:
    """Fill the placeholders; drop paragraphs whose every placeholder came out empty."""
    out: list[Paragraph] = []
    for raw in re.split(r"\n\s*\n", (body or "").strip()):
        names = _FIELD.findall(raw)
        if names and all(not fields.get(n) for n in names):
            continue  # "理由:{reasons}" with no reasons says nothing
        text = _FIELD.sub(lambda m: fields.get(m.group(1), ""), raw)
        text = "".join(line.strip() for line in text.splitlines() if line.strip())
        if not text:
            continue
        css = "salutation" if text.endswith(("：", ":")) and len(out) == 0 else ""
        out.append(Paragraph(text, css))
    return out


def render(content: LetterContent, body: str) -> RenderedLetter:
    paragraphs = fill(body, content.fields)
    context = {
        "title": content.title,
        "agency": content.agency,
        "letter_number": content.letter_number,
        "paragraphs": paragraphs,
        "attachments": content.attachments,
        "reply_date": fmt_date(content.reply_date),
    }
    html = render_to_string("foi/letters/letter.html", context)
    return RenderedLetter(
        title=content.title,
        text="\n\n".join(p.text for p in paragraphs),
        html=html,
        pdf=html_to_pdf(html),
        docx=to_docx(context),
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on use: loading Pango takes a moment

    # WeasyPrint logs every rendering step at INFO: ten lines per letter in the logs.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return HTML(string=html).write_pdf()


def to_docx(context: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = FONT_SERIF
    normal.font.size = Pt(15)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_SERIF)

    def para(text: str, *, align=None, bold=False, size=None, indent=True):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(30)
        run = p.add_run(text)
        run.bold = bold
        run.font.name = FONT_SERIF
        run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT_SERIF)
        if size:
            run.font.size = Pt(size)
        return p

    para(context["agency"], align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=20, indent=False)
    para("政府信息公开申请答复告知书", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=20, indent=False)
    para(context["letter_number"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for p in context["paragraphs"]:
        para(p.text, indent=p.css != "salutation")
    if context["attachments"]:
        names = ";".join(f"{i}. {n}" for i, n in enumerate(context["attachments"], 1))
        para("附件:" + names, indent=False)
    para("")
    para(f"{context['agency']}(印章)", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    para(context["reply_date"], align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    doc.core_properties.title = f"{context['agency']}政府信息公开申请答复告知书"
    doc.core_properties.language = "zh-CN"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------ content


def request_text(application) -> str:
    text = application.info_title
    if application.info_document_number:
        text += f"({application.info_document_number})"
    return text


def content_for_reply(reply, *, letter_number: str) -> LetterContent:
    """The letter content of a Reply (not yet saved is fine)."""
    app = reply.application
    org = app.organization
    referral = ""
    if reply.referral:
        referral = fullwidth(f"该政府信息由{reply.referral}负责公开,您可以向其提出申请。")
    return LetterContent(
        agency=org.name,
        letter_number=letter_number,
        reply_date=reply.reply_date,
        fields={
            "agency": org.name,
            "applicant_name": app.applicant_name,
            "tracking_code": app.tracking_code,
            "received_on": fmt_date(app.received_on) if app.received_on else "",
            "request": request_text(app),
            "result": result_sentence(reply.reply_type, reply.withhold_reason),
            "reasons": reply.reasons.strip(),
            "provided": reply.provided_info.strip(),
            "referral": referral,
            "articles": articles_text(reply.reply_type, reply.withhold_reason),
            "remedies": remedies_text(org),
            "reply_date": fmt_date(reply.reply_date),
        },
    )


SAMPLE_BY_FAMILY = {
    "grant": ReplyType.ART36_2,
    "partial": ReplyType.ART37,
    "withhold": ReplyType.ART36_3,
    "unavailable": ReplyType.ART36_4,
    "decline": ReplyType.ART36_6,
    "other": ReplyType.OTHER,
}


def preview(*, organization: Organization, category: str, body: str | None = None, pdf: bool = False):
    """Render a template with sample data (the console's 预览). ``body`` None previews the
    template currently in force. Returns a RenderedLetter (pdf empty unless asked)."""
    if body is None:
        body = template_for(organization, category)[0]
    validate_template_body(body)
    leaf = category if "_" in category or category in ("grant", "partial") else ""
    reply_type = SAMPLE_BY_FAMILY[category_family(category)]
    withhold = int(leaf.split("_")[1]) if leaf.startswith("withhold_") else 6
    today = datetime.date.today()
    fields = {
        "agency": organization.name,
        "applicant_name": "张三",
        "tracking_code": "YSQ-2026-ABCD2345",
        "received_on": fmt_date(today),
        "request": "2025年度城乡居民最低生活保障资金发放情况",
        "result": result_sentence(reply_type, withhold),
        "reasons": "(此处为办理人员填写的理由)",
        "provided": "(此处为提供的信息及获取方式)",
        "referral": "该政府信息由示范县民政局负责公开,联系电话0391-1234567。"
        if category_family(category) == "unavailable"
        else "",
        "articles": articles_text(reply_type, withhold),
        "remedies": remedies_text(organization),
        "reply_date": fmt_date(today),
    }
    content = LetterContent(organization.name, "示政公开〔2026〕第1号", today, fields)
    if pdf:
        return render(content, body)
    paragraphs = fill(body, fields)
    html = render_to_string(
        "foi/letters/letter.html",
        {
            "title": content.title,
            "agency": content.agency,
            "letter_number": content.letter_number,
            "paragraphs": paragraphs,
            "attachments": [],
            "reply_date": fmt_date(today),
        },
    )
    return RenderedLetter(content.title, "\n\n".join(p.text for p in paragraphs), html, b"", b"")
