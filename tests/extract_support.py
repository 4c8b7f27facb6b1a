"""Helpers shared by the extractor tests: the fixtures folder and extracting facts from small HTML."""

from __future__ import annotations

from pathlib import Path

from prospectus_kg.graph.extract import extract
from prospectus_kg.graph.ingest.load import load_document

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
#: a centred bold paragraph, the way EDGAR HTML prints a section heading
HEAD = '<p style="text-align:center"><b>{}</b></p>'


def page(*parts: str) -> str:
    return "<html><body>" + "".join(parts) + "</body></html>"


def extract_html(tmp_path: Path, html: str, name: str = "doc.html"):
    """(document, facts) of ``html`` written to a file and read as a user's input would be."""
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    doc = load_document(path)
    return doc, extract(doc)


def run(tmp_path: Path, *parts: str):
    """(document, facts) of an HTML page made of ``parts``."""
    return extract_html(tmp_path, page(*parts))


def positions(facts) -> dict[str, dict]:
    """rowLabel -> {predicate: value, "holders": [names]} for every position."""
    out: dict[str, dict] = {}
    labels = {f.subject: f.obj for f in facts if f.predicate == "rowLabel"}
    for f in facts:
        if f.subject in labels:
            row = out.setdefault(labels[f.subject], {"holders": []})
            if f.predicate == "holder":
                row["holders"].append(f.obj.key)
            elif f.predicate != "rowLabel":
                row[f.predicate] = f.obj
    return out
