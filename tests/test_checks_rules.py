"""Every rule of `glossary check` with inputs that must pass and inputs that must fail.

Like translate-toolkit's `passes`/`fails` helpers and Weblate's CheckTestCase: each case is
a small PO message (or Markdown or text file, or project, or site) and the one rule it is
about. `test_every_rule_has_a_passing_and_a_failing_case` keeps the table complete.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from glossary.checks import RULES, Finding, check_files, check_project, check_site
from glossary.project import Project
from glossary.termbase import Termbase, load_termbase

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checks"
PLURALS = {
    "es": "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);",
    "he": "nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);",
}


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return load_termbase(ROOT / "locales" / "termbase.yaml")


def q(text: str) -> str:
    """A PO string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def msg(
    msgid: str,
    msgstr: str | list[str] = "",
    *,
    plural: str = "",
    ctxt: str | None = None,
    flags: str = "",
    comments: tuple[str, ...] = (),
    obsolete: bool = False,
) -> str:
    lines = [f"# {c}" for c in comments]
    if flags:
        lines.append(f"#, {flags}")
    if ctxt is not None:
        lines.append(f"msgctxt {q(ctxt)}")
    lines.append(f"msgid {q(msgid)}")
    if plural:
        lines.append(f"msgid_plural {q(plural)}")
        lines += [f"msgstr[{n}] {q(s)}" for n, s in enumerate(msgstr)]
    else:
        assert isinstance(msgstr, str)
        lines.append(f"msgstr {q(msgstr)}")
    if obsolete:
        lines = [f"#~ {line}" if not line.startswith("#") else line for line in lines]
    return "\n".join(lines) + "\n"


def po(*entries: str, lang: str = "es", plural_forms: str | None = None, charset: str = "UTF-8") -> str:
    forms = PLURALS[lang] if plural_forms is None else plural_forms
    header = [
        'msgid ""',
        'msgstr ""',
        f'"Language: {lang}\\n"',
        f'"Content-Type: text/plain; charset={charset}\\n"',
    ]
    if forms:
        header.append(f'"Plural-Forms: {forms}\\n"')
    return "\n".join(header) + "\n\n" + "\n".join(entries)


def es(msgid: str, msgstr: str | list[str], **kw: object) -> str:
    return po(msg(msgid, msgstr, **kw))  # type: ignore[arg-type]


def he(msgid: str, msgstr: str | list[str], **kw: object) -> str:
    return po(msg(msgid, msgstr, **kw), lang="he")  # type: ignore[arg-type]


