"""Reading a graph folder written by ``prospectus-kg build``.

A graph folder holds ``graph.ttl`` (the stated facts and their provenance), ``documents/<doc-id>.txt``
(the canonical texts that the assertions' spans index; each prosp:Prospectus names its own with
``prosp:textFile``, relative to the folder), ``build-report.json``, and, after ``prospectus-kg reason``,
``inferred.ttl`` (the reasoner's conclusions, kept apart from the stated facts).

``open_folder(path)`` checks the layout and raises :class:`~prospectus_kg.errors.GraphFolderError`
(or ``MissingInputError``) with a suggestion; the graph itself is parsed on first use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prospectus_kg.errors import GraphFolderError, MissingInputError

if TYPE_CHECKING:  # rdflib is imported when the graph is first loaded
    from rdflib import Graph

GRAPH_FILE = "graph.ttl"
REPORT_FILE = "build-report.json"
DOCUMENTS_DIR = "documents"
INFERRED_FILE = "inferred.ttl"

_SUGGESTION = "give the folder written by `prospectus-kg build ... --out DIR`"


@dataclass
class GraphFolder:
    """A graph folder on disk; ``graph`` and ``report`` load lazily and are cached."""

    path: Path
    _graph: Any = field(default=None, repr=False)
    _texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE

    @property
    def report_file(self) -> Path:
        return self.path / REPORT_FILE

    @property
    def inferred_file(self) -> Path:
        return self.path / INFERRED_FILE

    @property
    def graph(self) -> Graph:
        """graph.ttl as an rdflib Graph (parsed once)."""
        if self._graph is None:
            from rdflib import Graph

            graph = Graph()
            try:
                graph.parse(self.graph_file, format="turtle")
            except Exception as exc:  # noqa: BLE001 - any parser error means a broken folder
                raise GraphFolderError(f"cannot parse {GRAPH_FILE}: {exc}", document=str(self.path),
                                       suggestion="rebuild the folder with `prospectus-kg build`") from exc
            self._graph = graph
        return self._graph

    @property
    def report(self) -> dict[str, Any]:
        """build-report.json as a dict ({} when the file is absent)."""
        if not self.report_file.exists():
            return {}
        try:
            return json.loads(self.report_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GraphFolderError(f"cannot read {REPORT_FILE}: {exc}", document=str(self.path)) from exc

    def resolve(self, relative: str) -> Path:
        """The path of a file named relative to the folder; it must stay inside the folder."""
        root = self.path.resolve()
        target = (root / relative).resolve()
        if root != target and root not in target.parents:
            raise GraphFolderError(f"path {relative!r} points outside the graph folder", document=str(self.path))
        return target

    def text(self, relative: str) -> str:
        """The canonical text stored at ``relative`` (e.g. ``documents/<id>.txt``), exactly as written.

        Read with ``newline=""`` so offsets are not shifted by newline translation.
        """
        if relative not in self._texts:
            target = self.resolve(relative)
            try:
                with open(target, encoding="utf-8", newline="") as handle:
                    self._texts[relative] = handle.read()
            except FileNotFoundError as exc:
                raise GraphFolderError(f"canonical text {relative} is missing", document=str(self.path),
                                       suggestion="rebuild the folder with `prospectus-kg build`") from exc
            except (OSError, UnicodeDecodeError) as exc:
                raise GraphFolderError(f"cannot read canonical text {relative}: {exc}",
                                       document=str(self.path)) from exc
        return self._texts[relative]


def open_folder(path: str | Path) -> GraphFolder:
    """Open a graph folder, checking that it exists and holds graph.ttl."""
    folder = Path(path)
    if not folder.exists():
        raise MissingInputError(f"{folder} does not exist", document=str(folder), suggestion=_SUGGESTION)
    if not folder.is_dir():
        raise GraphFolderError(f"{folder} is not a folder", document=str(folder), suggestion=_SUGGESTION)
    if not (folder / GRAPH_FILE).is_file():
        raise GraphFolderError(f"{folder} holds no {GRAPH_FILE}", document=str(folder), suggestion=_SUGGESTION)
    return GraphFolder(folder)
