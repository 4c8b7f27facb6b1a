"""``prospectus-kg evaluate GOLD_DIR BUILT_DIR``: score a built graph against gold-label JSON files.

Per field (issuer, selling stockholders, holders, affiliations, incorporated documents, counsel,
auditors, underwriters) and per document: precision, recall and F1, micro-averaged into a total. How
each field is matched is documented in ``prospectus_kg.graph.evaluate``. Prints aligned tables (or
JSON with ``--format json``); ``--out FILE`` also writes the full JSON report (with what was missed
and what was spurious). With ``--thresholds FILE`` (``tests/eval/thresholds.json``) the command exits
1 when a score is below its floor.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", metavar="GOLD_DIR", help="folder of gold-label JSON files (one per filing)")
    parser.add_argument("built", metavar="BUILT_DIR", help="a graph folder written by `prospectus-kg build`")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="print aligned tables (default) or the JSON report")
    parser.add_argument("--out", "-o", metavar="FILE", help="also write the JSON report to FILE "
                        "('-': print it instead of the table)")
    parser.add_argument("--details", action="store_true",
                        help="with the table, list what was missed and what was spurious")
    parser.add_argument("--thresholds", metavar="FILE",
                        help="floors per field and overall (JSON); exit 1 when a score is below one")


def check_thresholds(report: dict, thresholds: dict) -> list[str]:
    """The floors ``report`` breaks: ``{"overall": {"precision": p, "recall": r}, "fields": {...}}``."""
    broken = []
    targets = [("overall", report["overall"], thresholds.get("overall", {}))]
    targets += [(f, report["fields"].get(f, {}), floors) for f, floors in thresholds.get("fields", {}).items()
                if not f.startswith("_")]
    for name, scores, floors in targets:
        for metric, floor in floors.items():
            value = scores.get(metric)
            if value is not None and value + 1e-9 < floor:
                broken.append(f"{name} {metric} {value:.4f} < floor {floor:.2f}")
    return broken


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from prospectus_kg.errors import InputError, ValidationFailed
    from prospectus_kg.graph.evaluate import evaluate, format_details, format_table

    from prospectus_kg.atomic import is_stdout, write_file

    ev = evaluate(args.gold, args.built)
    report = ev.as_dict()
    if is_stdout(args.out):   # --out -: the JSON report is what goes to standard output
        pass
    elif args.format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_table(ev))
        if args.details:
            sys.stdout.write("\n" + format_details(ev))
    if args.out:
        write_file(args.out, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if args.thresholds:
        try:
            thresholds = json.loads(Path(args.thresholds).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read thresholds: {exc}", document=args.thresholds) from exc
        broken = check_thresholds(report, thresholds)
        if broken:
            raise ValidationFailed("scores below their floors: " + "; ".join(broken), document=args.built,
                                   suggestion="see --details for what was missed")
    return 0
