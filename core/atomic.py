"""Writing outputs atomically: a reader (or a crash) never sees a half-written file or folder.

A file is written to a temporary file in the same folder and renamed over the target; a folder is
built as a temporary folder beside the target (``new_folder``) and moved into place
(``replace_folder``), replacing an earlier one. OS errors become :class:`OutputError` (exit 4).

What the target is decides how it is written (:func:`write_file`), and nothing but a regular file or
an earlier output folder is ever replaced:

* ``-``: standard output (a file named ``-`` is written as ``./-``);
* a regular file, or nothing yet: replaced atomically;
* a symbolic link (to a file, a folder, or nothing yet): followed; what it points to is written as
  above and the link itself stays (the one documented case where a link's target is replaced);
* a character device (a terminal, ``/dev/null``) or a FIFO (a named pipe), or a link to one: written
  through, as the shell's ``>`` would; the device or pipe stays what it was;
* a block device, a socket or anything else: refused (exit 4), never replaced.

A temporary folder's name carries the host and the process id of the build that made it
(``.NAME.tmp-HOST-PID-XXXX``). A build killed outright (SIGKILL, the OOM killer) cannot remove its
own; the next build into the same target removes those whose process is gone on this host
(:func:`remove_stale`), and leaves alone those of builds still running.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from prospectus_kg.errors import OutputError

#: the target that means standard output
STDOUT = "-"


def is_stdout(out: str | os.PathLike | None) -> bool:
    """Whether ``out`` is ``-``, standard output (``./-`` is a file named ``-``)."""
    return out is not None and os.fspath(out) == STDOUT


def _kind(out: Path) -> str:
    """``missing``, ``file``, ``folder``, ``stream`` (character device or FIFO) or ``other``, following links."""
    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}", document=str(out)) from exc
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    return "block device" if stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode) else "other"


def resolve_link(out: Path) -> Path:
    """``out``, or what it points to when it is a symbolic link (followed to the end; may not exist yet)."""
    out = Path(out)
    return Path(os.path.realpath(out)) if out.is_symlink() else out


def _write_stream(target, data: bytes) -> None:
    """Write to an open binary stream; a reader that went away is left to the caller (exit 141)."""
    target.write(data)
    target.flush()


def write_file(out: Path | str, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends) to ``out``: ``-`` is standard output, a
    character device or FIFO is written through, a link is followed, a regular file is replaced
    atomically (mode 0644); anything else is refused with :class:`OutputError`. Returns ``out``."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if is_stdout(out):
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(payload.decode("utf-8"))
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            _write_stream(stream, payload)
        return Path(STDOUT)
    given = Path(out)
    kind = _kind(given)
    if kind == "folder":
        raise OutputError("it is a folder, not a file", document=str(given),
                          suggestion="give a file name")
    if kind == "stream":
        try:
            with open(given, "wb") as handle:   # O_WRONLY, no O_CREAT needed: it exists; never renamed
                _write_stream(handle, payload)
        except OSError as exc:
            raise OutputError(f"cannot write {given}: {exc.strerror or exc}", document=str(given)) from exc
        return given
    if kind not in ("file", "missing"):
        raise OutputError(f"it is a {kind}, not a file: it is neither written nor replaced", document=str(given),
                          suggestion="give a regular file, a FIFO, a terminal, or '-' for standard output")
    out = resolve_link(given)
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
    return given


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", _hostname()) or "host"


def _hostname() -> str:
    """The host's name, as ``socket.gethostname()`` gives it (the same system call on POSIX), without
    importing the socket module (~2 ms of every build's start)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket
    return socket.gethostname()


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
    """A fresh temporary folder beside ``out`` (beside what it points to, for a link), to be moved into
    place by ``replace_folder`` (stale ones of dead builds removed first)."""
    out = resolve_link(Path(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{_host()}-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})", document=str(out)) from exc


def replace_folder(tmp: Path, out: Path) -> None:
    """Move the finished folder ``tmp`` to ``out``; an earlier folder there is replaced. When ``out``
    is a link, the folder it points to is replaced and the link stays."""
    out = resolve_link(Path(out))
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write the output folder {out}: it exists and is not a folder", document=str(out))
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
