"""Checking one large PO catalog in several processes, each reading and checking a part of it.

Reading and checking 20,000 messages is most of a second of per-message Python. With more
than one core, `parts` cuts the catalog at message boundaries into catalogs of their own:
the header, then as many blank lines as the file has lines before the part (so every line
number stays the file's), then the part's messages. A forked process reads and checks
each part but the first, which the calling process does, and sends its findings back.

The findings are the ones a single process finds, or there are none and the caller checks
the catalog in one process: that happens when a part is not written the usual way
(`inputs.read_tiled_po`), when a part after the first has a problem of the file as a whole
(a syntax error, a duplicate, an oversized message, a finding of a file-scope rule, whose
limit per file the parts cannot share), and when a message may be in two parts.
"""

from __future__ import annotations

import itertools
import os
import pickle
import re
from collections.abc import Callable

from glossary.checks.base import RULES, Finding
from glossary.checks.inputs import PO_MESSAGE, TextFile, read_tiled_po

MIN_SIZE = 500_000  # characters: below this, one process is done before a second one would help
# The last line of a message (a msgstr, or a string continuing it) and the blank lines after
# it, before the comments or keywords of the next message.
_END = re.compile(r'^(?:#~ )?(?:msgstr(?:\[\d+\])? )?"[^\n]*\n\n+(?=[#m])', re.M)

Check = Callable[[TextFile], list[Finding]]
Result = tuple[list[Finding], set[int]] | None  # findings, and the keys of the part's messages


def jobs_available() -> int:
    """The processes a check may use: one per core this process may run on, if it can fork."""
    if not hasattr(os, "fork"):
        return 1  # Windows
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def parts(text: str, count: int) -> list[str] | None:
    """The catalog cut into up to count catalogs (see the module doc); None if it is not worth it or cannot be."""
    if count < 2 or len(text) < MIN_SIZE or "\r" in text:
        return None
    lead = len(text) - len(text.lstrip("\n"))
    first = PO_MESSAGE.match(text, lead)
    if first is None or first["id"] != '""' or first["ctxt"] is not None or first["o"] or first["plural"]:
        return None  # no header first: nothing to begin the other parts with
    header = text[: first.end()]
    cuts = [0]
    for k in range(1, count):
        found = _END.search(text, max(first.end(), cuts[-1], len(text) * k // count))
        if found is None:
            break
        cuts.append(found.end())
    if len(cuts) < 2:
        return None
    cuts.append(len(text))
    lines = header.count("\n")
    out = [text[: cuts[1]]]
    for start, end in itertools.pairwise(cuts[1:]):
        out.append(header + "\n" * (text.count("\n", 0, start) - lines) + text[start:end])
    return out


def check_parts(texts: list[str], where: str, lang: str | None, check: Check) -> list[Finding] | None:
    """The findings of every part, checked side by side; None if the catalog must be checked whole."""
    children: list[tuple[int, int]] = []
    for text in texts[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: check the part, send the result back, and leave at once
            try:
                os.close(read)
                _send(write, text, where, lang, check)
            finally:
                os._exit(0)
        os.close(write)
        children.append((pid, read))
    results = [_part(texts[0], where, lang, check, first=True)]
    for pid, read in children:
        with os.fdopen(read, "rb") as answer:
            data = answer.read()
        os.waitpid(pid, 0)
        try:
            results.append(pickle.loads(data))
        except Exception:  # the child died without an answer: check the catalog whole
            results.append(None)
    if any(r is None for r in results):
        return None
    keys = [r[1] for r in results if r is not None]
    if len(set().union(*keys)) != sum(map(len, keys)):
        return None  # a message may be in two parts: a duplicate only the whole catalog can tell
    return [f for r in results if r is not None for f in r[0]]


def _send(write: int, text: str, where: str, lang: str | None, check: Check) -> None:
    try:
        result = _part(text, where, lang, check, first=False)
    except Exception:  # the caller checks the catalog itself and reports what there is to report
        result = None
    with os.fdopen(write, "wb") as answer:
        answer.write(pickle.dumps(result))


def _part(text: str, where: str, lang: str | None, check: Check, first: bool) -> Result:
    file = read_tiled_po(text, where, lang)
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
