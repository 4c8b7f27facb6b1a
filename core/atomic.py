"""Writing outputs atomically: a reader (or a crash) never sees a half-written file or folder.

A file is written to a temporary file in the same folder and renamed over the target; a folder is
built as a temporary folder beside the target (``new_folder``) and moved into place
(``replace_folder``), replacing an earlier one. OS errors become :class:`OutputError` (exit 4).

A temporary folder's name carries the host and the process id of the build that made it
(``.NAME.tmp-HOST-PID-XXXX``). A build killed outright (SIGKILL, the OOM killer) cannot remove its
own; the next build into the same target removes those whose process is gone on this host
(:func:`remove_stale`), and leaves alone those of builds still running.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

from prospectus_kg.errors import OutputError


def write_file(out: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends) to ``out`` atomically, mode 0644."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}", document=str(out),
                          suggestion="check that the folder exists and is writable") from exc
    return out


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", socket.gethostname()) or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale(out: Path) -> list[Path]:
    """Remove the temporary folders beside ``out`` left by builds on this host whose process is gone."""
    out = Path(out)
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(?:tmp|old)-{re.escape(_host())}-(\d+)(?:-|$)")
    removed = []
    try:
        siblings = list(out.parent.iterdir())
    except OSError:
        return removed
    for sibling in siblings:
        match = pattern.match(sibling.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            shutil.rmtree(sibling, ignore_errors=True)
            if not sibling.exists():
                removed.append(sibling)
    return removed


def new_folder(out: Path) -> Path:
    """A fresh temporary folder beside ``out``, to be moved into place by ``replace_folder`` (stale
    ones of dead builds removed first)."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{_host()}-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})", document=str(out)) from exc


def replace_folder(tmp: Path, out: Path) -> None:
    """Move the finished folder ``tmp`` to ``out``; an earlier folder there is replaced."""
    try:
        os.chmod(tmp, 0o755)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{_host()}-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except OSError as exc:
        raise OutputError(f"cannot write the output folder ({exc.strerror or exc})", document=str(out)) from exc
