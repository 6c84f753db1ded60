"""Findings as text lines (line:col for plain text, @offset otherwise), JSON and SARIF lines."""

from __future__ import annotations

from pathlib import Path

from ficlens.document import Document, SourceInfo, WorkMeta
from ficlens.eval.litbank_data import text_document
from ficlens.ingest.builder import TextBuilder
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.writing.checks import check
from ficlens.writing.report import Positions, json_object, sarif_results, text_lines

STRUCTURE = Pipeline(structure_stages())
TEXT = "The ferry was late.\n\nShe tore open\nthe envelop and read it.\n"


def plain() -> Document:
    return STRUCTURE(text_document(TEXT, Path("story.txt")))


def markup() -> Document:
    b = TextBuilder()
    b.add("The ferry was late.", source_line=10)
    b.add("She tore open the envelop and read it.", source_line=12)
    return STRUCTURE(b.build(WorkMeta(), SourceInfo("story.html", "html", "0" * 64, 0)))


def test_line_and_column_of_offsets() -> None:
    pos = Positions(plain())
    assert pos.plain
    assert pos.line_col(0) == (1, 1)
    assert pos.line_col(TEXT.index("envelop")) == (4, 5)


def test_text_lines_use_line_col_for_plain_text() -> None:
    doc = plain()
    [line] = text_lines("story.txt", doc, check(doc))
    assert line.startswith("story.txt:4:5: confusable [confusable.envelope] “envelop”:")
    assert line.endswith("(suggestion: envelope)")


def test_text_lines_use_offsets_for_markup() -> None:
    doc = markup()
    [finding] = check(doc)
    [line] = text_lines("story.html", doc, [finding])
    assert line.startswith(f"story.html:@{finding.start}: confusable")


def test_json_object_carries_contract_items() -> None:
    doc = plain()
    obj = json_object("story.txt", doc, check(doc))
    assert obj["path"] == "story.txt" and obj["format"] == "text"
    [item] = obj["findings"]
    assert (item["line"], item["column"]) == (4, 5)
    assert item["suggestion"] == "envelope"
    assert "line" not in json_object("s.html", markup(), check(markup()))["findings"][0]


def test_sarif_results() -> None:
    doc = plain()
    [result] = sarif_results("story.txt", doc, check(doc))
    region = result["locations"][0]["physicalLocation"]["region"]
    assert result["ruleId"] == "confusable.envelope"
    assert result["level"] == "warning"
    assert (region["startLine"], region["startColumn"], region["charLength"]) == (4, 5, 7)
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "envelope"
    [markup_result] = sarif_results("story.html", markup(), check(markup()))
    assert "fixes" not in markup_result
    assert "startLine" not in markup_result["locations"][0]["physicalLocation"]["region"]
