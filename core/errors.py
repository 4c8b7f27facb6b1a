"""The exceptions prospectus-kg raises, as one small tree.

Every error carries what a user needs to act on it: the document (path or accession number), the
section where it happened when there is one, and a suggestion. Each branch also subclasses the
builtin it refines, so ``except ValueError`` keeps working for library users.

The command line maps these classes to exit codes in one place, ``EXIT_CODES`` below; the README
documents the same table.
"""

from __future__ import annotations

import re

#: C0 and C1 control characters, DEL, and the bidirectional overrides and isolates: a file name
#: holding them could move the cursor, recolour or rewrite the terminal, or reorder what is shown
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control and bidi characters written as ``\\x1b``, ``\\u202e``."""
    return _UNPRINTABLE.sub(lambda m: (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                       else f"\\u{ord(m.group()):04x}"), text)


class ProspectusKGError(Exception):
    """Base class of every error prospectus-kg raises on purpose."""

    def __init__(self, message: str, *, document: str | None = None, section: str | None = None,
                 suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.document = document
        self.section = section
        self.suggestion = suggestion

    def one_line(self) -> str:
        """The message as one line: ``document: message (section) - suggestion``."""
        parts = []
        if self.document:
            parts.append(f"{self.document}: ")
        parts.append(self.message)
        if self.section:
            parts.append(f" (section: {self.section})")
        if self.suggestion:
            parts.append(f"; {self.suggestion}")
        return printable(" ".join("".join(parts).split()))


class UsageError(ProspectusKGError, ValueError):
    """The command was called with arguments that cannot work together."""


class InputError(ProspectusKGError, ValueError):
    """An input cannot be read as a prospectus (or as a built graph folder)."""


class MissingInputError(InputError, FileNotFoundError):
    """A path given on the command line does not exist."""


class EmptyInputError(InputError):
    """A file is empty, or holds only white space."""


class BinaryInputError(InputError):
    """A file holds binary data, not text or HTML."""


class EncodingError(InputError, UnicodeError):
    """A file's bytes cannot be decoded as text."""


class TruncatedInputError(InputError):
    """A file ends in the middle of its markup (HTML or an EDGAR submission)."""


class InputTooLargeError(InputError):
    """A file is larger than the configured limit."""


class NoDocumentsError(InputError):
    """A directory holds no file that looks like a prospectus."""


class GraphFolderError(InputError):
    """A folder is not a graph folder written by ``prospectus-kg build``."""


class OutputError(ProspectusKGError, OSError):
    """The output cannot be written."""


class QueryError(ProspectusKGError, ValueError):
    """A SPARQL query is malformed, unknown, or misses a parameter."""


class ExternalToolError(ProspectusKGError, RuntimeError):
    """A program the command needs (Java, a reasoner, Node.js) is missing or failed."""


class ServiceError(ProspectusKGError, ConnectionError):
    """A server (Neo4j) cannot be reached, or refused the credentials."""


class DocumentTimeoutError(ProspectusKGError, TimeoutError):
    """A document took longer to read and extract than the time limit (``build --doc-timeout``)."""


class ValidationFailed(ProspectusKGError):
    """The command ran and its answer is "no": the graph does not conform, a score is below its floor."""


#: Exit codes of the command line, most specific class first. Documented in README.md.
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (ValidationFailed, 1),
    (UsageError, 2),
    (ExternalToolError, 2),
    (InputError, 3),
    (OutputError, 4),
    (QueryError, 5),
    (ServiceError, 6),
    (DocumentTimeoutError, 124),
    (KeyboardInterrupt, 130),
)
#: Commands whose contract is "0 yes, 1 no, 2 could not run" (as pySHACL's): any error there exits 2.
TRISTATE_COMMANDS = frozenset({"validate", "reason"})
INTERNAL_ERROR = 70


def exit_code_for(exc: BaseException, command: str | None = None) -> int:
    """The exit code for an exception raised while running ``command``."""
    code = next((c for cls, c in EXIT_CODES if isinstance(exc, cls)), INTERNAL_ERROR)
    if command in TRISTATE_COMMANDS and code not in (1, 130):
        return 2
    return code
