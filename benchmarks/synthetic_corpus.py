"""Synthetic resale prospectuses at any scale, and how the build scales on them.

``generate(folder, n)`` writes ``n`` prospectuses, about half plain text (old EDGAR style, fixed-width
tables) and half EDGAR-style HTML (inline styles, ``<font>`` runs, page breaks, tables of several
shapes), with varied wording. They share parties the way a year of EDGAR does: a pool of investors
who sell in many offerings (each with the same manager or general partner every time), a few dozen
law firms and audit firms, and issuers that file more than one prospectus. Everything is derived from
``(seed, index)``, so the same ``n`` gives the same bytes on any machine.

Run as a script it measures the build (wall time, documents/s, MB/s, peak memory of the build and its
workers, sampled from /proc) for each N and the scaling exponent between consecutive sizes
(``log2(time(2N)/time(N))`` normalised to a doubling; 1.0 is linear)::

    .venv/bin/python benchmarks/synthetic_corpus.py                 # N = 100 and 1,000
    .venv/bin/python benchmarks/synthetic_corpus.py --sizes 100 1000 10000
    .venv/bin/python benchmarks/synthetic_corpus.py --quick          # N = 5 and 10 (smoke test)
    .venv/bin/python benchmarks/synthetic_corpus.py --generate-only DIR --sizes 200

It prints one JSON object (``--json``) or a table, always with the core count.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import machine, peak_rss_of_command  # noqa: E402

# --- the pools of names --------------------------------------------------------------------------

_ISSUER_A = ("Northwind", "Bluestem", "Cedar Ridge", "Halcyon", "Meridian", "Solaris", "Aurora", "Granite Peak",
             "Silverline", "Redwood", "Ironclad", "Lumen", "Cobalt", "Vantage", "Harborview", "Kestrel", "Pinnacle",
             "Summit", "Tidewater", "Evergreen", "Oakmont", "Sterling", "Crescent", "Beacon", "Everett", "Falcon",
             "Juniper", "Larkspur", "Mosaic", "Nimbus", "Orion", "Paragon", "Quartz", "Riverbend", "Sequoia",
             "Tamarack", "Union Point", "Verity", "Westfield", "Zephyr", "Alder", "Birchwood", "Caliber", "Delta Crest",
             "Elmstead", "Fairhaven", "Glacier", "Highland", "Ivory Coast", "Jasper", "Keystone", "Lakeshore",
             "Magnolia", "Newport", "Osprey", "Prairie", "Quarry Hill", "Ridgeline", "Stonegate", "Trillium")
_ISSUER_B = ("Biotherapeutics", "Therapeutics", "Energy", "Turbine", "Semiconductor", "Pharmaceuticals", "Networks",
             "Robotics", "Medical", "Genomics", "Software", "Materials", "Power Systems", "Diagnostics", "Aerospace",
             "Water Technologies", "Minerals", "Biosciences", "Devices", "Analytics", "Logistics", "Foods",
             "Oncology", "Imaging", "Wireless", "Batteries", "Instruments", "Vaccines", "Photonics", "Data Systems")
_ISSUER_SUFFIX = ("Inc.", "Corporation", "Holdings, Inc.", "Corp.", "Ltd.", "Group, Inc.")
_INVESTOR_A = ("Alder", "Ashford", "Bayard", "Bramble", "Calloway", "Carver", "Dunmore", "Easton", "Fenwick",
               "Gable", "Hadley", "Hollis", "Ingram", "Jarvis", "Kendall", "Langford", "Marlow", "Nash", "Oakley",
               "Pembroke", "Quincy", "Radcliffe", "Sutton", "Thorne", "Upton", "Vance", "Whitmore", "Yardley",
               "Ellery", "Foxcroft", "Greaves", "Hawthorne", "Kingsley", "Lowell", "Merritt", "Norcross")
_INVESTOR_B = ("Capital Partners, L.P.", "Opportunity Fund, LP", "Master Fund Ltd.", "Investments, LLC",
               "Healthcare Fund, L.P.", "Ventures II, L.P.", "Equity Partners, LLC", "Strategic Fund, Ltd.",
               "Growth Fund, L.P.", "Special Situations Fund, LP")
_MANAGER_B = ("Capital Management, LLC", "Advisors, LLC", "Asset Management, L.P.", "Partners GP, LLC",
              "Management Company, LLC")
#: Size of the pool of investors that sell across documents.
INVESTORS = 300
_PEOPLE = ("Martin Kobinger", "Laura Chen", "David Okafor", "Susan Patel", "James Whitaker", "Maria Gonzalez",
           "Robert Lindqvist", "Emily Novak", "Thomas Brandt", "Hannah Reyes", "Peter Osei", "Karen Mills")
_LAW_FIRMS = ("Baker Linden LLP", "Morrow, Keane & Abbott LLP", "Ellison Marsh LLP", "Fairchild & Stone LLP",
              "Hartwell Cooper LLP", "Pryor Vance LLP", "Quinlan Rhodes LLP", "Sterling Ashby LLP",
              "Wexford Gale & Lyons LLP", "Thornbury Hale P.C.", "Calder Finch LLP", "Dorsey Lane LLP",
              "Kimball Ward & Price LLP", "Latham Crowe LLP", "Maddox Reilly PLLC", "Norwood Bates LLP",
              "Oakes Pemberton LLP", "Radley & Sims LLP", "Sheffield Grant LLP", "Tolliver Young P.C.",
              "Underhill Marks LLP", "Vickers Dale LLP", "Winslow Ames LLP", "Yates Corbin LLP")
_AUDITORS = ("Crane Whitfield LLP", "Harbor & Moss LLP", "Kessler Dunn LLP", "Marlowe Pike LLP",
             "Ashgrove Partners LLP", "Bellamy & Cole LLP", "Corwin Hart LLP", "Davenport Reyes LLP",
             "Emerson Lowe LLP", "Grayson Tate LLP", "Holloway Finch LLP", "Irving Blake LLP")
_PARTNERS = ("United Technologies Corporation", "General Electric Company", "Siemens Aktiengesellschaft",
             "Honeywell International Inc.", "Johnson Controls International plc", "Schneider Electric SE",
             "Emerson Electric Co.", "Eaton Corporation plc", "ABB Ltd", "Caterpillar Inc.")
_SCOPES = ("integrate, sell and service combined heat and power solutions for commercial buildings",
           "develop and market energy storage systems for utilities",
           "co-develop diagnostic products for hospital laboratories",
           "distribute our products to industrial customers")
_TERRITORIES = ("North America and most of Europe", "the United States and Canada", "Europe and Asia",
                "North America")
_BANKS = ("H.C. Wainwright & Co., LLC", "Roth Capital Partners, LLC", "Maxim Group LLC", "ThinkEquity LLC",
          "A.G.P./Alliance Global Partners", "Ladenburg Thalmann & Co. Inc.", "Craig-Hallum Capital Group LLC",
          "Oppenheimer & Co. Inc.")
_STREETS = ("Main Street", "Market Street", "Harbor Boulevard", "Research Drive", "Innovation Way", "Commerce Court",
            "Park Avenue", "Technology Parkway", "Lakeview Road", "Industrial Drive", "Sand Hill Road")
_CITIES = (("Boston", "Massachusetts", "MA", "02110"), ("San Diego", "California", "CA", "92121"),
           ("Austin", "Texas", "TX", "78701"), ("Denver", "Colorado", "CO", "80202"),
           ("Seattle", "Washington", "WA", "98101"), ("Princeton", "New Jersey", "NJ", "08540"),
           ("Chatsworth", "California", "CA", "91311"), ("Cambridge", "Massachusetts", "MA", "02139"),
           ("Raleigh", "North Carolina", "NC", "27601"), ("Miami", "Florida", "FL", "33131"))
_STATES = ("Delaware", "Nevada", "Maryland", "Colorado", "Washington")
_EXCHANGES = ("Nasdaq Capital Market", "Nasdaq Global Market", "Nasdaq Global Select Market", "NYSE American",
              "New York Stock Exchange")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_BUSINESS = ("develop, manufacture and market {p} for {m}", "design and sell {p} for {m}",
             "are a clinical-stage company developing {p} for {m}", "provide {p} to {m}")
_PRODUCTS = ("microturbine generator sets", "gene therapies", "battery storage systems", "diagnostic assays",
             "industrial sensors", "satellite components", "water purification systems", "cloud software",
             "precision instruments", "medical imaging devices")
_MARKETS = ("commercial and industrial customers", "hospitals and clinics", "utilities and grid operators",
            "patients with rare diseases", "defense and aerospace customers", "municipal water systems")
_METHODS = (
    "ordinary brokerage transactions and transactions in which the broker-dealer solicits purchasers",
    "block trades in which the broker-dealer will attempt to sell the shares as agent but may position and "
    "resell a portion of the block as principal to facilitate the transaction",
    "purchases by a broker-dealer as principal and resale by the broker-dealer for its account",
    "an exchange distribution in accordance with the rules of the applicable exchange",
    "privately negotiated transactions",
    "settlement of short sales entered into after the date of this prospectus",
    "through the writing or settlement of options or other hedging transactions, whether through an options "
    "exchange or otherwise",
    "broker-dealers may agree with the selling stockholders to sell a specified number of such shares at a "
    "stipulated price per share",
    "in transactions otherwise than on these exchanges or systems or in the over-the-counter market",
    "the pledge of the securities as security for any loan or obligation",
    "the distribution of the securities by any selling stockholder to its partners, members or stockholders",
    "a combination of any such methods of sale",
    "any other method permitted pursuant to applicable law",
)
_RISKS = (
    "We have a history of losses and may never achieve or sustain profitability.",
    "Our operating results may fluctuate significantly from quarter to quarter, which could cause the market "
    "price of our common stock to decline.",
    "We depend on a limited number of suppliers for key components, and any interruption in supply could "
    "delay shipments to our customers.",
    "Competition in our markets is intense, and many of our competitors have substantially greater resources "
    "than we do.",
    "If we are unable to protect our intellectual property, our competitive position could be harmed.",
    "The market price of our common stock has been and may continue to be volatile.",
    "Future sales of our common stock in the public market, including sales by the selling stockholders, could "
    "cause the market price of our common stock to fall.",
    "We may need additional capital, which may not be available on acceptable terms, or at all.",
    "Changes in government regulation could increase our costs or limit the markets for our products.",
    "We rely on key personnel, and the loss of any of them could adversely affect our business.",
    "Our international operations expose us to currency, political and compliance risks.",
    "Cybersecurity incidents could disrupt our operations and expose us to liability.",
    "Provisions in our charter documents could make an acquisition of our company more difficult.",
    "We do not expect to pay dividends on our common stock in the foreseeable future.",
)
_FILLER = (
    "This risk could have a material adverse effect on our business, financial condition and results of "
    "operations.",
    "Investors should carefully consider the information described below together with the other information "
    "contained in this prospectus.",
    "There can be no assurance that our efforts will be successful or that the results will meet expectations.",
    "Our customers may delay or reduce their purchases as a result of general economic conditions.",
    "The timing of orders is difficult to predict, and a delay in a single large order could affect a quarter.",
    "We continue to evaluate opportunities to reduce costs and improve the efficiency of our operations.",
    "Management regularly reviews these estimates, and actual results may differ from them.",
    "Any of these factors could cause our actual results to differ materially from our expectations.",
)


def _issuer(i: int) -> str:
    return f"{_ISSUER_A[i % len(_ISSUER_A)]} {_ISSUER_B[(i // len(_ISSUER_A)) % len(_ISSUER_B)]} " \
           f"{_ISSUER_SUFFIX[(i // (len(_ISSUER_A) * len(_ISSUER_B))) % len(_ISSUER_SUFFIX)]}"


def _investor(j: int) -> tuple[str, str, str]:
    """(fund, its manager, how they are related), the same every time investor j appears."""
    a = _INVESTOR_A[j % len(_INVESTOR_A)]
    fund = f"{a} {_INVESTOR_B[(j // len(_INVESTOR_A)) % len(_INVESTOR_B)]}"
    manager = f"{a} {_MANAGER_B[j % len(_MANAGER_B)]}"
    relation = ("general partner", "investment manager", "affiliate")[j % 3]
    return fund, manager, relation


def _ticker(name: str, i: int) -> str:
    letters = "".join(w[0] for w in name.split()[:3]).upper()
    return (letters + "XYZQ"[i % 4] + "ABCDEFGH"[(i // 4) % 8])[:4]


def _date(rng: random.Random, year: int) -> tuple[str, int, int]:
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    return f"{_MONTHS[month - 1]} {day}, {year}", month, day


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        sentences = [rng.choice(_RISKS)] + rng.sample(_FILLER, rng.randrange(2, 5))
        out.append(" ".join(sentences))
    return out


def document(index: int, seed: int = 0) -> dict:
    """The content of synthetic prospectus ``index``: issuer, parties, sections as plain data."""
    rng = random.Random(seed * 1_000_003 + index)
    issuer_no = index if index % 5 else index // 5          # some issuers file several prospectuses
    name = _issuer(issuer_no)
    short = name.split()[0]
    year = 2005 + index % 20
    city, state_name, state_code, zip_code = _CITIES[issuer_no % len(_CITIES)]
    sellers = []
    n_sellers = rng.choice((1, 1, 2, 3, 4, 6, 9))
    for j in rng.sample(range(INVESTORS), n_sellers):
        fund, manager, relation = _investor(j)
        before = rng.randrange(50, 5000) * 1000 + rng.randrange(1000)
        offered = before if rng.random() < 0.7 else before // 2
        sellers.append({"name": fund, "manager": manager, "relation": relation, "before": before,
                        "offered": offered, "person": _PEOPLE[j % len(_PEOPLE)]})
    date, month, day = _date(rng, year)
    d = {
        "index": index, "name": name, "short": short, "year": year, "founded": 1980 + issuer_no % 40,
        "state": _STATES[issuer_no % len(_STATES)],
        "address": f"{100 + issuer_no % 9000} {_STREETS[issuer_no % len(_STREETS)]}, {city}, {state_name} {zip_code}",
        "phone": f"({200 + issuer_no % 700}) {100 + issuer_no % 800}-{1000 + issuer_no % 9000}",
        "exchange": _EXCHANGES[issuer_no % len(_EXCHANGES)], "ticker": _ticker(name, issuer_no),
        "price": f"{rng.randrange(1, 80)}.{rng.randrange(100):02d}", "date": date,
        "sale_date": f"{_MONTHS[month - 1]} {max(1, day - 3)}, {year}",
        "business": rng.choice(_BUSINESS).format(p=rng.choice(_PRODUCTS), m=rng.choice(_MARKETS)),
        "sellers": sellers, "shares": sum(s["offered"] for s in sellers),
        "counsel": _LAW_FIRMS[issuer_no % len(_LAW_FIRMS)],
        "seller_counsel": _LAW_FIRMS[(issuer_no * 7 + 3) % len(_LAW_FIRMS)] if rng.random() < 0.3 else None,
        "auditor": _AUDITORS[issuer_no % len(_AUDITORS)],
        "methods": rng.sample(_METHODS, rng.randrange(6, len(_METHODS) + 1)),
        "placement": rng.random() < 0.6, "lockup": rng.random() < 0.5,
        "placement_date": f"{_MONTHS[(month + 8) % 12]} {day}, {year - 1}",
        "lockup_end": f"{_MONTHS[(month + 5) % 12]} {day}, {year}",
        "risks": _paragraphs(rng, rng.randrange(60, 160)),
        "filler_company": _paragraphs(rng, rng.randrange(3, 10)),
        "style": rng.randrange(3),
    }
    # drawn last, so that the documents are otherwise what earlier versions of this generator wrote
    d["alliance"] = ((rng.choice(_PARTNERS), rng.choice(_SCOPES), rng.choice(_TERRITORIES))
                     if rng.random() < 0.3 else None)
    d["agent"] = (rng.choice(_BANKS), rng.randrange(2)) if rng.random() < 0.2 else None
    return d


def _sections(d: dict) -> list[tuple[str, list]]:
    """(heading, blocks) in order; a block is a paragraph string, ("list", items) or ("table", rows)."""
    y = d["year"]
    cover = [
        f"{d['shares']:,} Shares of Common Stock",
        f"The selling stockholder{'s' if len(d['sellers']) > 1 else ''} identified in this prospectus may offer "
        "and sell from time to time the shares of common stock described in this prospectus. We will not receive any "
        "of the proceeds from the sale of the shares by the selling stockholders.",
        f"Our common stock is listed on the {d['exchange']} under the symbol \"{d['ticker']}.\" On {d['sale_date']}, "
        f"the last reported sale price of our common stock was ${d['price']} per share.",
        "Investing in our common stock involves a high degree of risk. See \"Risk Factors\" beginning on page 3.",
        f"The date of this prospectus is {d['date']}.",
    ]
    company = [
        f"We were incorporated in {d['state']} in {d['founded']}. All references to \"{d['short']},\" \"we\" or \"us\" "
        f"are to {d['name']} and its subsidiaries, unless the context requires otherwise. Our principal executive "
        f"office is located at {d['address']}. Our telephone number at that location is {d['phone']}.",
        f"We {d['business']}.",
    ] + d["filler_company"]
    sellers = d["sellers"]
    selling: list = []
    if len(sellers) == 1:
        s = sellers[0]
        selling.append(f"The name of the selling stockholder is {s['name']} and the aggregate number of shares of our "
                       f"common stock registered by this prospectus that {s['name']} may offer and sell is "
                       f"{s['offered']:,}.")
        if d["placement"]:
            selling.append(f"{s['manager']}, an affiliate of the selling stockholder, purchased such shares of our "
                           f"common stock on {d['placement_date']}, pursuant to a private placement exempt from "
                           "registration under Rule 506 of the Securities Act; the shares were assigned to the "
                           f"selling stockholder in {d['date'].split()[0]} {y}.")
            if d["alliance"]:
                partner, scope, territory = d["alliance"]
                selling.append(f"In connection with the private placement, we entered into a strategic alliance to "
                               f"{scope} with an affiliate of {s['name']}, {partner}. The strategic alliance covers "
                               f"{territory}.")
        if d["lockup"]:
            selling.append(f"The selling stockholder has contractually agreed in the private placement agreements not "
                           f"to sell any of such shares of our common stock, except under certain circumstances, until "
                           f"{d['lockup_end']}.")
        if d["placement"]:
            selling.append("The selling stockholder did not hold any shares of our common stock prior to the private "
                           "placement.")
    else:
        selling.append(f"This prospectus relates to the resale of up to an aggregate of {d['shares']:,} shares of our "
                       "common stock by the selling stockholders named below. The table below lists the selling "
                       "stockholders and other information regarding the beneficial ownership of the shares.")
        rows = [["Name of Selling Stockholder", "Shares Beneficially Owned Before the Offering",
                 "Shares Offered Hereby", "Shares Beneficially Owned After the Offering"]]
        for k, s in enumerate(sellers, 1):
            rows.append([f"{s['name']} ({k})", f"{s['before']:,}", f"{s['offered']:,}",
                         f"{s['before'] - s['offered']:,}" if s["before"] > s["offered"] else "—"])
        selling.append(("table", rows))
        for k, s in enumerate(sellers, 1):
            if s["relation"] == "general partner":
                note = f"({k}) {s['manager']} is the general partner of {s['name']}. {s['person']} may be deemed " \
                       "to have voting and investment power over the shares held by it."
            elif s["relation"] == "investment manager":
                note = f"({k}) {s['manager']} is the investment manager of {s['name']} and may be deemed to " \
                       "beneficially own the shares held by it."
            else:
                note = f"({k}) {s['name']}, an affiliate of {s['manager']}, holds the shares directly."
            selling.append(note)
    distribution = [
        "The selling stockholders may, from time to time, sell any or all of their shares of common stock on any "
        "stock exchange, market or trading facility on which the shares are traded or in private transactions. "
        "The selling stockholders may use any one or more of the following methods when selling shares:",
        ("list", d["methods"]),
        "The selling stockholders may also sell shares under Rule 144 under the Securities Act, if available."]
    if d["agent"]:
        bank, wording = d["agent"]
        distribution.insert(0, f"We have engaged {bank} to act as our exclusive placement agent in this offering."
                            if wording == 0 else f"{bank} is acting as the sole book-running manager of this offering.")
    counsel = [f"The validity of the shares of common stock offered by this prospectus will be passed upon for us by "
               f"{d['counsel']}."]
    if d["seller_counsel"]:
        counsel.append(f"Certain legal matters will be passed upon for the selling stockholders by {d['seller_counsel']}.")
    experts = [f"The consolidated financial statements of {d['name']} appearing in {d['short']}'s Annual Report on "
               f"Form 10-K for the year ended December 31, {y - 1} have been audited by {d['auditor']}, independent "
               "registered public accounting firm, as stated in their report thereon, and are incorporated herein by "
               "reference in reliance upon such report given on the authority of such firm as experts in accounting "
               "and auditing."]
    incorporation = [
        "We incorporate by reference the documents listed below:",
        ("list", [f"our Annual Report on Form 10-K for the fiscal year ended December 31, {y - 1}, filed on March "
                  f"{10 + d['index'] % 18}, {y};",
                  f"our Quarterly Reports on Form 10-Q for the quarters ended March 31, {y} and June 30, {y};",
                  f"our Current Report on Form 8-K filed on {_MONTHS[d['index'] % 6]} {5 + d['index'] % 20}, {y};",
                  "all reports and other documents we subsequently file pursuant to Section 13(a), 13(c), 14 or 15(d) "
                  "of the Exchange Act after the date of this prospectus and prior to the termination of this "
                  "offering."]),
    ]
    return [
        (d["name"].upper(), cover),
        ("PROSPECTUS SUMMARY", [f"This summary highlights information contained elsewhere in this prospectus. "
                                f"We {d['business']}."]),
        ("THE COMPANY", company),
        ("RISK FACTORS", d["risks"]),
        ("USE OF PROCEEDS", ["We will not receive any proceeds from the sale of the shares of common stock by the "
                             "selling stockholders."]),
        ("SELLING STOCKHOLDERS" if len(sellers) > 1 else "SELLING STOCKHOLDER", selling),
        ("PLAN OF DISTRIBUTION", distribution),
        ("LEGAL MATTERS", counsel),
        ("EXPERTS", experts),
        ("WHERE YOU CAN FIND MORE INFORMATION", [
            "We file annual, quarterly and current reports, proxy statements and other information with the SEC. "
            "The SEC maintains an internet site that contains reports, proxy and information statements and other "
            "information regarding issuers that file electronically with the SEC."]),
        ("INCORPORATION OF CERTAIN DOCUMENTS BY REFERENCE", incorporation),
    ]


_MARKERS = (lambda k: "- ", lambda k: f"({'abcdefghijklmnop'[k]}) ", lambda k: f"{k + 1}. ")


def render_text(d: dict) -> str:
    """Old EDGAR plain text: capitals headings, fixed-width tables, list markers of one of three styles."""
    marker = _MARKERS[d["style"]]
    out: list[str] = []
    headings = [h for h, _b in _sections(d)][2:]
    for n, (heading, blocks) in enumerate(_sections(d)):
        out.append(heading)
        out.append("")
        for block in blocks:
            if isinstance(block, tuple) and block[0] == "list":
                out.extend(marker(k) + item for k, item in enumerate(block[1]))
            elif isinstance(block, tuple):
                rows = block[1]
                widths = [max(len(r[c]) for r in rows[1:]) + 4 for c in range(len(rows[0]))]
                widths[0] = max(widths[0], 30)
                head = ["Name", "Before Offering", "Offered", "After Offering"]
                out.append("".join(h.ljust(w) if c == 0 else h.rjust(w) for c, (h, w) in enumerate(zip(head, widths))))
                out.append("-" * sum(widths))
                for r in rows[1:]:
                    out.append("".join(x.ljust(w) if c == 0 else x.rjust(w) for c, (x, w) in enumerate(zip(r, widths))))
            else:
                out.append(block)
            out.append("")
        if n == 0:
            out.append("TABLE OF CONTENTS")
            out.append("")
            out.extend(f"{h.title()}\t{k + 1}" for k, h in enumerate(headings))
            out.append("")
    return "\n".join(out) + "\n"


_P = ('<p style="margin-top:0pt;margin-bottom:6pt;text-align:justify;font-family:\'Times New Roman\',serif;'
      'font-size:10pt"><font style="font-family:Times New Roman;font-size:10pt">{}</font></p>\n')
_H = ('<p style="margin-top:12pt;margin-bottom:6pt;text-align:center;font-family:\'Times New Roman\',serif;'
      'font-size:10pt"><font style="font-weight:bold;font-size:10pt">{}</font></p>\n')
_TD = '<td style="vertical-align:bottom;padding-left:2pt;padding-right:2pt;{}"><font style="font-size:9pt">{}</font></td>'


def _html_table(rows: list[list[str]], shape: int) -> str:
    """Three table shapes seen on EDGAR: plain cells; numbers with a spacer column; a two-row header."""
    out = ['<div style="margin-top:6pt"><table cellspacing="0" cellpadding="0" style="width:100%;'
           'border-collapse:collapse;font-family:Times New Roman">\n']
    head = rows[0]
    if shape == 2:
        out.append("<tr>" + _TD.format("", "") + _TD.format("text-align:center;border-bottom:1px solid",
                   "Shares Beneficially Owned").replace("<td", '<td colspan="3"', 1) + "</tr>\n")
        head = [head[0], "Before Offering", "Offered", "After Offering"]
    out.append("<tr>" + "".join(_TD.format("text-align:center;border-bottom:1px solid;font-weight:bold", html.escape(h))
                                for h in head) + "</tr>\n")
    for k, row in enumerate(rows[1:]):
        bg = "background-color:#cceeff;" if k % 2 == 0 else ""
        name, *numbers = row
        label, _, note = name.rpartition(" (")
        cells = [_TD.format(bg, html.escape(label) + f'<sup style="font-size:7pt">({note}</sup>')]
        for x in numbers:
            if shape == 1:
                cells.append(_TD.format(bg + "width:1%", "&#160;"))
            cells.append(_TD.format(bg + "text-align:right", html.escape(x)))
        out.append("<tr>" + "".join(cells) + "</tr>\n")
    out.append("</table></div>\n")
    return "".join(out)


def render_html(d: dict) -> str:
    """EDGAR-style HTML: inline styles on every run, page breaks with page numbers, styled tables."""
    out = ['<html><head><title>424B3</title><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
           '</head><body style="font-family:Times New Roman">\n']
    page = 1
    for n, (heading, blocks) in enumerate(_sections(d)):
        out.append(_H.format(html.escape(heading)))
        for k, block in enumerate(blocks):
            if isinstance(block, tuple) and block[0] == "list":
                out.append('<table style="width:100%;border-collapse:collapse">\n')
                for item in block[1]:
                    out.append('<tr><td style="width:24pt;vertical-align:top"><font style="font-size:10pt">&#8226;'
                               '</font></td><td style="vertical-align:top">' + _P.format(html.escape(item)) + '</td></tr>\n')
                out.append("</table>\n")
            elif isinstance(block, tuple):
                out.append(_html_table(block[1], d["style"]))
            else:
                out.append(_P.format(html.escape(block)))
            if k % 6 == 5:
                out.append(f'<p style="text-align:center;font-size:10pt">{page}</p>\n'
                           '<hr style="page-break-after:always;border:none"/>\n')
                page += 1
        if n == 0:
            out.append(_H.format("TABLE OF CONTENTS"))
            out.append('<table style="width:100%">\n' + "".join(
                f'<tr><td><font style="font-size:10pt">{html.escape(h.title())}</font></td>'
                f'<td style="text-align:right"><font style="font-size:10pt">{k + 1}</font></td></tr>\n'
                for k, (h, _b) in enumerate(_sections(d)[2:])) + "</table>\n")
            out.append('<hr style="page-break-after:always;border:none"/>\n')
    out.append("</body></html>\n")
    return "".join(out)


def generate(folder: str | Path, n: int, *, seed: int = 0, html_share: float = 0.5) -> list[Path]:
    """Write ``n`` prospectuses into ``folder`` (``synthetic-00000.htm`` / ``.txt``); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    width = max(5, len(str(n)))
    for i in range(n):
        d = document(i, seed)
        as_html = (i * 7919 % 100) < html_share * 100
        path = folder / f"synthetic-{i:0{width}d}.{'htm' if as_html else 'txt'}"
        path.write_text(render_html(d) if as_html else render_text(d), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


# --- measuring ------------------------------------------------------------------------------------

def measure_build(folder: Path, out: Path, jobs: int) -> dict:
    """Build ``folder`` with the CLI in a fresh process: wall seconds, peak memory, the summary counts."""
    command = [sys.executable, "-m", "prospectus_kg.cli", "build", str(folder), "--out", str(out), "-q",
               "--jobs", str(jobs)]
    cpu: list[float] = []
    wall, peak_mib, code = peak_rss_of_command(command, cpu=cpu)
    if code != 0:
        raise SystemExit(f"build failed with exit code {code}: {' '.join(command)}")
    counts = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["counts"]
    size = sum(p.stat().st_size for p in folder.iterdir())
    return {"documents": counts["documents"], "facts": counts["facts"], "triples": counts["triples"],
            "input_mb": round(size / 1e6, 2), "seconds": round(wall, 2),
            "documents_per_s": round(counts["documents"] / wall, 1), "mb_per_s": round(size / 1e6 / wall, 2),
            "peak_rss_mib": round(peak_mib, 1), "cpu_s": round(cpu[0], 2),
            # the wall time idle cores would need: CPU seconds spread over the cores (a lower bound)
            "cpu_bound_seconds": round(cpu[0] / min(jobs, os.cpu_count() or 1), 1)}


def exponent(small: dict, large: dict) -> float:
    """The scaling exponent k in time ~ N^k between two runs (1.0: doubling N doubles the time)."""
    return round(math.log(large["seconds"] / small["seconds"]) / math.log(large["documents"] / small["documents"]), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="the N to build (default 100 1000)")
    parser.add_argument("--quick", action="store_true", help="N = 5 and 10 (a smoke test)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", metavar="DIR", help="where to write corpora and graphs (default: a temp folder, "
                        "removed afterwards)")
    parser.add_argument("--generate-only", metavar="DIR", help="only write the corpus of the first size into DIR")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    sizes = [5, 10] if args.quick else args.sizes
    if args.generate_only:
        t = time.perf_counter()
        paths = generate(args.generate_only, sizes[0], seed=args.seed)
        print(f"wrote {len(paths)} prospectuses to {args.generate_only} in {time.perf_counter() - t:.1f} s")
        return 0
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="pkg-synthetic-"))
    runs = []
    try:
        for n in sizes:
            folder = work / f"corpus-{n}"
            if not folder.is_dir() or len(list(folder.iterdir())) != n:
                shutil.rmtree(folder, ignore_errors=True)
                generate(folder, n, seed=args.seed)
            result = {"n": n, **measure_build(folder, work / f"graph-{n}", args.jobs)}
            shutil.rmtree(work / f"graph-{n}", ignore_errors=True)
            runs.append(result)
            if not args.json:
                print(f"N={n:>6,}: {result['seconds']:8.2f} s  {result['documents_per_s']:7.1f} docs/s  "
                      f"{result['mb_per_s']:6.2f} MB/s  peak {result['peak_rss_mib']:7.1f} MiB  "
                      f"{result['facts']:>9,} facts  {result['triples']:>11,} triples  CPU {result['cpu_s']:.1f} s "
                      f"(>= {result['cpu_bound_seconds']:.1f} s on idle cores)", flush=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    exponents = [{"from": a["n"], "to": b["n"], "exponent": exponent(a, b)} for a, b in zip(runs, runs[1:])]
    report = {"benchmark": "synthetic_corpus", **machine(), "jobs": args.jobs, "runs": runs, "exponents": exponents}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"cores: {report['cpu_count']}, jobs: {args.jobs}, python {report['python']}")
        for e in exponents:
            print(f"scaling exponent N={e['from']:,} -> {e['to']:,}: {e['exponent']} (1.0 = linear; time(2N)/time(N) "
                  f"= {2 ** e['exponent']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
