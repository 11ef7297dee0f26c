"""Text of documents: HTML bodies to plain lines, attachment types by content, the text
inside PDF/Word/Excel attachments (for the content checks and search).

Pure functions over bytes and strings; no ORM.
"""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from html.parser import HTMLParser

from gongkai.publishing.constants import EXTRACTED_TEXT_MAX_CHARS, ZIP_MAX_UNCOMPRESSED_BYTES, AttachmentKind

# ----------------------------------------------------------------------- HTML → text

# Elements that start a new line of plain text (a "paragraph" in finding positions).
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "blockquote",
    "br", "hr", "ul", "ol", "caption", "figure", "figcaption", "pre", "section",
}  # fmt: skip
_CELL = {"td", "th"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self._cell_open = False
        self._cell_depth = 0  # inside a table cell, paragraphs join with a space

    def _newline(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")
        else:
            self.lines[-1] = ""

    def handle_starttag(self, tag, attrs):
        if tag in _CELL:
            if self._cell_open and self.lines[-1].strip():
                self.lines[-1] += "\t"
            self._cell_open = True
            self._cell_depth += 1
        elif tag in ("table", "tr") or (tag in _BLOCK and not self._cell_depth):
            self._newline()
        elif tag in _BLOCK and self.lines[-1] and not self.lines[-1].endswith(("\t", " ")):
            self.lines[-1] += " "

    def handle_endtag(self, tag):
        if tag in _CELL:
            self._cell_depth = max(0, self._cell_depth - 1)
            self.lines[-1] = self.lines[-1].rstrip(" ")
        elif tag in ("table", "tr") or (tag in _BLOCK and not self._cell_depth):
            self._newline()
        if tag in ("tr", "table"):
            self._cell_open = False
            self._cell_depth = 0

    def handle_data(self, data):
        self.lines[-1] += re.sub(r"\s+", " ", data) if data.strip() else ""


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, one line per block (paragraph, heading, list item,
    table row with cells separated by tabs). Line numbers are the "段落" of findings."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    return "\n".join(line.strip() for line in parser.lines if line.strip())


def plain_text(value: str) -> str:
    """Unescape and collapse whitespace (titles, summaries typed as text)."""
    return re.sub(r"\s+", " ", unescape(value or "")).strip()


def text_to_html(text: str) -> str:
    """Plain text (Excel cell, API) to paragraphs; the result is sanitized by the caller."""
    from html import escape

    paragraphs = [p.strip() for p in re.split(r"\r?\n", text or "") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


# ---------------------------------------------------------------- types by content


class FileTypeError(ValueError):
    """The file is not one of the accepted types; the message is for the user."""


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        total = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise FileTypeError("文件已损坏,无法读取(不是有效的 Office 文档)。") from exc
    if total > ZIP_MAX_UNCOMPRESSED_BYTES:
        raise FileTypeError("文件解压后过大,已拒绝。")
    if "[Content_Types].xml" not in names:
        raise FileTypeError("压缩包不是允许的附件类型,请上传 PDF、Word(.docx)、Excel(.xlsx)或图片。")
    if any(n.endswith("vbaProject.bin") for n in names):
        raise FileTypeError("文件包含宏,已拒绝;请另存为不含宏的 .docx 或 .xlsx。")
    if "word/document.xml" in names:
        return AttachmentKind.DOCX
    if "xl/workbook.xml" in names:
        return AttachmentKind.XLSX
    raise FileTypeError("该 Office 文件类型不受支持,请上传 Word(.docx)或 Excel(.xlsx)。")


def sniff_kind(data: bytes) -> str:
    """The AttachmentKind of ``data`` judged by its content (magic bytes, and for
    .docx/.xlsx the zip's structure); raises FileTypeError otherwise."""
    if data.startswith(b"%PDF-"):
        return AttachmentKind.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return AttachmentKind.JPEG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_OLE2):
        raise FileTypeError("不支持旧版 .doc/.xls 格式,请另存为 .docx 或 .xlsx 后上传。")
    raise FileTypeError("文件内容不是允许的类型(PDF、Word .docx、Excel .xlsx、JPEG、PNG)。")


# ------------------------------------------------------------------ text extraction


def _cap(text: str) -> str:
    return text[:EXTRACTED_TEXT_MAX_CHARS]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        if sum(len(p) for p in pages) > EXTRACTED_TEXT_MAX_CHARS:
            break
    return "\n".join(pages)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines: list[str] = []
    try:
        for ws in wb.worksheets:
            lines.append(ws.title)
            for row in ws.iter_rows(values_only=True):
                cells = ["" if v is None else str(v) for v in row]
                if any(cells):
                    lines.append("\t".join(cells).rstrip("\t"))
                if len(lines) > 200_000:
                    break
    finally:
        wb.close()
    return "\n".join(lines)


def extract_text(kind: str, data: bytes) -> tuple[str, str]:
    """(text, problem) of an attachment. Images have no text (no OCR): the problem says
    so, and a scanned PDF gives an empty text with a problem, so the reviewer knows the
    checks could not read it."""
    try:
        if kind == AttachmentKind.PDF:
            text = _pdf_text(data)
        elif kind == AttachmentKind.DOCX:
            text = _docx_text(data)
        elif kind == AttachmentKind.XLSX:
            text = _xlsx_text(data)
        else:
            return "", "图片无法自动检查其中的文字,请审查人人工核对。"
    except Exception as exc:  # a broken file must not break the upload
        return "", f"无法提取文字:{type(exc).__name__}"
    text = _cap(text.replace("\x00", ""))
    if not text.strip():
        return "", "未能提取到文字(可能是扫描件),请审查人人工核对。"
    return text, ""
