"""Reading source files safely: regular files only, of bounded size, decoded as UTF-8 or refused.

Every source (pages, catalogs, termbase, rules, scenarios, mkdocs.yml, prospects) may come
from a careless editor or a hostile hand. Whatever is wrong with a file is one located
`file:line: what is wrong, how to fix` error: a folder, a named pipe or device where a file
should be (reading one would hang or never end), a dangling or looping symlink, a file too
large to be a source, or bytes that are not UTF-8 (and which encoding they look like instead).
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from glossary.errors import GlossaryError, Location, display_path

MAX_FILE_BYTES = 32 * 1024 * 1024  # far above any real source; a catalog of 200,000 messages fits
MAX_PAGE_BYTES = 1024 * 1024  # a training page; the search indexer and the renderer get bounded pages
MAX_SEGMENT = 20_000  # characters of one translated heading, paragraph or cell
MAX_DEPTH = 100  # nesting of YAML/JSON collections and Markdown lists, quotes and brackets

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
)
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_bytes(path: Path, what: str = "file", limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most limit bytes, or a located error saying what it is instead."""
    where = Location(display_path(path))
    info = file_status(path, what)
    if info.st_size > limit:
        raise GlossaryError(
            f"{what} is {_size(info.st_size)}, more than the {_size(limit)} a source may be; "
            "split it or remove what does not belong",
            where,
        )
    try:
        # O_NONBLOCK: should the file have become a pipe since it was looked at, open does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise GlossaryError(f"cannot read {what}: {exc.strerror}", where) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise GlossaryError(f"{what} is not a regular file; replace it with the file itself", where)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise GlossaryError(f"{what} is more than the {_size(limit)} a source may be; split it", where)
    return data


def file_status(path: Path, what: str = "file") -> os.stat_result:
    """stat() of a regular file (through symlinks), or a located error saying what is there instead."""
    where = Location(display_path(path))
    try:
        info = path.stat()
    except OSError as exc:
        raise GlossaryError(_stat_problem(path, what, exc), where) from None
    kind = _KINDS.get(stat.S_IFMT(info.st_mode))
    if kind:
        hint = "rename or remove it" if kind == "a folder" else "glossary reads regular files only"
        raise GlossaryError(f"{what} is {kind}, not a file; {hint}", where)
    return info


def _stat_problem(path: Path, what: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"{what} is a symlink loop (it leads back to itself); replace the link with the file"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"{what} is a symlink to {os.readlink(path)!r}, which does not exist; fix or remove the link"
    if exc.errno == errno.ENOENT:
        return f"{what} does not exist"
    return f"cannot read {what}: {exc.strerror}"


def decode(data: bytes, where: str) -> str:
    """UTF-8 text (a UTF-8 BOM is dropped); other encodings and NUL bytes are refused, located."""
    wrong = wrong_encoding(data)
    if wrong:
        raise GlossaryError(wrong, Location(where, 1))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise GlossaryError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (column {column})"
            f"{_looks_like(data)}; save the file as UTF-8",
            Location(where, line),
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        raise GlossaryError(
            "the file contains a NUL byte, which no text file has; remove it (or was a binary file saved here?)",
            Location(where, text.count("\n", 0, nul) + 1),
        )
    return text


def wrong_encoding(data: bytes) -> str | None:
    """What a byte order mark says the file is, when it is not UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return (
                f"the file is {name}: it starts with a {name.split(' ')[0]} byte order mark; save it as UTF-8"
            )
    return None


def _looks_like(data: bytes) -> str:
    """A guess at the encoding actually used, for the message."""
    if data.count(b"\0") > len(data) // 4:
        return ", it looks like UTF-16 without a byte order mark"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return ", it looks like Windows-1252 or Latin-1"


def read_text(path: Path, what: str = "file", limit: int = MAX_FILE_BYTES) -> str:
    """The text of a UTF-8 source file, or a located error saying why it cannot be read."""
    return decode(read_bytes(path, what, limit), display_path(path))


def read_page(path: Path) -> str:
    """The text of a Markdown page, refused when it is too large or nested too deep to render."""
    text = decode(read_bytes(path, "page", MAX_PAGE_BYTES), display_path(path))
    check_markdown(text, Location(display_path(path)))
    return text


def check_markdown(text: str, where: Location, first_line: int = 1) -> None:
    """Refuse Markdown nested deeper than MAX_DEPTH: lists, quotes or brackets (renderers recurse on them)."""
    for number, line in enumerate(text.splitlines(), first_line):
        depth = _nesting(line)
        if depth > MAX_DEPTH:
            raise GlossaryError(
                f"Markdown nested {depth} levels deep (lists, quotes or brackets), more than the "
                f"{MAX_DEPTH} a page may have; flatten it",
                Location(where.path, number if where.line == 0 else where.line),
            )


def _nesting(line: str) -> int:
    """A generous bound on how deep a line nests: its indentation and list/quote markers, and brackets."""
    stripped = line.lstrip(" \t>-*+0123456789.)")
    prefix = len(line) - len(stripped)
    if prefix <= MAX_DEPTH and line.count("[") + line.count("(") <= MAX_DEPTH:
        return 0  # the common case, decided without a walk over the line
    depth = deepest = 0
    for ch in line:
        if ch in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "])" and depth:
            depth -= 1
    markers = sum(1 for ch in line[:prefix] if ch in ">-*+") + line[:prefix].count("  ") // 2
    return max(deepest, markers)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def source_files(folder: Path, suffix: str, root: Path) -> list[Path]:
    """The files under folder whose name ends with suffix ("" for all), in order, each checked first.

    Symlinked folders are not followed (a loop, or a way out of the project); a symlink to a
    file must stay inside root. Either, and a folder or special file named like a page, is a
    located error rather than a surprise in the build.
    """
    top = Path(os.path.realpath(root))
    what = "page" if suffix == ".md" else "file"
    out: list[Path] = []
    for current, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]  # MkDocs leaves dot files out
        names = [name for name in names if not name.startswith(".")]
        for name in folders:
            if os.path.islink(os.path.join(current, name)):
                raise GlossaryError(
                    "is a symlink to a folder, which glossary does not follow (it may loop or lead out "
                    "of the project); move or copy the folder here instead",
                    Location(display_path(os.path.join(current, name))),
                )
        for name in [*names, *(folders if suffix else [])]:  # a folder named like a page is an error
            if not name.endswith(suffix):
                continue
            path = Path(current) / name
            file_status(path, what)
            if not _inside(Path(os.path.realpath(path)), top):
                raise GlossaryError(
                    f"{what} is a symlink to {os.path.realpath(path)}, outside the project; "
                    "copy the file into the project instead (the build publishes what it reads)",
                    Location(display_path(path)),
                )
            out.append(path)
    return sorted(out)


def _inside(path: Path, top: Path) -> bool:
    return path == top or top in path.parents
