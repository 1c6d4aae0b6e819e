"""DOCX to blocks with python-docx: headings from paragraph styles, lists from Word numbering, tables.

A DOCX is a ZIP archive, so its member sizes are checked before anything is
decompressed: a "document" that inflates to gigabytes (a zip bomb) is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from tracker.errors import IngestError
from tracker.ingest.blocks import Block, Heading, ListBlock, ListItem, Paragraph, Table
from tracker.regex_cache import compile_regex

MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 20_000
_RATIO_CHECK_FROM = 1024 * 1024  # small members may compress extremely well; only big ones count

_HEADING_STYLE = compile_regex(
    r"^(?:heading|見出し|überschrift|titre|kop|título|titolo)\s*(\d)$", re.IGNORECASE
)
_TITLE_STYLES = frozenset({"title", "表題", "titel", "titre", "título", "titolo"})
_BULLET_STYLE = compile_regex(r"list bullet|箇条書き", re.IGNORECASE)
_NUMBER_STYLE = compile_regex(r"list number|段落番号", re.IGNORECASE)


def check_zip_safety(data: bytes, name: str) -> None:
    """Refuse archives whose declared sizes or compression ratios are those of a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestError(f"{name}: a corrupt or truncated DOCX file ({exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise IngestError(f"{name}: a DOCX with {len(members)} parts; refusing a likely zip bomb")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise IngestError(
                f"{name}: part {member.filename} inflates {ratio:.0f}-fold; refusing a likely zip bomb"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise IngestError(f"{name}: inflates to {total // (1024 * 1024)} MB; refusing a likely zip bomb")


def parse_docx(data: bytes, name: str) -> tuple[list[Block], str | None]:
    """Blocks of a Word document and its core-properties title."""
    check_zip_safety(data, name)
    try:
        document = Document(io.BytesIO(data))
        numbering = _Numbering.of(document)
        styles = _Styles.of(document)
        # With a Title paragraph, "Heading 1" is the level below it.
        has_title = any(_is_title(styles.of_paragraph(paragraph).name) for paragraph in document.paragraphs)
        builder = _Builder(numbering, styles, heading_offset=1 if has_title else 0)
        for item in document.iter_inner_content():
            if isinstance(item, DocxParagraph):
                builder.paragraph(item)
            elif isinstance(item, DocxTable):
                builder.table(item)
        title = document.core_properties.title or None
    except (PackageNotFoundError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise IngestError(f"{name}: a corrupt DOCX file ({type(exc).__name__}: {exc})") from exc
    except (KeyError, ValueError, AttributeError, TypeError, IndexError) as exc:
        # python-docx reads parts lazily and fails in many ways on a malformed package.
        raise IngestError(f"{name}: a malformed DOCX file ({type(exc).__name__}: {exc})") from exc
    return builder.finish(), title


@dataclass(frozen=True)
class _Style:
    name: str
    element: etree._Element | None


@dataclass
class _Styles:
    """Paragraph styles by id, read once: python-docx's own lookup scans every style per paragraph."""

    by_id: dict[str, _Style] = field(default_factory=dict)
    default: _Style = _Style("", None)

    @classmethod
    def of(cls, document: object) -> _Styles:
        styles = cls()
        for style in document.styles:  # type: ignore[attr-defined]
            if style.type == WD_STYLE_TYPE.PARAGRAPH:
                entry = _Style(style.name or "", style.element)
                styles.by_id[style.style_id] = entry
                if style.element.get(qn("w:default")) in ("1", "true", "on"):
                    styles.default = entry
        return styles

    def of_paragraph(self, paragraph: DocxParagraph) -> _Style:
        style_id = paragraph._p.style
        return self.by_id.get(style_id, self.default) if style_id else self.default


@dataclass(frozen=True)
class _Level:
    format: str  # "bullet", "decimal", "lowerLetter", ...
    text: str  # Word's label pattern, e.g. "%1." or "(%2)"
    start: int


@dataclass
class _Numbering:
    """Word's numbering definitions: numId -> level -> format, read from numbering.xml."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: object) -> _Numbering:
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in root.findall(qn("w:abstractNum")):
            levels: dict[int, _Level] = {}
            for level in definition.findall(qn("w:lvl")):
                levels[_int(level.get(qn("w:ilvl")), 0)] = _Level(
                    _val(level, "w:numFmt") or "decimal",
                    _val(level, "w:lvlText") or "",
                    _int(_val(level, "w:start"), 1),
                )
            abstract[definition.get(qn("w:abstractNumId")) or ""] = levels
        numbering = cls()
        for num in root.findall(qn("w:num")):
            reference = num.find(qn("w:abstractNumId"))
            if reference is not None:
                numbering.levels[num.get(qn("w:numId")) or ""] = abstract.get(
                    reference.get(qn("w:val")) or "", {}
                )
        return numbering


class _Builder:
    """Turns the paragraphs and tables of the body, in order, into blocks with nested lists."""

    def __init__(self, numbering: _Numbering, styles: _Styles, heading_offset: int) -> None:
        self.numbering = numbering
        self.styles = styles
        self.heading_offset = heading_offset
        self.blocks: list[Block] = []
        self.items: list[tuple[int, str, str]] = []  # (depth, marker, text) of the list being read
        self.counters: dict[tuple[str, int], int] = {}

    def paragraph(self, paragraph: DocxParagraph) -> None:
        text = paragraph.text.replace("\t", " ")
        paragraph_style = self.styles.of_paragraph(paragraph)
        style = paragraph_style.name
        level = _heading_level(paragraph, style)
        if level is not None:
            if text.strip():
                self._flush_list()
                offset = 0 if level == 1 and _is_title(style) else self.heading_offset
                self.blocks.append(Heading(min(level + offset, 6), text))
            return
        numbered = self._list_marker(paragraph, paragraph_style, text)
        if numbered is not None:
            depth, marker, label = numbered
            self.items.append((depth, marker, f"{label} {text}" if label else text))
            return
        if text.strip():
            self._flush_list()
            self.blocks.append(Paragraph(text))

    def table(self, table: DocxTable) -> None:
        self._flush_list()
        rows: list[tuple[str, ...]] = []
        for row in table.rows:
            cells: list[str] = []
            previous = None
            for cell in row.cells:
                if cell._tc is previous:  # a merged cell repeats; keep it once
                    continue
                previous = cell._tc
                cells.append(cell.text.replace("\t", " "))
            if any(cell.strip() for cell in cells):
                rows.append(tuple(cells))
        if rows:
            self.blocks.append(Table(tuple(rows)))

    def finish(self) -> list[Block]:
        self._flush_list()
        return self.blocks

    def _list_marker(self, paragraph: DocxParagraph, style: _Style, text: str) -> tuple[int, str, str] | None:
        """(depth, "-" or "N.", label text for other numbering formats) for a list paragraph."""
        num_id, depth = _numbering_reference(paragraph, style)
        if num_id is not None and num_id != "0":
            level = self.numbering.levels.get(num_id, {}).get(depth, _Level("bullet", "", 1))
            if level.format in ("bullet", "none"):
                return depth, "-", ""
            number = self._count(num_id, depth, level.start)
            if level.format in ("decimal", "decimalFullWidth", "decimalHalfWidth"):
                return depth, f"{number}.", ""
            return depth, "-", _label(level, number)
        if _BULLET_STYLE.search(style.name):
            return 0, "-", ""
        if _NUMBER_STYLE.search(style.name):
            return 0, f"{self._count('style:' + style.name, 0, 1)}.", ""
        return None

    def _count(self, num_id: str, depth: int, start: int) -> int:
        key = (num_id, depth)
        number = self.counters.get(key, start - 1) + 1
        self.counters[key] = number
        for other in [k for k in self.counters if k[0] == num_id and k[1] > depth]:
            del self.counters[other]  # a higher-level item restarts the levels below it
        return number

    def _flush_list(self) -> None:
        if self.items:
            self.blocks.append(_nest(self.items))
            self.items = []


def _nest(items: list[tuple[int, str, str]]) -> ListBlock:
    """A list with nested sub-lists from (depth, marker, text) rows."""
    top: list[ListItem] = []
    index = 0
    while index < len(items):
        depth, marker, text = items[index]
        children_end = index + 1
        while children_end < len(items) and items[children_end][0] > depth:
            children_end += 1
        children: list[Block] = [Paragraph(text)] if text.strip() else []
        if children_end > index + 1:
            children.append(_nest(items[index + 1 : children_end]))
        top.append(ListItem(marker, tuple(children)))
        index = children_end
    return ListBlock(tuple(top))


def _numbering_reference(paragraph: DocxParagraph, style: _Style) -> tuple[str | None, int]:
    """(numId, level) from the paragraph's own numbering, else from its style's."""
    holders = [paragraph._p]
    if style.element is not None:
        holders.append(style.element)
    for holder in holders:
        num_ids = holder.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_ids:
            levels = holder.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            return str(num_ids[0]), _int(levels[0] if levels else None, 0)
    return None, 0


def _is_title(style_name: str) -> bool:
    return style_name.strip().lower() in _TITLE_STYLES


def _heading_level(paragraph: DocxParagraph, style: str) -> int | None:
    match = _HEADING_STYLE.match(style.strip())
    if match:
        return min(max(int(match.group(1)), 1), 6)
    if style.strip().lower() in _TITLE_STYLES:
        return 1
    outline = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if outline:
        level = _int(outline[0], 9)
        return level + 1 if level < 6 else None
    return None


def _label(level: _Level, number: int) -> str:
    """Word's label for a non-decimal numbering format: "(a)", "ii.", "ア" ..."""
    formatted = _format_number(level.format, number)
    return re.sub(r"%\d", formatted, level.text) if level.text else formatted


def _format_number(fmt: str, number: int) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("aiueoFullWidth", "aiueo"):
        return "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"[
            (number - 1) % 46
        ]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if fmt in ("decimalEnclosedParen",):
        return f"({number})"
    return str(number)


def _roman(number: int) -> str:
    result = []
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, number = divmod(number, value)
        result.append(numeral * count)
    return "".join(result)


def _val(element: etree._Element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
