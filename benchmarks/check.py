"""Time `glossary check` against pofilter, `msgfmt -c`, Babel's read_po and polib on two big catalogs.

    make bench            (or: .venv/bin/python benchmarks/check.py --runs 5)
    .venv/bin/python benchmarks/check.py --formats    (only: each output format, 30,000 findings)
    .venv/bin/python benchmarks/check.py --against ../other/src   (only: check_files here vs there)

The `django` catalog is real Spanish: every message of the es catalogs the installed Django ships
(`conf/locale` and each `contrib` app), repeated until it holds about 20,000 messages.
Each copy gets its own msgids and translations (`Blue circle – ...` / `Círculo azul – ...`),
so no check can reuse what it found in another copy. Plural messages get the three forms CLDR
gives Spanish, so the file is valid and msgfmt compiles it. It has some 600 findings.
The `findings` catalog is the one issue 15 describes: the same messages with their msgids
changed so numbers and punctuation differ, as in a legacy catalog checked for the first time:
each source is numbered ("Step 12: ...", a number its translation lacks: CAT012) and every
second one ends with "!" where its translation does not (CAT019), about 30,000 findings.
The `numbered` catalog is its twin translated right (the same numbers and end punctuation in
source and translation): against it, the findings-heavy run shows what the findings alone
cost, and its SARIF run should take at most 1.5 times the twin's. (Against `django` the ratio
is higher: a number in every message is more work for the number rule, findings or not.)
The `terms` catalog is a harder case, shown beside them: every source says "Lead:" and every
translation the forbidden "Plomo:" (TRM001), and one in three doubles a word (CAT017), so
every message goes through all the terminology rules (which the clean catalog's gate skips).

`--against SRC` times `check_files` (in one process, and as it runs by default: an older
checkout checks a large catalog in parts, one process per core) with this checkout's package
and with the one in SRC, one right after the other: how an optimisation
is judged (make the plain version in another worktree, compare).

Every tool runs in a fresh process, in the same run, on the same machine. The commands are
timed end to end (interpreter start-up included); the library calls are timed inside their
process after the imports: Babel's `read_po`, and `check_files` (read + every rule, with
this project's termbase).

Each ratio is the median of the per-run ratios, with their range: within a run the two sides
of a ratio are timed one right after the other, so a slow spell of a shared machine (timings
here swing by a third from minute to minute) slows both alike.

Every command runs once untimed first, and all run with Python's bytecode cache on, as after
an ordinary install: translate-toolkit and Babel come compiled from pip, while our package is
installed editable, so with PYTHONDONTWRITEBYTECODE in the environment (as in some CI and
sandbox shells) each `glossary check` would compile its modules from source again.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import importlib.util
import inspect
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
TARGET = 20_000  # messages
# What tells the copies of a message apart: words, not numbers or colons, which would send
# every message down the paths of the number and URL checks.
COLOURS = [
    ("Blue", "azul"),
    ("Red", "rojo"),
    ("Green", "verde"),
    ("Grey", "gris"),
    ("Black", "negro"),
    ("White", "blanco"),
    ("Pink", "rosa"),
    ("Brown", "marrón"),
    ("Yellow", "amarillo"),
    ("Orange", "naranja"),
]
SHAPES = [("circle", "Círculo"), ("square", "Cuadrado"), ("star", "Estrella"), ("triangle", "Triángulo")]


def django_catalogs() -> list[Path]:
    spec = importlib.util.find_spec("django")
    if spec is None or spec.origin is None:
        sys.exit("Django is not installed: pip install -e '.[dev,bench]'")
    root = Path(spec.origin).parent
    paths = glob.glob(str(root / "conf/locale/es/LC_MESSAGES/*.po"))
    paths += glob.glob(str(root / "contrib/*/locale/es/LC_MESSAGES/*.po"))
    return sorted(Path(p) for p in paths)


def build_catalog(out: Path, target: int = TARGET, faults: str = "") -> int:
    """Write a Spanish catalog of about `target` messages made from Django's; return the count.

    faults "numbers": every source numbered (CAT012) and every second one ending in "!" (CAT019);
    "terms": every message about a lead translated with the forbidden `Plomo` (TRM001), and every
    third one with a doubled word (CAT017). Either gives about 30,000 findings.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    sources = []
    for path in django_catalogs():
        # Babel prints what it finds wrong: Django's admin headers say nplurals=2.
        with path.open("rb") as fh, contextlib.redirect_stdout(io.StringIO()):
            sources += [m for m in read_po(fh, locale="es") if m.id]
    catalog = Catalog(locale="es", domain="django", project="benchmark", fuzzy=False)
    forms = catalog.num_plurals
    for k in range(len(COLOURS) * len(SHAPES)):
        for m in sources:
            if len(catalog) >= target:
                break

            def en(text: str, k: int = k) -> str:
                return f"{COLOURS[k % 10][0]} {SHAPES[k // 10][0]} – {text}" if k and text else text

            def es(text: str, k: int = k) -> str:
                return f"{SHAPES[k // 10][1]} {COLOURS[k % 10][1]} – {text}" if k and text else text

            if isinstance(m.id, (list, tuple)):
                strings = [
                    str(s or "") for s in (m.string if isinstance(m.string, (list, tuple)) else [m.string])
                ]
                strings = (strings + [strings[-1]] * forms)[:forms]  # [one, other] -> [one, other, other]
                msgid: str | tuple[str, str] = (en(m.id[0]), en(m.id[1]))
                string: str | tuple[str, ...] = tuple(es(s) for s in strings)
            else:
                msgid, string = en(str(m.id)), es(str(m.string or ""))
            if faults in ("numbers", "numbered") and m.string and not str(m.id).startswith("\n"):
                step = f"Step {len(catalog) % 97 + 1}: "
                end = "!" if len(catalog) % 2 else ""
                if isinstance(msgid, tuple):
                    msgid = (f"{step}{msgid[0]}{end}", f"{step}{msgid[1]}{end}")
                else:
                    msgid = f"{step}{msgid}{end}"
                if faults == "numbered":  # the same, translated right: the findings-free twin
                    paso = f"Paso {len(catalog) % 97 + 1}: "
                    if isinstance(string, tuple):
                        string = tuple(f"{paso}{s}{end}" if s else s for s in string)
                    else:
                        string = f"{paso}{string}{end}"
            if faults == "terms" and m.string:
                slip = "de de " if len(catalog) % 3 == 1 else ""
                if isinstance(msgid, tuple):
                    msgid = (f"Lead: {msgid[0]}", f"Lead: {msgid[1]}")
                    string = tuple(f"Plomo: {slip}{s}" if s else s for s in string)
                else:
                    msgid, string = f"Lead: {msgid}", f"Plomo: {slip}{string}" if string else string
            catalog.add(
                msgid,
                string,
                flags=m.flags,
                auto_comments=m.auto_comments,
                user_comments=m.user_comments,
                context=m.context,
            )
    with out.open("wb") as po:
        write_po(po, catalog, width=76, omit_header=False)
    return len(catalog)


