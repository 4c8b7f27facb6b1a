"""``prospectus-kg build INPUT... --out DIR``: prospectus files or folders -> a graph folder.

Extraction runs in ``--jobs`` worker processes (default: all cores). On a terminal a progress bar
shows documents done, the rate and the time remaining; piped or with ``--quiet`` nothing but the
summary (and errors) is printed.
"""

from __future__ import annotations

import argparse
import os
import sys

#: How many skipped documents and warnings the summary lists; the rest are in build-report.json.
_LIST_AT_MOST = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="prospectus files (.txt, .htm, .html, EDGAR "
                        "full submissions) or folders of them")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="the graph folder to write "
                        "(replaced if it is an earlier graph folder)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="worker processes for extraction (default: all cores, here %(default)s)")
    going = parser.add_mutually_exclusive_group()
    going.add_argument("--keep-going", dest="keep_going", action="store_true", default=None,
                       help="skip documents that cannot be read or fail in extraction, and report them "
                       "(default when a folder is given)")
    going.add_argument("--stop-on-error", dest="keep_going", action="store_false",
                       help="stop at the first document that cannot be read (default for single files)")
    parser.add_argument("--root", metavar="DIR", default=None,
                        help="record each input's path relative to DIR (default: relative to the input's own "
                        "folder: a file by its name, a folder's files by their path inside it), so the graph "
                        "does not depend on the folder the build was started in")
    parser.add_argument("--max-bytes", type=int, default=None, help="refuse files larger than this "
                        "(default 256 MiB)")
    parser.add_argument("--doc-timeout", type=float, default=120.0, metavar="SECONDS",
                        help="stop a document whose reading and extraction take longer than this, killing "
                        "the worker process that ran it: it is skipped and reported with --keep-going, "
                        "and with --stop-on-error the build fails (exit code 124); 0 means no limit "
                        "(default: %(default)g)")
    nt = parser.add_mutually_exclusive_group()
    nt.add_argument("--ntriples", dest="ntriples", action="store_true", default=None,
                    help="also write graph.nt, the same triples as sorted N-Triples (default: when the "
                    "graph has more than a million triples)")
    nt.add_argument("--no-ntriples", dest="ntriples", action="store_false", help="never write graph.nt")
    parser.add_argument("--query-store", action="store_true",
                        help="also build the folder's persistent Oxigraph store (.store/), which `query` and "
                        "`serve` open read-only (default: the first query that uses Oxigraph builds it)")
    parser.add_argument("--progress", dest="progress", action="store_true", default=None,
                        help="show the progress bar even when stderr is not a terminal")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def run(args: argparse.Namespace) -> int:
    """A thin layer over the Python API (``prospectus_kg.api.build_folder``, :func:`prospectus_kg.build`
    without opening the graph for queries), printing its summary."""
    from prospectus_kg.api import build_folder
    from prospectus_kg.errors import printable
    if args.jobs < 1:
        from prospectus_kg.errors import UsageError
        raise UsageError("--jobs must be at least 1")
    if not args.doc_timeout >= 0:   # also refuses nan
        from prospectus_kg.errors import UsageError
        raise UsageError("--doc-timeout must be a number of seconds, 0 for no limit")
    progress = (sys.stderr.isatty() if args.progress is None else args.progress) and not args.quiet
    try:
        summary = build_folder(args.inputs, args.out, jobs=args.jobs, keep_going=args.keep_going,
                               max_bytes=args.max_bytes, progress=progress, ntriples=args.ntriples,
                               doc_timeout=args.doc_timeout, root=args.root, query_store=args.query_store)
    except KeyboardInterrupt:
        if not args.quiet:
            print(f"interrupted: nothing was written to {printable(args.out)}", file=sys.stderr)
        raise
    if not args.quiet:
        _print_list("skipped ", "skipped documents", [f"{source}: {error}" if not error.startswith(source) else error
                                for source, error in summary.failed])
        _print_list("warning: ", "warnings", summary.warnings)
        print(printable(summary_line(summary, args.out)))
    return 0


def _print_list(prefix: str, what: str, items: list[str]) -> None:
    from prospectus_kg.errors import printable
    for item in items[:_LIST_AT_MOST]:
        print(printable(f"{prefix}{item}"), file=sys.stderr)
    if len(items) > _LIST_AT_MOST:
        print(f"... and {len(items) - _LIST_AT_MOST} more {what}: see build-report.json", file=sys.stderr)


def summary_line(summary, out: str) -> str:
    """``6 documents, 745 facts, 14,656 triples in 1.32 s (4.5 documents/s, 1.5 MB/s, 2 jobs) -> out``."""
    seconds = max(summary.seconds, 1e-9)
    line = (f"{summary.documents:,} document{'s' if summary.documents != 1 else ''}, {summary.facts:,} facts, "
            f"{summary.triples:,} triples in {summary.seconds:.2f} s ({summary.documents / seconds:.1f} documents/s, "
            f"{summary.bytes / seconds / 1e6:.1f} MB/s, {summary.jobs} job{'s' if summary.jobs != 1 else ''}) -> {out}")
    extras = []
    if summary.failed:
        extras.append(f"{len(summary.failed)} skipped")
    if summary.warnings:
        extras.append(f"{len(summary.warnings)} warning{'s' if len(summary.warnings) != 1 else ''}")
    return line + ("; " + ", ".join(extras) if extras else "")
