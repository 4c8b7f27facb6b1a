"""The build pipeline: input paths -> a graph folder, written atomically.

``collect_inputs`` expands files and folders; ``process_document`` runs ingest and extraction for one
file (in a worker process when ``jobs > 1``) and writes its canonical text; the main process then
resolves entities across documents in input order (so parallel and serial builds are identical),
makes triples, and writes ``graph.ttl``, ``build-report.json`` and ``documents/`` into a temporary
folder beside the output, which is moved into place only when everything succeeded.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from prospectus_kg.errors import (InputError, MissingInputError, NoDocumentsError, OutputError,
                                  ProspectusKGError)
from prospectus_kg.graph.folder import DOCUMENTS_DIR, GRAPH_FILE, REPORT_FILE

INPUT_SUFFIXES = {".txt", ".htm", ".html", ".xhtml", ".sgml", ".nc", ".text"}
KEY_SECTIONS = ("selling_stockholders", "plan_of_distribution", "legal_matters", "experts",
                "incorporation_by_reference")


@dataclass
class DocumentResult:
    """What a worker sends back for one document: metadata, facts, and the quote of each fact."""

    meta: dict
    facts: list
    quotes: list[str]
    error: str | None = None


@dataclass
class BuildSummary:
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    facts: int = 0
    triples: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def collect_inputs(inputs: list[str | Path]) -> list[tuple[Path, bool]]:
    """(file, came from a folder) for every input, folders expanded in sorted order."""
    files: list[tuple[Path, bool]] = []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise MissingInputError("no such file or directory", document=str(path), suggestion="check the path")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise NoDocumentsError("folder holds no prospectus (.txt, .htm, .html files)", document=str(path),
                                       suggestion="give files or a folder of EDGAR filings")
            files.extend((p, True) for p in found)
        else:
            files.append((path, False))
    return files


def assign_doc_ids(paths: list[Path]) -> list[str]:
    """Unique document ids: the accession number or file-name slug, suffixed where two collide."""
    from prospectus_kg.graph.ingest import default_doc_id
    ids = []
    seen: Counter = Counter()
    for path in paths:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        base = default_doc_id(path, head)
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def process_document(path: str, doc_id: str, documents_dir: str, max_bytes: int) -> DocumentResult:
    """Ingest + extract one file; write its canonical text. Runs in worker processes."""
    from prospectus_kg.graph.extract import extract
    from prospectus_kg.graph.ingest import load_document
    try:
        doc = load_document(path, doc_id=doc_id, max_bytes=max_bytes)
        facts = extract(doc)
    except ProspectusKGError as exc:
        return DocumentResult({"doc_id": doc_id, "source_name": path}, [], [], exc.one_line())
    text_file = f"{DOCUMENTS_DIR}/{doc_id}.txt"
    Path(documents_dir, f"{doc_id}.txt").write_text(doc.text, encoding="utf-8", newline="\n")
    kinds = sorted({s.kind for s in doc.sections})
    warnings = list(doc.warnings)
    missing = [k for k in KEY_SECTIONS if k not in kinds]
    if not facts:
        warnings.append("no prospectus facts found: is this a prospectus?")
    elif missing:
        warnings.append("sections not found: " + ", ".join(missing))
    meta = {"doc_id": doc_id, "source_name": path, "text_file": text_file, "media_type": doc.media_type,
            "encoding": doc.encoding, "sha256": doc.sha256, "sections": kinds, "warnings": warnings,
            "parts": [(s.start, s.end, "base_prospectus") for s in doc.sections if s.kind == "base_prospectus"]}
    return DocumentResult(meta, facts, [f.span.quote(doc.text) for f in facts])


def _results(tasks: list[tuple[str, str]], documents_dir: Path, jobs: int, max_bytes: int) -> Iterator[DocumentResult]:
    if jobs <= 1 or len(tasks) <= 1:
        for path, doc_id in tasks:
            yield process_document(path, doc_id, str(documents_dir), max_bytes)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(16, len(tasks) // (jobs * 8)))
        yield from pool.map(process_document, [t[0] for t in tasks], [t[1] for t in tasks],
                            [str(documents_dir)] * len(tasks), [max_bytes] * len(tasks), chunksize=chunk)


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)


def build(inputs: list[str | Path], out: str | Path, *, jobs: int = 1, keep_going: bool | None = None,
          max_bytes: int | None = None, progress: bool = False,
          on_warning: Callable[[str], None] | None = None) -> BuildSummary:
    """Build a graph folder at ``out`` from prospectus files and folders.

    ``keep_going`` (default: on when a folder was given) skips a document that cannot be read and
    reports it; otherwise the first bad document stops the build. Nothing is left at ``out`` unless
    the build succeeds.
    """
    from prospectus_kg.graph.build import name_triples, run_iri, run_triples, scheme_triples
    from prospectus_kg.graph.build import document_triples
    from prospectus_kg.graph.ingest import DEFAULT_MAX_BYTES
    from prospectus_kg.graph.resolve import Resolver
    started = time.perf_counter()
    out = Path(out)
    files = collect_inputs(inputs)
    keep_going = any(from_dir for _p, from_dir in files) if keep_going is None else keep_going
    paths = [p for p, _ in files]
    doc_ids = assign_doc_ids(paths)
    _check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    summary = BuildSummary()
    try:
        (tmp / DOCUMENTS_DIR).mkdir()
        tasks = [(str(p), d) for p, d in zip(paths, doc_ids)]
        writer = GraphWriter()
        resolver, names, report_docs = Resolver(), [], []
        predicate_counts: Counter = Counter()
        bar = _progress(len(tasks), progress)
        results = list(_results(tasks, tmp / DOCUMENTS_DIR, jobs, max_bytes or DEFAULT_MAX_BYTES))
        run = run_iri(r.meta.get("sha256", "") for r in results if not r.error)
        for result in results:
            if bar:
                bar.update(1)
            if result.error:
                if not keep_going:
                    raise InputError(result.error)
                summary.failed.append((result.meta["source_name"], result.error))
                continue
            iris = resolver.resolve(result.meta["doc_id"], result.facts)
            facts = [f for f in result.facts if all(not hasattr(r, "kind") or r in iris for r in (f.subject, f.obj))]
            writer.add_all(document_triples(result.meta, facts, result.quotes, iris, resolver, run, names))
            predicate_counts.update(f.predicate for f in facts)
            summary.documents += 1
            summary.facts += len(facts)
            for w in result.meta["warnings"]:
                summary.warnings.append(f"{result.meta['source_name']}: {w}")
            report_docs.append({k: result.meta[k] for k in ("doc_id", "source_name", "text_file", "media_type",
                                                             "encoding", "sha256", "sections", "warnings")}
                               | {"facts": len(facts)})
        if bar:
            bar.close()
        if summary.documents == 0:
            raise NoDocumentsError("no document could be read: " + "; ".join(e for _p, e in summary.failed))
        writer.add_all(name_triples(resolver, names, run))
        writer.add_all(scheme_triples())
        writer.add_all(run_triples(run))
        summary.triples = writer.write(tmp / GRAPH_FILE)
        report = {"documents": report_docs, "failed": [{"source_name": p, "error": e} for p, e in summary.failed],
                  "counts": {"documents": summary.documents, "facts": summary.facts, "triples": summary.triples,
                             "facts_by_kind": dict(sorted(predicate_counts.items()))},
                  "warnings": summary.warnings}
        (tmp / REPORT_FILE).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    summary.seconds = time.perf_counter() - started
    if on_warning:
        for w in summary.warnings:
            on_warning(w)
    return summary


class GraphWriter:
    """Collects triples and writes Turtle with prefixes bound (rdflib's serializer sorts its output)."""

    def __init__(self) -> None:
        from rdflib import Graph
        from prospectus_kg.ontology.namespace import bind_prefixes
        self.graph = bind_prefixes(Graph())

    def add_all(self, triples) -> None:
        add = self.graph.add
        for t in triples:
            add(t)

    def write(self, path: Path) -> int:
        self.graph.serialize(path, format="turtle", encoding="utf-8")
        return len(self.graph)


def _check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError("output exists and is a file", document=str(out), suggestion="choose a folder name")
    if out.is_dir() and any(out.iterdir()) and not (out / REPORT_FILE).exists():
        raise OutputError("output folder exists, is not empty and is not a graph folder", document=str(out),
                          suggestion="choose a new folder; an earlier graph folder is replaced")


def _replace(tmp: Path, out: Path) -> None:
    """Move the finished folder into place; an earlier graph folder there is replaced."""
    try:
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except OSError as exc:
        raise OutputError(f"cannot write the output folder ({exc.strerror})", document=str(out)) from exc
