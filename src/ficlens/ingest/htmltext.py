"""Safe HTML parsing and the walk that turns markup into paragraphs.

Scripts, styles, forms and embedded objects are dropped, never executed and never copied;
attributes (event handlers included) are never emitted. Only text reaches the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree, html

from ficlens.errors import IngestError

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "section",
        "article",
        "header",
        "footer",
        "pre",
        "center",
        "figure",
        "figcaption",
        "aside",
        "main",
        "nav",
        "address",
        "caption",
        "details",
        "summary",
        "body",
        "html",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "head",
        "title",
        "svg",
        "math",
        "button",
        "form",
        "input",
        "select",
        "textarea",
        "canvas",
        "video",
        "audio",
        "link",
        "meta",
    ]
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_NEWLINES = re.compile(r"[\r\n]+")
_SPACE = re.compile(r"[ \t\r\n\f\v\u200b]+")


class Block(NamedTuple):
    """A paragraph of text (lines joined by "\\n" for ``<br>``), or a break for ``<hr>``."""

    text: str
    line: int | None
    is_break: bool = False


def parse_html(markup: str | bytes, path: str) -> html.HtmlElement:
    """Parse (possibly malformed) HTML without network access, comments or processing
    instructions; raises `IngestError` if nothing usable is found."""
    parser = html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=False
    )
    if isinstance(markup, str):
        # lxml refuses str input that carries an XML encoding declaration.
        markup = _XML_DECL.sub("", markup, count=1)
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(
            path, f"malformed HTML that cannot be parsed ({exc})", code="html"
        ) from exc
    return root


def local_tag(el: etree._Element) -> str:
    """Tag name without namespace, lower-cased; "" for comments and other non-elements."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def clean_inline(text: str) -> str:
    """Collapse HTML whitespace inside each line; keep the line breaks ``<br>`` made."""
    lines = (_SPACE.sub(" ", part).strip() for part in text.replace("\xa0", " ").split("\n"))
    return "\n".join(line for line in lines if line)


def blocks(root: etree._Element) -> Iterator[Block]:
    """Paragraphs in reading order under `root` (iteratively, so deep nesting is safe).

    As in a browser, line ends in the markup are spaces (except inside ``<pre>``), ``<br>``
    is a line break and ``<br><br>`` ends a paragraph, as sites that never use ``<p>`` mean.
    """
    buf: list[str] = []
    line: int | None = None
    skipping = 0  # depth inside elements whose content is dropped (script, style, ...)
    pre = 0  # depth inside <pre>
    after_br = False  # only whitespace since the last <br>

    def flush() -> Block | None:
        nonlocal line, after_br
        text = clean_inline("".join(buf))
        buf.clear()
        first, line, after_br = line, None, False
        return Block(text, first) if text else None

    def take(text: str | None, where: etree._Element) -> None:
        nonlocal line, after_br
        if text:
            if line is None and isinstance(where.sourceline, int):
                line = where.sourceline
            buf.append(text if pre else _NEWLINES.sub(" ", text))
            after_br = after_br and not text.strip()

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = local_tag(el)
        skip = tag in SKIP_TAGS or not tag
        if event == "start":
            if skipping or skip:
                skipping += skip
                continue
            pre += tag == "pre"
            if tag in BLOCK_TAGS or tag == "hr":
                done = flush()
                if done:
                    yield done
                if tag == "hr":
                    yield Block("", el.sourceline, True)
            if tag == "br":
                if after_br:
                    done = flush()
                    if done:
                        yield done
                else:
                    buf.append("\n")
                    after_br = True
            take(el.text, el)
            continue
        if skip:
            skipping -= 1
        if skipping:
            continue
        pre -= tag == "pre"
        if tag in BLOCK_TAGS:
            done = flush()
            if done:
                yield done
        if el is not root:
            take(el.tail, el)
    done = flush()
    if done:
        yield done


def element_text(el: etree._Element) -> str:
    """All visible text of an element as one whitespace-collapsed line."""
    return " ".join(b.text.replace("\n", " ") for b in blocks(el) if not b.is_break)