# (rule, content, file suffix, --lang): PO files carry their language in the header.
Case = tuple[str, str | bytes, str, str | None]
PASSES: list[Case] = [
    ("INP001", es("Lead", "Lead"), ".po", None),
    ("INP001", "Un lead es un contacto.\n", ".md", "es"),
    ("INP002", es("Next question", "Siguiente pregunta"), ".po", None),
    ("CAT001", es("Lead", "Lead"), ".po", None),
    ("CAT001", po(msg("Lead", "Lead"), msg("Lead", "Lead", ctxt="stage")), ".po", None),
    ("CAT002", es("Next question", "Siguiente pregunta"), ".po", None),
    ("CAT003", es("Next question", "Siguiente pregunta"), ".po", None),
    ("CAT004", es("Next question", "Siguiente pregunta"), ".po", None),
    ("CAT005", es("Stage: %(stage)s", "Etapa: %(stage)s", flags="python-format"), ".po", None),
    ("CAT005", es("%(stage)s: %(reason)s", "%(reason)s (%(stage)s)", flags="python-format"), ".po", None),
    ("CAT005", es("%s of %d", "%s de %d", flags="python-format"), ".po", None),
    # The Spanish "one" form and the Hebrew "one" and "two" forms may say the number in words.
    (
        "CAT005",
        es(
            "You got %(num)d answer right.",
            [
                "Has acertado una respuesta.",
                "Has acertado %(num)d respuestas.",
                "Has acertado %(num)d respuestas.",
            ],
            plural="You got %(num)d answers right.",
            flags="python-format",
        ),
        ".po",
        None,
    ),
    (
        "CAT005",
        he(
            "You got %(num)d answer right.",
            ["עניתם נכון על שאלה אחת.", "עניתם נכון על שתי שאלות.", "עניתם נכון על %(num)d שאלות."],
            plural="You got %(num)d answers right.",
            flags="python-format",
        ),
        ".po",
        None,
    ),
    # The number as a string: the message's only placeholder, or one the English singular says in words.
    (
        "CAT005",
        he(
            "%(value)s million",
            ["מיליון", "%(value)s מיליון", "%(value)s מיליון"],
            plural="%(value)s million",
        ),
        ".po",
        None,
    ),
    (
        "CAT005",
        he(
            "an hour ago",
            ["לפני שעה", "לפני שעתיים", "לפני %(count)s שעות"],
            plural="%(count)s hours ago",
            flags="python-format",
        ),
        ".po",
        None,
    ),
    ("CAT005", es("Sales grew 50% in May.", "Las ventas crecieron un 50 % en mayo."), ".po", None),
    ("CAT006", es("Hello {name}", "Hola {name}"), ".po", None),
    ("CAT006", es("Use {{braces}}", "Usa {{llaves}}"), ".po", None),
    (
        "CAT007",
        es("See [the lead page](lead.md#who).", "Consulta [la página del lead](lead.md#who)."),
        ".po",
        None,
    ),
    ("CAT007", es("![A funnel](funnel.png)", "![Un embudo](funnel.png)"), ".po", None),
    ("CAT008", es("A [lead](concept:lead).", "Un [cliente potencial](concept:lead)."), ".po", None),
    ("CAT009", es("Run `glossary check`.", "Ejecuta `glossary check`."), ".po", None),
    ("CAT010", es("Press <kbd>Enter</kbd>.", "Pulsa <kbd>Intro</kbd>."), ".po", None),
    ("CAT011", es("See https://example.com/help", "Consulta https://example.com/help"), ".po", None),
    ("CAT011", es("Mail <https://example.com>.", "Escribe a <https://example.com>."), ".po", None),
    ("CAT012", es("We have 10,000 leads.", "Tenemos 10.000 leads."), ".po", None),
    ("CAT012", es("Use [step 2](concept:lead).", "Usa [el paso 2](concept:lead)."), ".po", None),
    ("CAT013", es("Question %(num)d of %(total)d", "Pregunta %(num)d de %(total)d"), ".po", None),
    ("CAT013", he("In %(stage)s", "ב%(stage)s"), ".po", None),
    ("CAT013", he("And in %(stage)s", "וב%(stage)s"), ".po", None),
    (
        "CAT014",
        he("%(num)d lead", ["ליד", "שני לידים", "%(num)d לידים"], plural="%(num)d leads"),
        ".po",
        None,
    ),
    ("CAT014", he("%(num)d lead", ["", "", ""], plural="%(num)d leads"), ".po", None),
    ("CAT015", he("Lead", "ליד"), ".po", None),
    # what msginit writes for Hebrew and Spanish, and Weblate's four-form Hebrew rule
    ("CAT015", po(msg("Lead", "ליד"), lang="he", plural_forms="nplurals=2; plural=(n != 1);"), ".po", None),
    ("CAT015", po(msg("Lead", "Lead"), lang="es", plural_forms="nplurals=2; plural=(n != 1);"), ".po", None),
    (
        "CAT015",
        po(
            msg("Lead", "ליד"),
            lang="he",
            plural_forms="nplurals=4; plural=(n==1) ? 0 : ((n==2) ? 1 : ((n > 10 && n % 10 == 0) ? 2 : 3));",
        ),
        ".po",
        None,
    ),
    (
        "CAT021",
        po(
            msg("%(num)d lead", ["ליד", "%(num)d לידים"], plural="%(num)d leads"),
            lang="he",
            plural_forms="nplurals=2; plural=(n != 1);",
        ),
        ".po",
        None,
    ),
    ("CAT021", po(msg("Lead", "ליד"), lang="he", plural_forms="nplurals=1; plural=0;"), ".po", None),
    ("CAT015", po(msg("Lead", "Lead"), plural_forms=""), ".po", None),  # no plural messages, no header needed
    ("CAT016", es("CRM", "CRM"), ".po", None),
    ("CAT016", es("No", "No"), ".po", None),
    ("CAT016", he("URL", "URL"), ".po", None),
    ("CAT016", es("6 p.m.", "6 p.m."), ".po", None),
    ("CAT016", es("Lead", "Lead"), ".po", None),
    ("CAT016", es("%(stage)s: %(reason)s", "%(stage)s: %(reason)s"), ".po", None),
    ("CAT016", es("[CRM](concept:crm)", "[CRM](concept:crm)"), ".po", None),
    ("CAT017", es("The lead is a contact.", "El lead es un contacto."), ".po", None),
    ("CAT017", es("Very very good.", "Muy muy bueno."), ".po", None),
    ("CAT017", es("1 1 2", "1 1 2"), ".po", None),
    ("CAT017", es("Such, such things", "Tal, tal cosa"), ".po", None),
    ("CAT018", es("Stage: ", "Etapa: "), ".po", None),
    ("CAT019", es("Can they afford it?", "¿Pueden pagarlo?"), ".po", None),
    ("CAT019", es('Ask: "When?"', "Pregunta: «¿Cuándo?»."), ".po", None),  # full stop after the quote
    ("CAT019", es("Wait...", "Espera…"), ".po", None),
    ("CAT019", he("becomes", "– השלב הבא:"), ".po", None),  # a label may end with a colon
    ("CAT019", he("Send it by email", 'שלחו בדוא"ל'), ".po", None),  # gershayim inside a word
    ("CAT019", he("and so on", "וכו'"), ".po", None),  # a geresh typed as an apostrophe
    ("CAT019", he('He said "yes".', 'הוא אמר "כן".'), ".po", None),
    ("CAT019", he("Lead", "ליד"), ".po", None),  # capitalisation is never compared
    ("CAT019", he("Jan.", "ינו'"), ".po", None),  # an abbreviation's full stop
    ("CAT019", es("6 a.m.", "6 de la mañana"), ".po", None),
    ("CAT020", es("Lead", "Lead", comments=("glossary-ignore: forbidden-term, TRM003",)), ".po", None),
    ("CAT020", es("Lead", "Lead", comments=("Translators: keep it short.",)), ".po", None),
    ("BID001", he("Lead", "\u200fליד\u200f"), ".po", None),  # RLM is fine
    ("BID001", he("Recorded in CRM", "נרשם ב־\u2068CRM\u2069"), ".po", None),
    ("BID002", he("Recorded in CRM", "נרשם ב־\u2068CRM\u2069"), ".po", None),
    ("BID002", "נרשם ב־\u2067CRM\u2069 היום\n", ".txt", "he"),
    (
        "TRM001",
        es("A lead is a contact who could buy.", "Un lead es un contacto que podría comprar."),
        ".po",
        None,
    ),
    ("TRM001", he("Kessler is a leading supplier.", "קסלר היא ספקית מובילה."), ".po", None),
    (
        "TRM001",
        es(
            "Never call a lead a leader.",
            "Nunca llames «líder» a un lead.",
            comments=("glossary-ignore: forbidden-term",),
        ),
        ".po",
        None,
    ),
    (
        "TRM001",
        es(
            "Never call a lead a leader.",
            "Nunca llames «líder» a un lead.",
            comments=("glossary-ignore: TRM001",),
        ),
        ".po",
        None,
    ),
    ("TRM001", "Un lead es un contacto que podría comprar.\n", ".md", "es"),
    (
        "TRM002",
        es("Is this [contact](concept:contact) a lead?", "¿Este [contacto](concept:contact) es un lead?"),
        ".po",
        None,
    ),
    ("TRM002", es("They need what we sell.", "Necesitan lo que vendemos."), ".po", None),  # the verb
    ("TRM002", he("Check the [CRM](concept:crm).", "בדקו ב־[CRM](concept:crm)."), ".po", None),
    ("TRM003", es("A lead, and then more leads.", "Un lead, y luego más leads."), ".po", None),
    (
        "TRM003",
        es("The sales funnel: the funnel narrows.", "El embudo de ventas: el embudo se estrecha."),
        ".po",
        None,
    ),
    ("TRM003", "Un lead es un contacto. Cada lead cuenta.\n", ".txt", "es"),
    # An abbreviation and its expansion, a term and its longer form, two related concepts.
    ("TRM003", "הלידים נרשמים ב-CRM, מערכת לניהול קשרי לקוחות.\n", ".txt", "he"),
    ("TRM003", "Cada oportunidad es una oportunidad de venta con importe.\n", ".txt", "es"),
    (
        "TRM003",
        "El embudo de ventas no es la cartera de oportunidades: el embudo se estrecha.\n",
        ".txt",
        "es",
    ),
    (
        "TRM003",
        "Un lead calificado por marketing es un MQL, y cada lead empieza como contacto.\n",
        ".txt",
        "es",
    ),
    # A forbidden word in a collocation where the termbase says it is right.
    ("TRM001", "Tenemos una ventaja competitiva y somos líderes del mercado.\n", ".txt", "es"),
    ("TRM001", "הספק המוביל בשוק, עם סיכוי גבוה לסגירה; זה יוביל למכירה.\n", ".txt", "he"),
    ("TRM001", es("We are the market leader.", "Somos el líder del mercado."), ".po", None),
    ("TRM004", "צוות המכירות מעביר כל ליד ל-CRM ובודק אותו לפי BANT.\n", ".txt", "he"),
    ("TRM004", "Cada lead entra en el CRM.\n", ".txt", "es"),
    ("TRM004", "הצורך (Need) הוא האות N במודל BANT.\n", ".txt", "he"),
    ("TRM004", "En Salesforce, las etapas Prospecting y Qualification van primero.\n", ".txt", "es"),
]
FAILS: list[Case] = [
    ("INP001", b"\x00\x01\x02binary", ".po", None),
    ("INP001", 'msgid "caf\xe9"\nmsgstr ""\n'.encode("latin-1"), ".po", None),
    ("INP001", "Un lead.\n", ".md", None),  # no language given
    ("INP001", 'msgid ""\nmsgstr ""\n\nmsgid "Lead"\nmsgstr "Lead"\n', ".po", None),  # no Language header
    ("INP002", es("Next question", "x" * 100_001), ".po", None),
    ("INP002", "palabra " * 300_000, ".txt", "es"),
    ("CAT001", po(msg("Lead", "Lead")) + 'msgid "Next"\nmsgstr "Sig', ".po", None),  # truncated
    ("CAT001", po(msg("Lead", "Lead")) + 'msgid "Next"\n', ".po", None),  # no msgstr
    ("CAT001", po(msg("Lead", "Lead"), msg("Lead", "Cliente")), ".po", None),  # duplicate
    ("CAT001", po(msg("Lead", "Lead"), charset="ISO-8859-1"), ".po", None),
    ("CAT001", po('msgid "Lead"\nmsgstr[x] "Lead"\n'), ".po", None),
    ("CAT001", "---\ntitle: [unclosed\n---\n# Lead\n", ".md", "es"),
    ("CAT001", es("Lead", "Lead"), ".po", "he"),  # the header says es
    ("CAT002", es("Next question", ""), ".po", None),
    ("CAT003", es("Next question", "Pregunta anterior", flags="fuzzy"), ".po", None),
    ("CAT004", po(msg("Lead", "Lead"), msg("Old heading", "Título antiguo", obsolete=True)), ".po", None),
    ("CAT005", es("Stage: %(stage)s", "Etapa: %(etapa)s", flags="python-format"), ".po", None),
    ("CAT005", es("Stage: %(stage)s", "Etapa", flags="python-format"), ".po", None),
    ("CAT005", es("%s of %d", "%d de %s", flags="python-format"), ".po", None),
    (
        "CAT005",
        he(
            "You got %(num)d answer right.",
            ["עניתם נכון על שאלה אחת.", "עניתם נכון על שתי שאלות.", "עניתם נכון על הרבה שאלות."],
            plural="You got %(num)d answers right.",
            flags="python-format",
        ),
        ".po",
        None,
    ),
    # A form for one number may leave out the number, not the folder.
    (
        "CAT005",
        he(
            "%(num)d file in %(folder)s",
            ["קובץ אחד", "שני קבצים ב־%(folder)s", "%(num)d קבצים ב־%(folder)s"],
            plural="%(num)d files in %(folder)s",
            flags="python-format",
        ),
        ".po",
        None,
    ),
    ("CAT006", es("Hello {name}", "Hola {nombre}"), ".po", None),
    (
        "CAT007",
        es("See [the lead page](lead.md#who).", "Consulta [la página del lead](lead.md)."),
        ".po",
        None,
    ),
    ("CAT007", es("![A funnel](funnel.png)", "![Un embudo](embudo.png)"), ".po", None),
    ("CAT008", es("A [lead](concept:lead).", "Un [lead](concept:leads)."), ".po", None),
    ("CAT008", es("A [lead](concept:lead).", "Un lead."), ".po", None),
    ("CAT009", es("Run `glossary check`.", "Ejecuta `glosario comprobar`."), ".po", None),
    ("CAT010", es("Press <kbd>Enter</kbd>.", "Pulsa <b>Intro</b>."), ".po", None),
    ("CAT010", es("Press Enter.", 'Pulsa <img src="x" onerror="y">.'), ".po", None),
    ("CAT011", es("See https://example.com/help", "Consulta https://example.es/ayuda"), ".po", None),
    ("CAT012", es("Within 3 months.", "En 6 meses."), ".po", None),
    ("CAT013", es("Question %(num)d of %(total)d", "Pregunta %(num)dde %(total)d"), ".po", None),
    ("CAT013", he("In %(stage)s", "אבג%(stage)s"), ".po", None),
    ("CAT014", he("%(num)d lead", ["ליד", "שני לידים"], plural="%(num)d leads"), ".po", None),
    ("CAT014", he("%(num)d lead", ["ליד", "", "%(num)d לידים"], plural="%(num)d leads"), ".po", None),
    (
        "CAT014",
        he("%(num)d lead", ["ליד", "שני לידים", "%(num)d לידים", "x"], plural="%(num)d leads"),
        ".po",
        None,
    ),
    (
        "CAT015",
        po(msg("Lead", "ליד"), lang="he", plural_forms="nplurals=2; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);"),
        ".po",
        None,
    ),
    (
        "CAT015",
        po(msg("Lead", "ליד"), lang="he", plural_forms="nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 3);"),
        ".po",
        None,
    ),
    ("CAT015", po(msg("Lead", "ליד"), lang="he", plural_forms="nplurals=3; plural=n +* 2;"), ".po", None),
    (
        "CAT015",
        po(msg("%(num)d lead", ["ליד", "לידים"], plural="%(num)d leads"), plural_forms=""),
        ".po",
        None,
    ),
    (
        "CAT021",
        po(
            msg("%(num)d lead", ["%(num)d לידים"], plural="%(num)d leads"),
            lang="he",
            plural_forms="nplurals=1; plural=0;",
        ),
        ".po",
        None,
    ),
    ("CAT016", es("Next question", "Next question"), ".po", None),
    ("CAT016", he("No", "No"), ".po", None),  # another script: even one English word is reported
    ("CAT017", es("The lead is a contact.", "El lead es es un contacto."), ".po", None),
    ("CAT017", he("The lead of the customer.", "הליד של של הלקוח."), ".po", None),
    ("CAT017", "El lead es es un contacto.\n", ".txt", "es"),
    ("CAT018", es("Stage: ", "Etapa:"), ".po", None),
    ("CAT018", es("Stage", " Etapa"), ".po", None),
    ("CAT019", es("Can they afford it?", "¿Pueden pagarlo."), ".po", None),
    ("CAT019", he("Why?", "למה"), ".po", None),
    ("CAT019", es("Next question", "Siguiente pregunta."), ".po", None),
    ("CAT020", es("Lead", "Lead", comments=("glossary-ignore: forbiden-term",)), ".po", None),
    ("BID001", he("Recorded in CRM", "נרשם ב־\u202eCRM\u202c"), ".po", None),
    ("BID001", "נרשם ב־\u202bCRM\n", ".md", "he"),
    ("BID002", he("Recorded in CRM", "נרשם ב־\u2068CRM"), ".po", None),
    ("BID002", he("Recorded in CRM", "נרשם ב־CRM\u2069"), ".po", None),
    (
        "TRM001",
        es("A lead is a contact who could buy.", "Un líder es un contacto que podría comprar."),
        ".po",
        None,
    ),
    ("TRM001", he("The leads are listed.", "ולמובילים יש רשימה."), ".po", None),
    ("TRM001", es("A [lead](concept:lead).", "Un [plomo](concept:lead)."), ".po", None),
    ("TRM001", "Un plomo es un contacto.\n", ".md", "es"),
    (
        "TRM002",
        es("Is this [contact](concept:contact) a lead?", "¿Esta persona es un posible comprador?"),
        ".po",
        None,
    ),
    ("TRM002", es("Record it in the CRM.", "Anótalo en el sistema."), ".po", None),
    ("TRM002", he("Their ability to pay is clear.", "ברור שיש להם כסף."), ".po", None),
    ("TRM003", es("A lead, and then more leads.", "Un lead, y luego más clientes potenciales."), ".po", None),
    ("TRM003", "Un lead es un contacto. Cada cliente potencial cuenta.\n", ".txt", "es"),
    ("TRM001", "Cada ventaja debe calificarse antes de la llamada.\n", ".txt", "es"),
    ("TRM001", "המוביל עובר לצוות המכירות.\n", ".txt", "he"),
    ("TRM004", "צוות המכירות מעביר כל Lead לבדיקה.\n", ".txt", "he"),
    ("TRM004", "La opportunity se cierra este mes.\n", ".txt", "es"),
    ("TRM004", he("Each lead goes to the team.", "כל lead עובר לצוות."), ".po", None),
]


