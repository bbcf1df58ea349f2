"""Checking one large PO catalog in several processes, each reading and checking a part of it.

Reading and checking 20,000 messages is most of a second of per-message Python. With more
than one core, `cut` cuts the catalog at message boundaries into catalogs of their own:
the header, then as many blank lines as the file has lines before the part (so every line
number stays the file's), then the part's messages. The calling process checks a short
lead part first (which readies the locale data, term matchers and lazy imports every part
needs), then forks a process for each part but the second, which it checks itself; each
child sends its findings back through a pipe.

The findings are the ones a single process finds, or there are none and the caller checks
the catalog in one process: that happens when a part is not written the usual way
(`inputs.read_tiled_po`), when a part after the first has a problem of the file as a whole
(a syntax error, a duplicate, an oversized message, a finding of a file-scope rule, whose
limit per file the parts cannot share), and when a message may be in two parts.
"""

from __future__ import annotations

import os
import pickle
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from glossary.checks.base import RULES, Finding
from glossary.checks.inputs import PO_MESSAGE, TextFile, read_tiled_po

MIN_SIZE = 500_000  # bytes: below this, one process is done before a second one would help
LEAD = 256  # the lead part, checked before the others begin, is this fraction of the catalog
# The last line of a message (a msgstr, or a string continuing it) and the blank lines after
# it, before the comments or keywords of the next message. In bytes: each process decodes
# its own part (UTF-8 decodes the same cut at a line end or whole).
_END = re.compile(rb'^(?:#~ )?(?:msgstr(?:\[\d+\])? )?"[^\n]*\n\n+(?=[#m])', re.M)

Check = Callable[[TextFile], list[Finding]]
Result = tuple[list[Finding], set[int]] | None  # findings, and the keys of the part's messages


@dataclass(frozen=True)
class Cuts:
    """Where a catalog is cut: its header, as text, and the byte offsets the parts start and end at."""

    header: str
    offsets: tuple[int, ...]

    def text(self, data: bytes, k: int) -> str | None:
        """Part k as a catalog of its own; None if it is not UTF-8 (the whole file says where)."""
        start, end = self.offsets[k], self.offsets[k + 1]
        try:
            if not k:
                return data[:end].decode("utf-8-sig")
            lines = data.count(b"\n", 0, start) - self.header.count("\n")
            return self.header + "\n" * lines + data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return None


def jobs_available() -> int:
    """The processes a check may use: one per core this process may run on, if it can fork safely.

    A process with other threads (a server calling the library, say) is not forked: a child
    gets only the forking thread, and any lock another thread held stays locked in it.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1  # Windows, or threads
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def cut(data: bytes, count: int) -> Cuts | None:
    """Where to cut a catalog into up to count parts (see the module doc); None if not worth it or not possible."""
    if count < 2 or len(data) < MIN_SIZE or b"\r" in data or b"\0" in data:
        return None
    end = data.find(b"\n\n")
    try:
        header = data[: end + 1].decode("utf-8-sig") if end > 0 else ""
    except UnicodeDecodeError:
        return None
    first = PO_MESSAGE.match(header)
    if (
        first is None
        or first.end() != len(header)
        or first["id"] != '""'
        or first["ctxt"] is not None
        or first["o"]
        or first["plural"]
    ):
        return None  # no header first, as catalogs write it: nothing to begin the other parts with
    lead = _END.search(data, end + len(data) // LEAD)
    if lead is None:
        return None
    offsets = [0, lead.end()]
    rest = len(data) - lead.end()  # what the processes share, side by side
    for k in range(1, count):
        found = _END.search(data, max(offsets[-1] + 1, lead.end() + rest * k // count))
        if found is None:
            break
        offsets.append(found.end())
    if len(offsets) < 3:
        return None
    return Cuts(header, (*offsets, len(data)))


def parts(data: bytes, count: int) -> list[str] | None:
    """The texts of the parts a catalog is cut into; None if it is not cut."""
    cuts = cut(data, count)
    texts = [cuts.text(data, k) for k in range(len(cuts.offsets) - 1)] if cuts else None
    return None if texts is None or None in texts else [t for t in texts if t is not None]


def check_parts(data: bytes, where: str, lang: str | None, check: Check, count: int) -> list[Finding] | None:
    """The findings of a catalog checked in parts side by side; None if it must be checked whole."""
    cuts = cut(data, count)
    if cuts is None:
        return None
    # The lead part first: reading and checking it readies what every part needs (locale
    # data, term matchers, lazy imports), once, before the processes go their own ways.
    results = [_part(cuts.text(data, 0), where, lang, check, first=True)]
    if results[0] is None:
        return None
    children: list[tuple[int, int]] = []
    for k in range(2, len(cuts.offsets) - 1):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: check the part, send the result back, and leave at once
            try:
                os.close(read)
                _send(write, cuts.text(data, k), where, lang, check)
            finally:
                os._exit(0)
        os.close(write)
        children.append((pid, read))
    try:
        results.append(_part(cuts.text(data, 1), where, lang, check, first=False))
    finally:  # whatever happens here, every child is heard and waited for
        for pid, read in children:
            with os.fdopen(read, "rb") as answer:
                received = answer.read()
            os.waitpid(pid, 0)
            try:
                results.append(pickle.loads(received))
            except Exception:  # the child died without an answer: check the catalog whole
                results.append(None)
    if any(r is None for r in results):
        return None
    keys = [r[1] for r in results if r is not None]
    if len(set().union(*keys)) != sum(map(len, keys)):
        return None  # a message may be in two parts: a duplicate only the whole catalog can tell
    return [f for r in results if r is not None for f in r[0]]


def _send(write: int, text: str | None, where: str, lang: str | None, check: Check) -> None:
    try:
        result = _part(text, where, lang, check, first=False)
    except Exception:  # the caller checks the catalog itself and reports what there is to report
        result = None
    with os.fdopen(write, "wb") as answer:
        answer.write(pickle.dumps(result))


def _part(text: str | None, where: str, lang: str | None, check: Check, first: bool) -> Result:
    file = read_tiled_po(text, where, lang) if text is not None else None
    if file is None or file.unreadable or file.oversized or (file.invalid and not first):
        return None
    found = check(file)
    if not first:
        start = min((e.line for e in file.entries), default=1 << 62)
        # Findings on the header's lines: the first part has the same header and reports them.
        found = [f for f in found if not 0 < f.line < start]
        if any(RULES[f.rule].scope != "entry" for f in found):
            return None  # a finding about the whole file: only the whole file can tell its limit
    return found, {hash((e.msgid, e.msgctxt, e.obsolete)) for e in file.entries}
