"""``prospectus-kg viz DIR --out FILE.html``: ``export html``, a self-contained, offline, interactive view.

The page (``prospectus_kg.exports.html``) inlines vis-network, loads nothing from the network, shows
every document string as text, and is laid out before it opens (physics off). Above ``--max-nodes``
entities it opens on the issuers' neighbourhood and grows on double-click.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from prospectus_kg.commands.export import add_target_arguments

    add_target_arguments(parser, "html")


def run(args: argparse.Namespace) -> int:
    from prospectus_kg.commands.export import run as export

    return export(args)