def findings(rule: str, case: Case, tmp_path: Path, termbase: Termbase) -> list[Finding]:
    _, content, suffix, lang = case
    path = tmp_path / f"case{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return [f for f in check_files([path], lang, termbase, select=[rule]) if f.rule == rule]


@pytest.mark.parametrize("case", PASSES, ids=lambda c: c[0])
def test_passes(case: Case, tmp_path: Path, termbase: Termbase) -> None:
    found = findings(case[0], case, tmp_path, termbase)
    assert not found, [f.message for f in found]


@pytest.mark.parametrize("case", FAILS, ids=lambda c: c[0])
def test_fails(case: Case, tmp_path: Path, termbase: Termbase) -> None:
    found = findings(case[0], case, tmp_path, termbase)
    assert found
    for f in found:
        assert f.path.endswith(f"case{case[2]}")
        assert f.severity == RULES[case[0]].severity


def test_a_finding_names_its_message_and_line(tmp_path: Path, termbase: Termbase) -> None:
    case: Case = ("TRM001", es("A lead is a contact.", "Un líder es un contacto.", ctxt="lead"), ".po", None)
    (f,) = findings("TRM001", case, tmp_path, termbase)
    assert (f.line, f.msgid, f.msgctxt) == (8, "A lead is a contact.", "lead")  # the msgid line
    assert f.excerpt[f.start : f.end] == "líder"
    assert "use 'lead'" in f.message


