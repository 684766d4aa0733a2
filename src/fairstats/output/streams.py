"""Where output goes, and every way writing it can fail.

A write to a pipe whose reader has gone can come back short without an error: Python's
buffered writer then reports the bytes it did write, and a text stream drops the rest in
silence. So output is written through a `Sink`, which writes every byte or raises. Failures
become an `OutputError` carrying the documented exit status: 141 when the reader went away (as
with SIGPIPE), 74 when the output could not be written (a full disk, a closed stream, a file
that cannot be created; 74 is EX_IOERR of BSD's sysexits).

`-o FILE` writes a temporary file beside FILE and renames it over FILE once everything is
written, so an interrupted or failed run never leaves half a file.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO

EXIT_CLOSED_PIPE = 141
EXIT_WRITE_FAILED = 74


class OutputError(Exception):
    """Output that could not be written: the exit status, and the one line to say (none when
    the reader simply went away)."""

    def __init__(self, exit_code: int, message: str | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.message = message


class Sink:
    """Text out to a binary file: every byte written, or an OSError raised."""

    def __init__(self, binary: BinaryIO, encoding: str, errors: str, *, tty: bool) -> None:
        self.binary = binary
        self.encoding = encoding
        self.errors = errors
        self.tty = tty
        # one encoder for the whole output: a byte-order mark (utf-8-sig, utf-16) comes once
        self._encode = codecs.getincrementalencoder(encoding)(errors).encode

    def write(self, text: str) -> int:
        self.write_bytes(self._encode(text))
        return len(text)

    def write_bytes(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            written = self.binary.write(view)
            if not written:  # a non-blocking stream that is full: nothing more will go
                raise OSError(errno.EAGAIN, "the output stream would block")
            view = view[written:]  # short: the reader went, and the next write says so
        return len(data)

    def bytes(self) -> _Bytes:
        """The same sink for a binary format: bytes in, every one written or an error."""
        return _Bytes(self)

    def flush(self) -> None:
        self.binary.flush()

    def isatty(self) -> bool:
        return self.tty

    def fileno(self) -> int:
        return self.binary.fileno()


class _Bytes:
    def __init__(self, sink: Sink) -> None:
        self.write = sink.write_bytes
        self.flush = sink.flush


def failure(error: OSError, where: str) -> OutputError:
    """The exit status and line for a failed write."""
    if isinstance(error, BrokenPipeError):
        return OutputError(EXIT_CLOSED_PIPE)
    reason = error.strerror or str(error)
    return OutputError(EXIT_WRITE_FAILED, f"{where}: cannot write: {reason}")


def discard_stdout() -> None:
    discard(sys.stdout)


def discard(stream: TextIO | None) -> None:
    """Point a stream that failed at /dev/null, so that the interpreter's last flush (which
    would fail again and turn the exit status into 120) has nothing to complain of."""
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):  # no file behind it, or closed
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


@contextmanager
def stdout_sink(encoding: str | None = None) -> Iterator[Sink]:
    """Standard output as a Sink, in its own encoding unless another is given; what a failed
    write means becomes an OutputError."""
    stream = sys.stdout
    if stream is None or stream.closed:  # started with stdout closed (`>&-`)
        raise OutputError(EXIT_WRITE_FAILED, "standard output: cannot write: it is closed")
    try:
        stream.flush()  # whatever was written as text goes first
        sink = Sink(
            stream.buffer,
            encoding or stream.encoding,
            stream.errors or "strict",
            tty=stream.isatty(),
        )
        yield sink
        sink.flush()
    except OSError as error:
        raise failure(error, "standard output") from None


@contextmanager
def file_sink(path: str, *, encoding: str = "utf-8") -> Iterator[Sink]:
    """A file written whole or not at all: a temporary file beside it, flushed to disk and
    renamed over it, with the mode and owner of the file it replaces; a symbolic link stays,
    and its target is replaced. Where a file cannot be replaced so (a device or a pipe, stdout
    or stderr under another name such as /dev/stdout, a file with other hard links, a folder
    where no temporary file can be made) it is written directly, as `>` would."""
    if path.endswith(("/", os.sep)):
        raise OutputError(EXIT_WRITE_FAILED, f"{path}: cannot write: Is a directory")
    try:
        existing = os.stat(path)  # through any symbolic link
    except OSError:
        existing = None
    if existing is not None:
        standard = _standard_stream(existing)
        if standard is not None:  # -o /dev/stdout: through the stream, at its own offset
            with _direct(path, encoding, descriptor=standard) as sink:
                yield sink
            return
        regular = stat.S_ISREG(existing.st_mode)
        alias = path.startswith(("/dev/", "/proc/"))  # /dev/fd/3: never truncate through it
        if not regular or alias or existing.st_nlink > 1:
            with _direct(path, encoding, append=regular and alias) as sink:
                yield sink
            return
        if not os.access(path, os.W_OK):  # as `>` would refuse it, whatever the folder allows
            raise OutputError(EXIT_WRITE_FAILED, f"{path}: cannot write: Permission denied")
    target = os.path.realpath(path)
    unique = f"{os.getpid()}-{os.urandom(3).hex()}"
    temporary = os.path.join(os.path.dirname(target), f".fairstats-{unique}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:  # a folder one may not write in, a name too long: the file itself, then
        with _direct(path, encoding) as sink:
            yield sink
        return
    try:
        with os.fdopen(descriptor, "wb") as binary, _terminated_as_exit():
            yield Sink(binary, encoding, "strict", tty=False)
            binary.flush()
            os.fsync(descriptor)  # on disk before it takes the name: a crash leaves one or other
            _take_over(descriptor, existing)
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise failure(error, path) from None
    except BaseException:
        _remove(temporary)
        raise


def _standard_stream(existing: os.stat_result) -> int | None:
    """The descriptor (stdout's or stderr's) open on this very file, if either is."""
    for descriptor in (1, 2):
        try:
            opened = os.fstat(descriptor)
        except OSError:
            continue
        if (opened.st_dev, opened.st_ino) == (existing.st_dev, existing.st_ino):
            return descriptor
    return None


def _take_over(descriptor: int, existing: os.stat_result | None) -> None:
    """Give the new file the mode (and, where allowed, the owner) of the one it replaces, or a
    new file's usual mode."""
    if existing is None:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(descriptor, 0o666 & ~mask)
        return
    os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.fchown(descriptor, existing.st_uid, existing.st_gid)


@contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """While a temporary file is written, SIGTERM unwinds like an exit, so the file is removed."""
    import signal

    def terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _direct(
    path: str, encoding: str, *, descriptor: int | None = None, append: bool = False
) -> Iterator[Sink]:
    try:
        if descriptor is not None:
            binary: BinaryIO = os.fdopen(descriptor, "wb", closefd=False)
        else:
            binary = open(path, "ab" if append else "wb")  # noqa: SIM115  # closed below
        with binary:
            yield Sink(binary, encoding, "strict", tty=binary.isatty())
    except OSError as error:
        raise failure(error, path) from None


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):  # already gone, or never there
        os.remove(path)


@contextmanager
def output(path: str | None, encoding: str | None = None) -> Iterator[Sink]:
    """Where a command writes: FILE for `-o FILE`, else (and for `-o -`) standard output; in
    `encoding` when given, else in standard output's own, and a file in UTF-8."""
    if path is None or path == "-":
        sink = stdout_sink(encoding)
    else:
        sink = file_sink(path, encoding=encoding or "utf-8")
    with sink as opened:
        yield opened