def measure(what: str, path: Path) -> float:
    """One timing inside this process, after the imports: read_po, glossary's reader, or check_files."""
    if what == "read_po":
        from babel.messages.pofile import read_po

        start = time.perf_counter()
        with path.open("rb") as fh:
            read_po(fh)
        return time.perf_counter() - start
    if what == "polib":
        import polib

        start = time.perf_counter()
        polib.pofile(str(path))
        return time.perf_counter() - start
    from glossary.checks import check_files
    from glossary.checks.inputs import read_file
    from glossary.project import Project
    from glossary.termbase import load_termbase

    if what == "read":
        start = time.perf_counter()
        read_file(path, "es")
        return time.perf_counter() - start
    termbase = load_termbase(Project(ROOT).termbase)
    # A checkout from before issue 15 checks a large catalog in parts, one process per core,
    # unless told jobs=1; this one always checks in one process.
    one = what in ("library-1", "library-cpu") and "jobs" in inspect.signature(check_files).parameters
    clock = time.process_time if what == "library-cpu" else time.perf_counter  # CPU: what load hides least
    start = clock()
    check_files([path], "es", termbase, **({"jobs": 1} if one else {}))
    return clock() - start


def timed(cmd: list[str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if result.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return took


def inside(what: str, path: Path, src: Path | None = None) -> float:
    """The library timing of a fresh process (nothing cached from an earlier run); src: another
    checkout's package (its `src` folder) to time instead of this one."""
    cmd = [PY, __file__, "--measure", what, str(path)]
    env = ENV if src is None else {**ENV, "PYTHONPATH": str(src)}
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return float(result.stdout.strip())


FINDINGS = 30_000  # findings every output format must write in under REPORT_BUDGET seconds
REPORT_BUDGET = 0.3


def report_findings(count: int = FINDINGS) -> list[Any]:
    """Findings as a large check reports them: PO messages and text lines, Spanish and Hebrew,
    one in a hundred with a bidi control in its words (which every format must escape)."""
    from glossary.checks.base import Finding

    out = []
    for i in range(count):
        control = "\u202e" if i % 100 == 0 else ""
        if i % 2:
            out.append(
                Finding(
                    "TRM001",
                    "forbidden-term",
                    "error",
                    f"'plomo' is a forbidden es term for 'lead' (false friend: the metal); use 'lead' ({i})",
                    f"locales/es/LC_MESSAGES/part{i % 7}.po",
                    i + 1,
                    msgid=f"A lead number {i} is a contact who could buy from us.",
                    excerpt=f"Un {control}plomo número {i} es un contacto que podría comprar.",
                    start=3,
                    end=8 + len(control),
                )
            )
        else:
            out.append(
                Finding(
                    "TRM004",
                    "untranslated-term",
                    "error",
                    f"'Lead' is English left in he text for 'lead'; use 'ליד' ({i})",
                    f"articles/he/article{i % 11}.txt",
                    i + 1,
                    excerpt=f"צוות המכירות מעביר כל {control}Lead מספר {i} לבדיקה, ואז מתקשר אליו.",
                    start=22,
                    end=26 + len(control),
                    column=23,
                    end_line=i + 1,
                    end_column=27 + len(control),
                )
            )
    return out


def time_formats(runs: int) -> None:
    """How long each output format takes to write FINDINGS findings (median of runs, and the slowest)."""
    from glossary.checks import report

    findings = report_findings()
    print(f"report formats: {len(findings):,} findings, median of {runs} runs (budget {REPORT_BUDGET}s each)")
    for fmt in report.FORMATS:
        report.render(findings[:100], fmt)  # warm-up: caches and lazy imports
        times, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            report.render(findings, fmt)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        median = statistics.median(times)
        verdict = "ok" if median < REPORT_BUDGET else "OVER BUDGET"
        print(
            f"  {fmt:8} {median:7.3f}s   (slowest {max(times):.3f}s; CPU {statistics.median(cpu):.3f}s)   {verdict}"
        )


CATALOGS = {  # name: (faults, what it is)
    "django": ("", "Spanish messages from Django's"),
    "findings": ("numbers", "the same, findings-heavy (numbers and end punctuation differ)"),
    "terms": ("terms", "the same, a forbidden term in every message (TRM001, CAT017)"),
    "numbered": ("numbered", "the findings catalog translated right: its findings-free twin"),
}


def ratio(timings: dict[str, list[float]], label: str, a: str, b: str, note: str = "") -> None:
    """The median of the per-run ratios a/b (a slow spell of a shared machine hits both sides of one
    run alike, not the medians of a and b taken over different runs), and their range."""
    each = sorted(x / y for x, y in zip(timings[a], timings[b], strict=True))
    print(f"  {label:40} {statistics.median(each):6.2f}x   (runs {each[0]:.2f}-{each[-1]:.2f}){note}")


def against(other: Path, catalogs: dict[str, Path], runs: int) -> None:
    """check_files here and with another checkout's package, one right after the other, per catalog."""
    timings: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, po in catalogs.items():
            for what in ("library-cpu", "library"):
                for side, src in (("here", None), ("there", other)):
                    timings.setdefault(f"{name} {what} {side}", []).append(inside(what, po, src))
    print(
        f"check_files here / with {other}: median of {runs} runs (below 1: here is faster); "
        "library-cpu: CPU seconds in one process, library: seconds as run by default"
    )
    for name in catalogs:
        for what in ("library-cpu", "library"):
            here, there = f"{name} {what} here", f"{name} {what} there"
            ratio(
                timings,
                f"{name} {what}",
                here,
                there,
                f"   here {statistics.median(timings[here]):.3f}s, there {statistics.median(timings[there]):.3f}s",
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--messages", type=int, default=TARGET)
    parser.add_argument("--formats", action="store_true", help="only time the output formats")
    parser.add_argument(
        "--catalogs", nargs="+", choices=list(CATALOGS), default=list(CATALOGS), help="which catalogs"
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="SRC",
        help="only time check_files here and with the package in SRC (another checkout's src folder)",
    )
    parser.add_argument(
        "--measure",
        choices=["read_po", "polib", "read", "library", "library-1", "library-cpu"],
        help=argparse.SUPPRESS,
    )
    parser.add_argument("catalog", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(f"{measure(args.measure, args.catalog):.6f}")
        return
    if args.formats:
        time_formats(args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pos = {name: work / f"{name}-es.po" for name in args.catalogs}
        counts = {name: build_catalog(po, args.messages, CATALOGS[name][0]) for name, po in pos.items()}
        if args.against:
            against(args.against.resolve(), pos, args.runs)
            return
        commands: dict[str, tuple[list[str], tuple[int, ...]]] = {}
        calls: dict[str, tuple[str, Path]] = {}
        for name, po in pos.items():
            check = [PY, "-m", "glossary", "check", "--lang", "es", str(po)]
            commands |= {
                f"{name}: glossary check (command)": (check, (0, 1)),
                f"{name}: glossary check --format sarif": ([*check, "--format", "sarif"], (0, 1)),
                f"{name}: pofilter (command)": (
                    [str(BIN / "pofilter"), str(po), str(work / "pofilter.po")],
                    (0,),
                ),
                f"{name}: msgfmt -c (command)": (["msgfmt", "-c", "-o", "/dev/null", str(po)], (0,)),
                f"{name}: babel read_po (python -c)": (
                    [
                        PY,
                        "-c",
                        f"from babel.messages.pofile import read_po; read_po(open({str(po)!r}, 'rb'))",
                    ],
                    (0,),
                ),
            }
            calls |= {  # each ratio's two sides one after the other, so they see the machine alike
                f"{name}: glossary check_files (library)": ("library", po),
                f"{name}: babel read_po (library)": ("read_po", po),
                f"{name}: glossary reading only (library)": ("read", po),
                f"{name}: polib pofile (library)": ("polib", po),
            }
        timings: dict[str, list[float]] = {name: [] for name in [*commands, *calls]}
        for cmd, ok in commands.values():  # warm-up, untimed: bytecode caches written
            timed(cmd, ok)
        for _ in range(args.runs):
            for name, (cmd, ok) in commands.items():
                timings[name].append(timed(cmd, ok))
            for name, (what, po) in calls.items():
                timings[name].append(inside(what, po))
        sizes = {name: po.stat().st_size for name, po in pos.items()}
    for name in pos:
        print(
            f"{name} catalog: {counts[name]:,} {CATALOGS[name][1]}, {sizes[name] / 1e6:.1f} MB; "
            f"median of {args.runs} runs"
        )
        for label, values in timings.items():
            if label.startswith(f"{name}: "):
                print(f"  {label.split(': ', 1)[1]:38} {statistics.median(values):7.3f}s")
        print("  ratios")

        def r(label: str, a: str, b: str, note: str = "", name: str = name) -> None:
            ratio(timings, label, f"{name}: {a}", f"{name}: {b}", note)

        r("pofilter / glossary check", "pofilter (command)", "glossary check (command)", "   target >= 8")
        lib, read = "glossary check_files (library)", "babel read_po (library)"
        r("glossary check_files / read_po", lib, read, "   library calls; target <= 1.5")
        r("glossary reading only / read_po", "glossary reading only (library)", read)
        r("polib pofile / read_po", "polib pofile (library)", read)
        r("glossary check / read_po (python -c)", "glossary check (command)", "babel read_po (python -c)")
        r("glossary check / msgfmt -c", "glossary check (command)", "msgfmt -c (command)", "   reference")
    sarif, text = "glossary check --format sarif", "glossary check (command)"
    for heavy, free, note in (
        ("findings", "django", ""),
        ("terms", "django", ""),
        ("findings", "numbered", "   what the findings alone cost; target <= 1.5"),
    ):
        if heavy in pos and free in pos:
            print(f"{heavy} / {free} (findings-heavy / findings-free)")
            ratio(timings, sarif, f"{heavy}: {sarif}", f"{free}: {sarif}", note)
            ratio(timings, "glossary check (text)", f"{heavy}: {text}", f"{free}: {text}")
    time_formats(args.runs)


if __name__ == "__main__":
    main()