def test_bidi_controls_are_named_by_code_point_never_raw(tmp_path: Path, termbase: Termbase) -> None:
    case: Case = ("BID001", he("Recorded in CRM", "נרשם ב־\u202eCRM\u202c"), ".po", None)
    found = findings("BID001", case, tmp_path, termbase)
    messages = " ".join(f.message for f in found)
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in messages
    assert "U+202C POP DIRECTIONAL FORMATTING" in messages
    assert "\u202e" not in messages and "\u202c" not in messages


def test_plural_forms_are_counted_as_written_not_as_babel_pads_them(
    tmp_path: Path, termbase: Termbase
) -> None:
    case: Case = ("CAT014", he("%(num)d lead", ["ליד", "שני לידים"], plural="%(num)d leads"), ".po", None)
    (f,) = findings("CAT014", case, tmp_path, termbase)
    assert "msgstr[0], msgstr[1]" in f.message and "nplurals=3" in f.message


def test_a_huge_message_is_reported_once_per_kind_of_problem(tmp_path: Path, termbase: Termbase) -> None:
    translation = "Un líder [x](y) es es. " * 3000  # 72,000 characters: under the limit, still checked
    case: Case = ("ALL", es("A lead.", translation), ".po", None)
    path = tmp_path / "huge.po"
    path.write_text(str(case[1]), encoding="utf-8")
    found = check_files([path], None, termbase)
    assert len(found) < 20, [(f.rule, f.message) for f in found]
    assert {"CAT007", "TRM001", "CAT017"} <= {f.rule for f in found}


