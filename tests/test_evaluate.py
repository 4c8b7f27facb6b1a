"""``prospectus-kg evaluate``: matching rules on a small built graph with a hand-written gold file, the
command line, and the extraction-quality ratchet on the shared corpus (tests/eval/thresholds.json:
floors per field and overall that only ever rise)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prospectus_kg.graph.evaluate import (FIELDS, Score, evaluate, format_table, match_sets, norm_address, norm_exchange,
                                          norm_form, norm_state)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
THRESHOLDS = ROOT / "tests" / "eval" / "thresholds.json"
ACCESSION = "0000000000-25-000001"


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory) -> Path:
    """The resale fixture built under an EDGAR-style file name."""
    from prospectus_kg.graph.build.pipeline import build
    src = tmp_path_factory.mktemp("src")
    shutil.copy(FIXTURES / "resale_s3.html", src / f"{ACCESSION}_S-3.html")
    out = tmp_path_factory.mktemp("built") / "graph"
    build([src], out, jobs=1)
    return out


def gold_file(folder: Path, **overrides) -> Path:
    gold = {
        "accession": ACCESSION, "form": "S-3",
        "issuer": {"name": "Halvard Biosciences, Inc.", "cik": "0000000001", "ticker": "HLVD",
                   "exchange": "The Nasdaq Global Market", "state_of_incorporation": "Nevada",
                   "address": "40 Quarry Lane, Suite 200, Reno, NV 89501"},
        "selling_stockholders": [
            {"name": "Larkspur Opportunity Fund, L.P.", "shares_offered": 1000000},
            {"name": "Quillon Partners Master Fund Ltd", "shares_offered": 900000},
            {"name": "Miriam T. Oyelaran", "shares_offered": 100000},
            {"name": "Entities affiliated with Tessaract Capital, LLC", "shares_offered": 2200000,
             "holders": ["Tessaract Fund I, L.P.", "Tessaract Offshore Fund, Ltd."]}],
        "affiliations": [
            {"subject": "Larkspur Capital Partners LLC", "relation": "general_partner_of",
             "object": "Larkspur Opportunity Fund LP"},
            {"subject": "Quillon Partners Master Fund Ltd.", "relation": "managed_by", "object": "Quillon Asset Management LP"},
            {"subject": "Quillon GP LLC", "relation": "controlled_by", "object": "Helena Brandt"},
            {"subject": "Tessaract Holdings LLC", "relation": "subsidiary_of", "object": "Tessaract Group plc"},
            {"subject": "Tessaract Fund I, L.P.", "relation": "managed_by", "object": "Tessaract Capital, LLC"},
            {"subject": "Tessaract Offshore Fund, Ltd.", "relation": "managed_by", "object": "Tessaract Capital, LLC"},
            {"subject": "Owen Pryce", "relation": "general_partner_of", "object": "Tessaract Capital, LLC"},
            {"subject": "Quillon GP LLC", "relation": "general_partner_of", "object": "Quillon Asset Management LP"}],
        "incorporated_documents": [
            {"form": "10-K", "period_or_date": "2024-12-31"}, {"form": "10-K/A", "period_or_date": "2025-04-14"},
            {"form": "8-K", "period_or_date": "2025-01-06"}, {"form": "8-K", "period_or_date": "2025-02-11"},
            {"form": "8-K", "period_or_date": "2025-03-20"}, {"form": "8-A12B", "period_or_date": "2016-06-02"},
            {"form": "DEF 14A", "period_or_date": "2025-04-30"}],
        "legal_counsel": ["Harlow and Pemberton LLP"],
        "legal_counsel_roles": {"Harlow and Pemberton LLP": "issuer"},
        "auditors": ["Greystone Ridge LLP", "Kessler Vance & Co."],
        "underwriters": ["Beacon Street Securities LLC"],
    }
    gold.update(overrides)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{ACCESSION}_S-3.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def test_each_field_is_matched_as_documented(tmp_path, small_folder):
    ev = evaluate(gold_file(tmp_path / "gold"), small_folder)
    (doc,) = ev.documents
    f = doc.fields
    # issuer: the CIK is not scored for an HTML document (it is not printed); "NV" = "Nevada" in an address,
    # "The Nasdaq Global Market" = "Nasdaq Global Market"
    assert (f["issuer"].gold, f["issuer"].found, f["issuer"].built, f["issuer"].correct) == (5, 5, 5, 5)
    # selling stockholders by normalised name and shares offered; an "Entities affiliated with" row by its label
    assert (f["selling_stockholders"].found, f["selling_stockholders"].correct) == (4, 4)
    assert (f["holders"].gold, f["holders"].found) == (2, 2)
    # affiliations: managed_by/controlled_by reversed into control; Owen Pryce is the managing member (control),
    # so "general_partner_of(Owen Pryce, ...)" is control(Owen Pryce, Tessaract Capital) and matches
    assert f["affiliations"].missed == []
    assert f["affiliations"].spurious == []
    # incorporated documents: a 10-K/A found by its filing date, 8-A12B = 8-A; the DEF 14A is not in the document
    assert f["incorporated_documents"].missed == ["DEF 14A 2025-04-30 (main)"]
    assert f["incorporated_documents"].correct == f["incorporated_documents"].built == 6
    assert (f["counsel"].found, f["counsel"].correct) == (1, 1)
    assert (f["auditors"].found, f["auditors"].correct) == (2, 2)
    # an agent of an earlier deal is no underwriter: the gold's wrong entry is missed, nothing is spurious
    assert (f["underwriters"].gold, f["underwriters"].found, f["underwriters"].built) == (1, 0, 0)


def test_roles_of_counsel_are_compared_when_the_gold_gives_them(tmp_path, small_folder):
    ev = evaluate(gold_file(tmp_path / "gold", legal_counsel_roles={"Harlow and Pemberton LLP": "underwriters"}),
                  small_folder)
    counsel = ev.documents[0].fields["counsel"]
    assert (counsel.found, counsel.correct) == (0, 0)


def test_wrong_values_are_errors(tmp_path, small_folder):
    gold = gold_file(tmp_path / "gold", issuer={"name": "Halvard Bio Inc.", "ticker": "HLV", "exchange": None},
                     selling_stockholders=[{"name": "Larkspur Opportunity Fund, L.P.", "shares_offered": 1500000}])
    f = evaluate(gold, small_folder).documents[0].fields
    assert (f["issuer"].gold, f["issuer"].found) == (2, 0)
    # the exchange and the state are in the graph but not in this gold: built items without a gold value are wrong
    assert f["issuer"].correct == 0 and f["issuer"].built == 5
    # 1,500,000 is the row's "owned before", not its "offered": no match
    assert (f["selling_stockholders"].found, f["selling_stockholders"].correct) == (0, 0)


def test_a_gold_file_without_a_built_document_counts_as_missed(tmp_path, small_folder):
    folder = gold_file(tmp_path / "gold", accession="0000000000-25-999999")
    ev = evaluate(folder, small_folder)
    assert ev.unmatched_gold and ev.documents[0].doc_id is None
    assert ev.overall().found == 0 and ev.overall().gold > 0


def test_scores_and_normalisation():
    s = match_sets(["a", "b", "c"], ["a", "x"], lambda g, b: g == b)
    assert (s.precision, s.recall) == (0.5, 1 / 3)
    assert round(s.f1, 4) == 0.4
    assert Score().precision is None and Score().f1 is None
    assert norm_state("DE") == norm_state("the State of Delaware") == "de"
    assert norm_exchange("The Nasdaq Capital Market") == norm_exchange("Nasdaq Capital Market")
    assert norm_address("100 FORGE ROAD, SUITE 700, WATERTOWN, MA 02472") == \
        norm_address("100 Forge Road, Suite 700, Watertown, Massachusetts 02472")
    assert norm_form("Schedule 14A") == norm_form("DEF 14A") == "DEF 14A"
    assert norm_form("8-A12B") == "8-A"


def test_command_line_table_json_and_thresholds(tmp_path, small_folder):
    gold = gold_file(tmp_path / "gold")
    cli = [sys.executable, "-m", "prospectus_kg.cli", "evaluate", str(gold), str(small_folder)]
    out = subprocess.run(cli + ["--out", str(tmp_path / "r.json")], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[0].split() == ["field", "gold", "found", "built", "right", "P", "R", "F1"]
    assert "overall (micro)" in out.stdout
    report = json.loads((tmp_path / "r.json").read_text())
    # the table shows the matched counts the JSON has: found of gold, right of built
    issuer = next(line for line in out.stdout.splitlines() if line.startswith("issuer "))
    f = report["fields"]["issuer"]
    assert issuer.split()[1:5] == [str(f["gold"]), str(f["found"]), str(f["built"]), str(f["correct"])]
    dashed = subprocess.run(cli + ["--out", "-"], capture_output=True, text=True, check=True)
    assert json.loads(dashed.stdout) == report   # --out -: the JSON report on stdout instead of the table
    assert set(report["fields"]) == set(FIELDS) and report["documents"][0]["fields"]["incorporated_documents"]["missed"]
    as_json = subprocess.run(cli + ["--format", "json"], capture_output=True, text=True, check=True)
    assert json.loads(as_json.stdout)["overall"] == report["overall"]
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"overall": {"precision": 0.5}, "fields": {"underwriters": {"recall": 0.5}}}))
    broken = subprocess.run(cli + ["--thresholds", str(floors)], capture_output=True, text=True)
    assert broken.returncode == 1 and "underwriters recall" in broken.stderr
    missing = subprocess.run(cli[:-2] + [str(tmp_path / "nope"), str(small_folder)], capture_output=True, text=True)
    assert missing.returncode == 3 and "Traceback" not in missing.stderr


# --- the ratchet on the development corpus ------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_evaluation(corpus_folder):
    corpus = Path(os.environ.get("PROSPECTUS_KG_CORPUS", ROOT.parent / "shared" / "corpus"))
    return evaluate(corpus / "gold", corpus_folder)


def test_no_floor_is_broken(corpus_evaluation):
    """tests/eval/thresholds.json holds floors that only go up: raise them when the scores rise."""
    from prospectus_kg.commands.evaluate import check_thresholds
    thresholds = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    report = corpus_evaluation.as_dict()
    assert check_thresholds(report, thresholds) == [], format_table(corpus_evaluation)
    assert set(thresholds["fields"]) == set(FIELDS)


def test_every_gold_file_has_its_document(corpus_evaluation):
    assert corpus_evaluation.unmatched_gold == []


def test_submission_and_its_html_document_score_alike(corpus_evaluation):
    rows = [d for d in corpus_evaluation.documents if d.accession == "0001193125-25-067858"]
    assert len(rows) == 2 and [d.primary for d in rows] == [True, False]
    assert rows[1].agrees_with_primary, rows[1].disagreements


def test_a_universal_shelfs_ticker_is_not_its_warrants(tmp_path):
    # a shelf that names no offered security: the public warrants' symbol and market, which the build
    # links to the warrants, are not a second ticker and exchange of the issuer
    from prospectus_kg.graph.build.pipeline import build
    src = tmp_path / "src"
    src.mkdir()
    (src / f"{ACCESSION}_S-3.html").write_text(
        "<html><body><p><b>PROSPECTUS</b></p><p>Kerlan Battery Holdings Corp.</p>"
        "<p>$100,000,000</p><p>Common Stock, Preferred Stock, Warrants, Debt Securities and Units</p>"
        "<p>We may offer and sell from time to time the securities described in this prospectus. Our common stock "
        "is listed on the Nasdaq Global Market under the symbol \u201cKRLN\u201d and our public warrants are listed "
        "on the Nasdaq Capital Market under the symbol \u201cKRLNW\u201d.</p>"
        "<p><b>RISK FACTORS</b></p><p>Investing is risky.</p></body></html>", encoding="utf-8")
    out = tmp_path / "graph"
    build([src], out, jobs=1)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{ACCESSION}_S-3.json").write_text(json.dumps({
        "accession": ACCESSION, "form": "S-3",
        "issuer": {"name": "Kerlan Battery Holdings Corp.", "ticker": "KRLN", "exchange": "Nasdaq Global Market"},
        "selling_stockholders": [], "affiliations": [], "incorporated_documents": [], "legal_counsel": [],
        "auditors": [], "underwriters": []}), encoding="utf-8")
    (doc,) = evaluate(gold, out).documents
    issuer = doc.fields["issuer"]
    assert (issuer.gold, issuer.found, issuer.built, issuer.correct) == (3, 3, 3, 3), (issuer.missed, issuer.spurious)


def test_the_gold_issuer_may_be_a_co_registrant(tmp_path):
    # a joint filing's registrants issue under one prospectus: a gold file naming the second registrant
    # is scored against that co-issuer's name, state and address
    from prospectus_kg.graph.build.pipeline import build
    src = tmp_path / "src"
    src.mkdir()
    (src / f"{ACCESSION}_F-3.html").write_text(
        "<html><body><p>FORM F-10 and FORM F-3</p><table>"
        "<tr><td>ORVELLE MEDIA CORPORATION (Exact name of Registrant as specified in its charter)</td>"
        "<td>ORVELLE CAPITAL LLC (Exact name of Registrant as specified in its charter)</td></tr>"
        "<tr><td>Ontario, Canada (Province or other jurisdiction of incorporation or organization)</td>"
        "<td>Delaware (State or other jurisdiction of incorporation or organization)</td></tr>"
        "<tr><td>12 King Street Toronto, Ontario M5H 1A1, Canada (Address and telephone number of Registrant\u2019s "
        "principal executive offices)</td><td>9 Mill Road Suite 10 Duluth, Minnesota 55802 (Address and telephone "
        "number of Registrant\u2019s principal executive offices)</td></tr></table>"
        "<p><b>PROSPECTUS</b></p><p>Orvelle Media Corporation and its subsidiary, Orvelle Capital LLC, may offer debt "
        "securities.</p><p><b>RISK FACTORS</b></p><p>Risky.</p></body></html>", encoding="utf-8")
    out = tmp_path / "graph"
    build([src], out, jobs=1)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{ACCESSION}_F-3.json").write_text(json.dumps({
        "accession": ACCESSION, "form": "F-3",
        "issuer": {"name": "Orvelle Capital LLC", "state_of_incorporation": "Delaware",
                   "address": "9 Mill Road, Suite 10, Duluth, Minnesota 55802"},
        "selling_stockholders": [], "affiliations": [], "incorporated_documents": [], "legal_counsel": [],
        "auditors": [], "underwriters": []}), encoding="utf-8")
    (doc,) = evaluate(gold, out).documents
    issuer = doc.fields["issuer"]
    assert (issuer.gold, issuer.found, issuer.built, issuer.correct) == (3, 3, 3, 3), (issuer.missed, issuer.spurious)
