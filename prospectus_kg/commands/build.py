"""``prospectus-kg build INPUT... --out DIR``: prospectus files or folders -> a graph folder."""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="prospectus files (.txt, .htm, .html, EDGAR "
                        "full submissions) or folders of them")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="the graph folder to write "
                        "(replaced if it is an earlier graph folder)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="worker processes for extraction (default: all cores)")
    going = parser.add_mutually_exclusive_group()
    going.add_argument("--keep-going", dest="keep_going", action="store_true", default=None,
                       help="skip documents that cannot be read (default when a folder is given)")
    going.add_argument("--stop-on-error", dest="keep_going", action="store_false",
                       help="stop at the first document that cannot be read (default for single files)")
    parser.add_argument("--max-bytes", type=int, default=None, help="refuse files larger than this "
                        "(default 256 MiB)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def run(args: argparse.Namespace) -> int:
    from prospectus_kg.graph.pipeline import build
    progress = sys.stderr.isatty() and not args.quiet
    summary = build(args.inputs, args.out, jobs=args.jobs, keep_going=args.keep_going,
                    max_bytes=args.max_bytes, progress=progress)
    if not args.quiet:
        for source, error in summary.failed:
            print(f"skipped {source}: {error}", file=sys.stderr)
        for warning in summary.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(f"{summary.documents} document(s), {summary.facts} facts, {summary.triples} triples "
              f"in {summary.seconds:.2f} s -> {args.out}" + (f"; {len(summary.failed)} skipped" if summary.failed else ""))
    return 0