# --- rules that look at a whole project --------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _termbase(project: Project, old: str, new: str) -> None:
    _edit(project.termbase, old, new)


def _catalogs(project: Project, first: str, second: str) -> None:
    folder = project.locales / "es" / "LC_MESSAGES"
    (folder / "a.po").write_text(first, encoding="utf-8")
    (folder / "b.po").write_text(second, encoding="utf-8")


SENTENCE = "Reunimos todos los requisitos del cliente."
Breakage = Callable[[Project], None]
PROJECT_PASSES: list[tuple[str, Breakage]] = [
    ("TBS001", lambda p: None),
    ("TBS002", lambda p: None),
    ("TBS003", lambda p: None),
    ("TBS004", lambda p: None),
    ("QUZ001", lambda p: None),
    ("QUZ002", lambda p: None),
    ("QUZ003", lambda p: None),
    (
        "CNS001",
        lambda p: _catalogs(
            p, po(msg("Lead", "Lead", ctxt="stage")), po(msg("Lead", "Cliente", ctxt="page"))
        ),
    ),
    ("CNS001", lambda p: _catalogs(p, po(msg("Lead", "Lead")), po(msg("Lead", "Lead", flags="fuzzy")))),
    (
        "CNS002",
        lambda p: _catalogs(p, po(msg("unknown", "Desconocido")), po(msg("Don't know", "Desconocido"))),
    ),
    (
        "CNS002",
        lambda p: _catalogs(
            p, po(msg("We met all requirements.", SENTENCE)), po(msg("We met all requirements", SENTENCE))
        ),
    ),
]
PROJECT_FAILS: list[tuple[str, Breakage]] = [
    (
        "TBS001",
        lambda p: _termbase(p, "{term: contacto, status: preferred", "{term: contacto, status: prefered"),
    ),
    (
        "TBS002",
        lambda p: _termbase(
            p, "{term: contacto, status: preferred, forms: [contactos]}", "{term: cliente, status: preferred}"
        ),
    ),
    (
        "TBS003",
        lambda p: _termbase(p, "      he:\n        - {term: איש קשר", "      de:\n        - {term: איש קשר"),
    ),
    ("TBS004", lambda p: _termbase(p, "{term: cuenta, status: admitted", "{term: plomo, status: admitted")),
    ("QUZ001", lambda p: _edit(p.scenarios, "    facts:\n", "    facts:\n      buget: true\n")),
    ("QUZ002", lambda p: _edit(p.scenarios, "expect: contact", "expect: customer")),
    (
        "QUZ003",
        lambda p: _edit(
            p.rules, "stages:\n", "stages:\n  - {id: prospect, label: Prospect, summary: Anyone at all.}\n"
        ),
    ),
    ("CNS001", lambda p: _catalogs(p, po(msg("Lead", "Lead")), po(msg("Lead", "Cliente potencial")))),
    (
        "CNS002",
        lambda p: _catalogs(
            p, po(msg("We met all requirements.", SENTENCE)), po(msg("We met some needs.", SENTENCE))
        ),
    ),
]


