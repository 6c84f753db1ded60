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
    """Paragraphs in reading order under `root` (iteratively, so deep nesting is safe)."""
    buf: list[str] = []
    line: int | None = None

    def flush() -> Block | None:
        nonlocal line
        text = clean_inline("".join(buf).replace("\u2028", "\n"))
        buf.clear()
        first, line = line, None
        return Block(text, first) if text else None

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = local_tag(el)
        if event == "start":
            if tag in SKIP_TAGS or not tag:
                # Skip the subtree, but keep the element's tail in the "end" event.
                _skip_children(el)
                continue
            if tag in BLOCK_TAGS or tag == "hr":
                done = flush()
                if done:
                    yield done
                if tag == "hr":
                    yield Block("", el.sourceline, True)
            if tag == "br":
                buf.append("\n")
            if el.text and tag not in SKIP_TAGS:
                if line is None:
                    line = el.sourceline
                buf.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                done = flush()
                if done:
                    yield done
            if el.tail and el is not root:
                if line is None:
                    line = el.sourceline
                buf.append(el.tail)
    done = flush()
    if done:
        yield done


def _skip_children(el: etree._Element) -> None:
    for child in list(el):
        el.remove(child)
    el.text = None


def element_text(el: etree._Element) -> str:
    """All visible text of an element as one whitespace-collapsed line."""
    return " ".join(b.text.replace("\n", " ") for b in blocks(el) if not b.is_break)
