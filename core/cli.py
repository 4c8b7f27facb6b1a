"""The ``prospectus-kg`` command line.

Each verb lives in ``core/commands/<verb>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``, and is imported only when it is called, so ``prospectus-kg --help`` stays fast
and a verb's heavy libraries (owlready2, pyvis, the web stack) load only for that verb. Errors become
one line on stderr and an exit code from ``errors.EXIT_CODES``; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from prospectus_kg import __version__
from prospectus_kg.errors import INTERNAL_ERROR, ProspectusKGError, UsageError, exit_code_for, printable

#: verb -> (module under prospectus_kg.commands, one-line description). The one list of verbs.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "build a knowledge graph folder from prospectus files or folders"),
    "evaluate": ("evaluate", "score a built graph against gold-label JSON files"),
    "validate": ("validate", "check a built graph: SHACL shapes, OWL consistency, provenance spans"),
    "reason": ("reason", "run the OWL reasoner and write inferred triples to inferred.ttl"),
    "queries": ("queries", "list the named SPARQL queries"),
    "query": ("query", "run a named or given SPARQL query over a built graph"),
    "serve": ("serve", "serve a built graph as a read-only SPARQL 1.1 endpoint"),
    "viz": ("viz", "write an interactive, self-contained HTML view of a built graph"),
    "analyze": ("analyze", "network analysis of a built graph (components, chains, centrality)"),
    "path": ("path", "the shortest chain of relations between two entities, with quotes"),
    "export": ("export", "export a built graph: RDF (turtle, ntriples, jsonld, trig), html, neo4j"),
}

BROKEN_PIPE = 141   # 128 + SIGPIPE, as a shell reports a filter whose reader went away

EPILOG = """exit codes: 0 success; 1 answer is no (not conformant, below a floor); 2 usage error or a
required tool missing (validate and reason: could not run); 3 bad input; 4 cannot write output;
5 query error; 6 server unreachable or refused; 124 a document took longer than --doc-timeout
(build --stop-on-error); 130 interrupted; 141 output pipe closed; 70 internal error."""


class Parser(argparse.ArgumentParser):
    """A verb's parser: a usage error is one line and exit 2, as every other error (not usage + message)."""

    def error(self, message: str):
        raise UsageError(message, suggestion=f"see `{self.prog} --help`")


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prospectus-kg",
        description="Build, query, check and export knowledge graphs of SEC prospectuses.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"prospectus-kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, summary) in COMMANDS.items():
        verbs.add_parser(name, help=summary, add_help=False)
    return parser


def _load(name: str):
    return importlib.import_module(f"prospectus_kg.commands.{COMMANDS[name][0]}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    if debug:
        argv.remove("--debug")
    if not argv or argv[0] not in COMMANDS:
        # Top-level help, --version, or an unknown verb (argparse lists the verbs that exist).
        _top_parser().parse_args(argv)
        _top_parser().print_help()
        return 2
    name = argv[0]
    try:
        module = _load(name)
        parser = Parser(prog=f"prospectus-kg {name}", description=COMMANDS[name][1],
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(parser)
        args = parser.parse_args(argv[1:])
        args.debug = debug
        return int(module.run(args) or 0)
    except SystemExit:
        raise
    except BrokenPipeError:
        # the reader went away (``... | head``): like any Unix filter, stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    except BaseException as exc:  # noqa: BLE001 - every error becomes one line and an exit code
        if debug or os.environ.get("PROSPECTUS_KG_DEBUG"):
            raise
        code = exit_code_for(exc, name)
        if isinstance(exc, ProspectusKGError):
            message = exc.one_line()
        elif isinstance(exc, KeyboardInterrupt):
            message = "interrupted"
        elif code == INTERNAL_ERROR:
            message = f"internal error ({type(exc).__name__}: {exc}); rerun with --debug for the traceback"
        else:
            message = str(exc)
        print(f"prospectus-kg {name}: error: {printable(message)}", file=sys.stderr)
        return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