@pytest.mark.parametrize(("rule", "breakage"), PROJECT_PASSES, ids=lambda x: x if isinstance(x, str) else "")
def test_project_passes(rule: str, breakage: Breakage, tmp_project: Project) -> None:
    breakage(tmp_project)
    found = check_project(tmp_project, select=[rule])
    assert not found, [f.message for f in found]


@pytest.mark.parametrize(("rule", "breakage"), PROJECT_FAILS, ids=lambda x: x if isinstance(x, str) else "")
def test_project_fails(rule: str, breakage: Breakage, tmp_project: Project) -> None:
    breakage(tmp_project)
    found = check_project(tmp_project, select=[rule])
    assert found and {f.rule for f in found} == {rule}
    assert all(f.line for f in found), [str(f.location) for f in found]


def test_a_load_error_is_a_located_finding(tmp_project: Project) -> None:
    _edit(tmp_project.scenarios, "    facts:\n", "    facts:\n      buget: true\n")
    (f,) = check_project(tmp_project, select=["quiz-data-invalid"])
    assert f.path.endswith("docs/scenarios.yaml") and f.line > 1
    assert "buget" in f.message


# --- rules that look at a built site ----------------------------------------------------------------


SITE_PASSES = [
    ("SIT001", "site_good"),
    ("SIT002", "site_good"),
    ("SIT003", "site_good"),
    ("SIT004", "site_good"),
    ("SIT005", "site_good"),
    ("SIT006", "site_good"),
]
SITE_FAILS = [
    ("SIT001", "site_bad"),
    ("SIT002", "site_bad"),
    ("SIT003", "site_bad"),
    ("SIT004", "site_bad"),
    ("SIT005", "site_bad"),
    ("SIT006", "site_bad"),
]


