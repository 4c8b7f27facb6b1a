"""``prospectus-kg validate DIR``: is a built graph folder conformant?

Runs the SHACL shapes (ontology/shapes.ttl, pySHACL), the OWL consistency check (HermiT through
owlready2) and the provenance check (each quote equals the canonical text at its span); the work is
in ``prospectus_kg.ontology.validate``. Exit codes follow pySHACL's contract: 0 conformant, 1 not
conformant, 2 could not run (missing folder, Java missing, reasoner failing).
"""

from __future__ import annotations

import argparse
import sys
import time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="report as readable text (default) or JSON on stdout")
    parser.add_argument("--no-owl", action="store_true",
                        help="skip the OWL consistency check (needs Java; about a second)")
    parser.add_argument("--no-shacl", action="store_true", help="skip the SHACL shapes")
    parser.add_argument("--no-provenance", action="store_true", help="skip the span/quote check")
    parser.add_argument("--inference", choices=("none", "rdfs"), default="none",
                        help="pySHACL inference on the data graph before validating (default: none)")
    parser.add_argument("--shacl-engine", choices=("auto", "fast", "pyshacl"), default="auto",
                        help="fast: the shapes over indexes and Oxigraph (seconds at 500k triples); pyshacl: "
                        "pySHACL over rdflib (minutes from 100k triples); auto (default): fast, pySHACL "
                        "with --inference rdfs")
    parser.add_argument("--progress", dest="progress", action="store_true", default=None,
                        help="say what is being checked on stderr even when it is not a terminal "
                        "(default: on a terminal)")
    parser.add_argument("--output", "-o", metavar="FILE", help="also write the report to FILE")


def run(args) -> int:
    from prospectus_kg.folder import open_folder
    from prospectus_kg.ontology.validate import validate_folder

    folder = open_folder(args.folder)
    checks = [name for name, skip in (("shacl", args.no_shacl), ("owl", args.no_owl),
                                      ("provenance", args.no_provenance)) if not skip]
    show = sys.stderr.isatty() if args.progress is None else args.progress
    started = time.perf_counter()

    def progress(line: str) -> None:
        print(f"validate [{time.perf_counter() - started:6.1f} s] {line}", file=sys.stderr, flush=True)

    report = validate_folder(folder, checks=checks, inference=args.inference, engine=args.shacl_engine,
                             progress=progress if show else None)
    text = report.to_json() if args.format == "json" else report.to_text()
    sys.stdout.write(text)
    if args.output and args.output != "-":   # '-': standard output, where it went already
        from prospectus_kg.atomic import write_file

        write_file(args.output, text)
    return 0 if report.conforms else 1
