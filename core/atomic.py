"""Writing outputs atomically: a reader (or a crash) never sees a half-written file or folder.

A file is written to a temporary file in the same folder and renamed over the target; a folder is
built as a temporary folder beside the target (``new_folder``) and moved into place
(``replace_folder``), replacing an earlier one. OS errors become :class:`OutputError` (exit 4).
"""

from __future__ import annotations

import os
import shutil
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


def new_folder(out: Path) -> Path:
    """A fresh temporary folder beside ``out``, to be moved into place by ``replace_folder``."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})", document=str(out)) from exc


def replace_folder(tmp: Path, out: Path) -> None:
    """Move the finished folder ``tmp`` to ``out``; an earlier folder there is replaced."""
    try:
        os.chmod(tmp, 0o755)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except OSError as exc:
        raise OutputError(f"cannot write the output folder ({exc.strerror or exc})", document=str(out)) from exc
