"""Raise the floors of tests/eval/thresholds.json to an evaluation's scores (rounded down to 2 decimals).

    prospectus-kg build ../shared/corpus/edgar ../shared/corpus/seed --out /tmp/corpus
    prospectus-kg evaluate ../shared/corpus/gold /tmp/corpus --format json --out /tmp/report.json
    python tests/eval/raise_floors.py /tmp/report.json

A floor only goes up; ``--reset`` sets every floor to the scores as they are (done once, when the
development corpus grew from 5 to 27 filings).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

THRESHOLDS = Path(__file__).with_name("thresholds.json")


def floor2(x: float | None) -> float:
    return 0.0 if x is None else math.floor(x * 100 + 1e-9) / 100


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path, help="the JSON of `prospectus-kg evaluate --format json`")
    ap.add_argument("--reset", action="store_true", help="set the floors to the scores, even where lower")
    args = ap.parse_args()
    report = json.loads(args.report.read_text(encoding="utf-8"))
    old = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    new = {"_comment": old["_comment"], "overall": {}, "fields": {}}
    scored = [("overall", None, report["overall"])] + [("fields", f, s) for f, s in report["fields"].items()]
    for group, name, scores in scored:
        before = old[group] if name is None else old[group].get(name, {})
        floors = {k: floor2(scores[k]) if args.reset else max(before.get(k, 0.0), floor2(scores[k]))
                  for k in ("precision", "recall")}
        if name is None:
            new[group] = floors
        else:
            new[group][name] = floors
    THRESHOLDS.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(new, indent=2))


if __name__ == "__main__":
    main()