@pytest.mark.parametrize(("rule", "site"), SITE_PASSES)
def test_site_passes(rule: str, site: str) -> None:
    assert not check_site(FIXTURES / site, select=[rule])


@pytest.mark.parametrize(("rule", "site"), SITE_FAILS)
def test_site_fails(rule: str, site: str) -> None:
    found = check_site(FIXTURES / site, select=[rule])
    assert found and {f.rule for f in found} == {rule}


def test_site_findings_say_what_is_wrong() -> None:
    messages = {f.message for f in check_site(FIXTURES / "site_bad")}
    expected = [
        "<html> has no dir attribute",
        "<html dir='ltr'> in the he site; he is written rtl",
        "<a href='../opportunity/'> points to /en/opportunity/, which the site does not have",
        "<a href='../lead/#nowhere'>: en/lead/index.html has no anchor 'nowhere'",
        "<script src='https://cdn.example.com/analytics.js'> loads from another host",
        "stylesheet loads 'https://fonts.example.com/font.woff2' from another host",
        "he/lead/index.html is missing: the he site has no page for this one",
        "<a href='/en//../he/'> points to /en/he/, which the site does not have",  # as browsers resolve it
    ]
    for text in expected:
        assert any(m.startswith(text) for m in messages), (text, messages)


# --- the table is complete ---------------------------------------------------------------------------


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    passing = {c[0] for c in PASSES} | {r for r, _ in PROJECT_PASSES} | {r for r, _ in SITE_PASSES}
    failing = {c[0] for c in FAILS} | {r for r, _ in PROJECT_FAILS} | {r for r, _ in SITE_FAILS}
    assert set(RULES) - passing == set()
    assert set(RULES) - failing == set()


def test_a_page_that_cannot_be_parsed_is_a_finding(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site_good", site)
    (site / "en" / "empty.html").write_bytes(b"")
    (site / "en" / "binary.html").write_bytes(b"\x00\xff\xfe\x00")
    messages = {(Path(f.path).name, f.message) for f in check_site(site)}
    assert ("empty.html", "the page cannot be parsed: Document is empty") in messages
    assert ("binary.html", "<html> has no lang attribute") in messages
