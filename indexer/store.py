"""Where indexes live on disk, and how a new one replaces the old one safely.

Layout of an index home (``--index-dir`` / ``MARQUEE_INDEX_DIR``)::

    current -> gen-20261125T101500-1234   (symlink, switched atomically with rename)
    gen-20261125T101500-1234/             (a complete Whoosh index + meta.json)
    .tmp-gen-.../                          (being written; never read; removed if left by a killed run)
    .lock                                  (held with lockf by the one writer; records its pid)

Every write (full build or incremental reindex) goes into a fresh generation directory; readers keep
using the old one until ``current`` is switched, so a failed or killed run never touches what is served.
An incremental reindex starts from hard links of the current generation's files (Whoosh never rewrites
a segment file in place), so it costs no copy.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

META_FILE = "meta.json"


class IndexBusyError(RuntimeError):
    """Another writer holds the lock."""


class NoIndexError(RuntimeError):
    """No index has been built in this home yet."""


def checkpoint(name: str) -> None:
    """Fault-injection point for the crash tests: with MARQUEE_PAUSE_AT=name the writer announces itself on
    stderr and waits there, so a test can SIGKILL it at exactly that step. A no-op otherwise."""
    if os.environ.get("MARQUEE_PAUSE_AT") == name:
        import sys

        print(f"paused at {name}", file=sys.stderr, flush=True)
        time.sleep(300)


def _die_with_parent(_obj=None) -> None:
    """In a forked worker: ask Linux to SIGKILL us when the writer dies, so no orphan keeps running."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: orphans finish their queue and exit on their own


def _children_die_with_parent() -> None:
    """Every process multiprocessing forks from now on (entity pool, Whoosh's MpWriter) dies with the writer."""
    from multiprocessing import util

    util.register_after_fork(_die_with_parent, _die_with_parent)


def default_home() -> Path:
    """The per-user data directory (used unless --index-dir or MARQUEE_INDEX_DIR say otherwise)."""
    env = os.environ.get("MARQUEE_INDEX_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("marquee")) / "index"


@dataclass
class LockInfo:
    """What the lock tells about the previous writer."""

    stale_pid: int | None = None  # a writer that died holding the lock file
    removed_partial: int = 0  # half-written generations cleaned up


class IndexHome:
    """An index home directory with atomically switched generations."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._lock_fd: int | None = None

    # ------------------------------------------------------------------ reading side
    @property
    def current_link(self) -> Path:
        return self.root / "current"

    def current_dir(self) -> Path | None:
        """The generation currently served, or None if nothing was built yet."""
        try:
            target = os.readlink(self.current_link)
        except OSError:
            return None
        path = self.root / target
        return path if path.is_dir() else None

    def current_name(self) -> str | None:
        """Name of the served generation: cheap to poll, changes on every switch."""
        try:
            return os.readlink(self.current_link)
        except OSError:
            return None

    def require_current(self) -> Path:
        cur = self.current_dir()
        if cur is None:
            raise NoIndexError(f"no index in {self.root}: build one with 'marquee index PATH'")
        return cur

    def read_meta(self, gen: Path | None = None) -> dict:
        gen = gen or self.current_dir()
        if gen is None:
            return {}
        try:
            return json.loads((gen / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    # ------------------------------------------------------------------ writing side
    def lock(self) -> LockInfo:
        """Take the single-writer lock; detect and explain a stale one; clean half-written generations."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OSError(e.errno, f"cannot create index directory {self.root}: {e.strerror}") from e
        if not os.access(self.root, os.W_OK):
            raise PermissionError(errno.EACCES, f"index directory {self.root} is not writable")
        path = self.root / ".lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            # lockf (a POSIX record lock) belongs to this process only: worker processes forked by the writer do
            # not inherit it, so a SIGKILLed writer releases it even if its workers linger.
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            os.close(fd)
            raise IndexBusyError(
                f"another marquee writer (pid {holder or '?'}) is updating {self.root}; wait for it to finish"
            ) from None
        info = LockInfo()
        previous = os.pread(fd, 64, 0).decode(errors="replace").strip()
        if previous.isdigit():
            # The lock file still names a writer, yet we got the lock: that writer died mid-run.
            info.stale_pid = int(previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        os.fsync(fd)
        self._lock_fd = fd
        _children_die_with_parent()
        for tmp in self.root.glob(".tmp-gen-*"):
            shutil.rmtree(tmp, ignore_errors=True)
            info.removed_partial += 1
        served = self.current_name()
        for left in self.root.glob(".current-*"):
            left.unlink()  # a symlink made just before a switch that never happened
        for gen in self.root.glob("gen-*"):
            if gen.name != served and info.stale_pid:
                shutil.rmtree(gen, ignore_errors=True)  # finished but never switched to
                info.removed_partial += 1
        return info

    def unlock(self) -> None:
        if self._lock_fd is not None:
            os.ftruncate(self._lock_fd, 0)  # an empty lock file means a clean exit
            fcntl.lockf(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> LockInfo:
        return self.lock()

    def __exit__(self, *exc) -> None:
        self.unlock()

    def new_generation(self, link_from: Path | None = None) -> Path:
        """A fresh temporary directory for a generation; optionally hard-linking another's files."""
        stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        tmp = self.root / f".tmp-gen-{stamp}"
        tmp.mkdir()
        if link_from is not None:
            for f in link_from.iterdir():
                if f.name == META_FILE or f.name.endswith("LOCK"):
                    continue
                try:
                    os.link(f, tmp / f.name)
                except OSError:
                    shutil.copy2(f, tmp / f.name)
        return tmp

    def publish(self, tmp: Path, meta: dict) -> Path:
        """Write meta.json, fsync, and atomically make tmp the served generation; drop older ones."""
        (tmp / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for f in tmp.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        final = self.root / tmp.name.replace(".tmp-gen-", "gen-")
        os.rename(tmp, final)
        checkpoint("switch")  # renamed but not yet served
        link_tmp = self.root / f".current-{os.getpid()}"
        if link_tmp.is_symlink():
            link_tmp.unlink()
        os.symlink(final.name, link_tmp)
        os.replace(link_tmp, self.current_link)  # the atomic switch
        dfd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        for old in self.root.glob("gen-*"):
            if old.name != final.name:
                # Open readers keep their files (POSIX unlink semantics) and reopen on the next request.
                shutil.rmtree(old, ignore_errors=True)
        return final

    def receive(self, source: "IndexHome") -> Path:
        """Copy the generation another home serves (and its article vectors) into this home and switch to it, under
        this home's lock: how a finished index is shipped to another web host. The copy is written beside the
        served generation and switched atomically, as a build is."""
        src = source.require_current()
        self.lock()
        try:
            tmp = self.new_generation()
            for f in src.iterdir():
                if f.name != META_FILE and not f.name.endswith("LOCK"):
                    shutil.copy2(f, tmp / f.name)
            store = source.root / "vectors" / "store.npz"
            if store.is_file():
                (self.root / "vectors").mkdir(exist_ok=True)
                part = self.root / "vectors" / f".store-{os.getpid()}.npz"
                shutil.copy2(store, part)
                os.replace(part, self.root / "vectors" / "store.npz")
            return self.publish(tmp, source.read_meta(src))
        finally:
            self.unlock()

    def size_bytes(self) -> int:
        cur = self.current_dir()
        return sum(f.stat().st_size for f in cur.iterdir()) if cur else 0
