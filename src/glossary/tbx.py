"""TBX-Basic exchange: export as TBX v3 (DCA) or v2 (martif), import both, merge into the termbase.

The TBX a terminology tool sees is plain TBX-Basic: every element and data category below is
allowed by the dialect. TBX v3 (ISO 30042:2019, DCA style) is the default; TBX v2
(ISO 30042:2008, `<martif>`) is what translate-toolkit, and so Weblate, reads. Where TBX-Basic
has no place for a piece of our model, we use a free-text element in a fixed shape so that
export then import gives back exactly the same termbase.

- Definition: `<descrip type="definition">` in each language's section: English from the
  termbase, the others from the locales' termbase catalogs (reviewed translations). A concept
  without English terms keeps the English one at concept level in a `<descripGrp>`.
- Relation: `<ref type="crossReference" target="OTHER_ID">becomes</ref>` at concept level; the
  content is our relation type (is_a, becomes, part_of, related). On import, a crossReference
  whose content is not one of our types is a plain `related`.
- Status: preferred, admitted and forbidden are `preferredTerm-admn-sts`,
  `admittedTerm-admn-sts` and `deprecatedTerm-admn-sts`. On import `supersededTerm-admn-sts`
  (no longer to be used) is read as forbidden, and a term without a status as admitted (as
  preferred when no term of its language is): the import report says so.
- Inflected form: one note per form, the form marked up in the term's language:
  `<note>inflected form: <foreign xml:lang="es">leads</foreign></note>`. The term's own note
  is the plain `<note>` (several plain notes are joined with line breaks).
- Where a forbidden term is right (`correct_in`): one note per collocation, written like an
  inflected form, `<note>correct in: <foreign xml:lang="es">ventaja competitiva</foreign></note>`.
- Concept note: a `<note>` at concept level. Language codes: `pt_BR` is written `pt-BR`.

Data categories our model has no place for (partOfSpeech, grammaticalGender, termType,
subjectField, transacGrp, context, source, xref, other languages' definitions, ...) are not
written into the termbase; the import report lists them with their counts, never a silent
"nothing changed". A file that declares or uses XML entities is refused as the parser meets
the first one, before anything is read or expanded, and anything but TBX-Basic v2 or v3 is
refused with the list of what is supported.

XML is read with the standard library's expat and written by a small serializer of our own:
the package installs no XML library (a linter's environment stays small).
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar, NoReturn
from xml.etree.ElementTree import Element, SubElement, TreeBuilder
from xml.parsers import expat

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from glossary import reading
from glossary.errors import GlossaryError, Location, display_path
from glossary.languages import SOURCE_LANGUAGE, locale
from glossary.project import Project
from glossary.sources import IDENTIFIER, read_text
from glossary.termbase import (
    RELATION_TYPES,
    Concept,
    Relation,
    Term,
    Termbase,
    collocation,
    load_termbase,
    normalize,
    validate,
)

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
NAMESPACES = (NAMESPACE, "urn:iso:std:iso:30042:ed:3.0")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMIN_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
STATUS_OF = {value: status for status, value in ADMIN_STATUS.items()}
FORM_LABEL = "inflected form:"
CONTEXT_LABEL = "correct in:"  # a forbidden term's collocation where it is right, as forms are written


def tbx_lang(lang: str) -> str:
    """Our locale code as a BCP 47 tag for xml:lang: `pt_BR` -> `pt-BR`."""
    return lang.replace("_", "-")


# --- export ---------------------------------------------------------------------------------

# The TBX-Basic schemas, named in processing instructions as the dialect asks, so that a
# validating tool knows what to check the file against.
V3_SCHEMAS = (
    ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
     "TBXcoreStructV03_TBX-Basic_integrated.rng", "http://relaxng.org/ns/structure/1.0"),
    ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch",
     "http://purl.oclc.org/dsdl/schematron"),
)  # fmt: skip
V2_DTD = "TBXBasiccoreStructV02.dtd"
V2_XCS = "TBXBasicXCSV02.xcs"

# Translated definitions: {language: {concept id: definition}}, from the termbase catalogs.
Definitions = dict[str, dict[str, str]]


def export_definitions(project: Project, termbase: Termbase) -> Definitions:
    """Each locale's translated definitions, from its termbase catalog (reviewed translations only)."""
    from glossary.catalogs import locales, translations

    out: Definitions = {}
    for lang in locales(project):
        catalog = translations(project, lang, "termbase")
        found = {c.id: catalog.pgettext(c.id, c.definition) for c in termbase}
        out[lang] = {cid: text for cid, text in found.items() if text != termbase.concept(cid).definition}
    return out


def to_tbx(termbase: Termbase, definitions: Definitions | None = None) -> bytes:
    """The termbase as a TBX v3 TBX-Basic (DCA) document, UTF-8 encoded."""
    root = Element(_tag("tbx"), {"type": "TBX-Basic", "style": "dca", XML_LANG: tbx_lang(SOURCE_LANGUAGE)})
    source = _sub(root, "tbxHeader", "fileDesc", "sourceDesc", "p")
    source.text = f"glossary termbase {termbase.path}".strip()
    body = _sub(root, "text", "body")
    for concept in termbase:
        _write_concept(_Names.V3, body, concept, definitions or {})
    schemas = [
        f'<?xml-model href="{href}" type="application/xml" schematypens="{schema}"?>'
        for href, schema in V3_SCHEMAS
    ]
    return _serialize(root, schemas, NAMESPACE)


def to_tbx2(termbase: Termbase, definitions: Definitions | None = None) -> bytes:
    """The termbase as TBX v2 (ISO 30042:2008, `martif`) TBX-Basic, as translate-toolkit and Weblate read it."""
    root = Element("martif", {"type": "TBX-Basic", XML_LANG: tbx_lang(SOURCE_LANGUAGE)})
    header = SubElement(root, "martifHeader")
    source = SubElement(SubElement(SubElement(header, "fileDesc"), "sourceDesc"), "p")
    source.text = f"glossary termbase {termbase.path}".strip()
    xcs = SubElement(SubElement(header, "encodingDesc"), "p", type="XCSURI")
    xcs.text = V2_XCS
    body = SubElement(SubElement(root, "text"), "body")
    for concept in termbase:
        _write_concept(_Names.V2, body, concept, definitions or {})
    return _serialize(root, [f'<!DOCTYPE martif SYSTEM "{V2_DTD}">'], "")


def _serialize(root: Element, prolog: list[str], namespace: str) -> bytes:
    """The document as lxml's pretty print wrote it (exports stay byte for byte what they were):
    two spaces a level, and an element holding text written on one line with what it holds."""
    lines = ["<?xml version='1.0' encoding='UTF-8'?>", *prolog, _markup(root, namespace, 0)]
    return "\n".join(lines).encode("utf-8")


def _markup(element: Element, namespace: str, depth: int | None) -> str:
    """element as XML, indented at depth (None: inline, inside an element holding text)."""
    name = _local(element)  # every element is in the document's one namespace
    attrs = f' xmlns="{namespace}"' if namespace and depth == 0 else ""
    for key, value in element.attrib.items():
        attrs += f' {"xml:lang" if key == XML_LANG else key}="{_escape(value, _ATTRIBUTE_ESCAPES)}"'
    pad, end = ("", "") if depth is None else ("  " * depth, "\n")
    if element.text is None and not len(element):
        return f"{pad}<{name}{attrs}/>{end}"
    if depth is None or element.text is not None or any(child.tail is not None for child in element):
        inner = _escape(element.text or "", _TEXT_ESCAPES) + "".join(
            _markup(child, namespace, None) + _escape(child.tail or "", _TEXT_ESCAPES) for child in element
        )
        return f"{pad}<{name}{attrs}>{inner}</{name}>{end}"
    inner = "".join(_markup(child, namespace, depth + 1) for child in element)
    return f"{pad}<{name}{attrs}>\n{inner}{pad}</{name}>{end}"


_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
_SPECIAL = re.compile(r'[&<>"\t\n\r]')
# What XML 1.0 cannot hold, escaped or not: C0 controls but tab and line breaks, lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str, escapes: dict[str, str]) -> str:
    return _SPECIAL.sub(lambda m: escapes.get(m[0], m[0]), text)


@dataclass(frozen=True)
class _Names:
    """Element names of one TBX version: v3 (DCA, namespaced) or v2 (martif, no namespace)."""

    ns: str
    concept: str
    language: str
    terms: tuple[str, ...]

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    V3: ClassVar[_Names]
    V2: ClassVar[_Names]


_Names.V3 = _Names(NAMESPACE, "conceptEntry", "langSec", ("termSec",))
_Names.V2 = _Names("", "termEntry", "langSet", ("tig", "ntig"))


def _write_concept(names: _Names, body: Element, concept: Concept, definitions: Definitions) -> None:
    def sub(parent: Element, name: str, **attrs: str) -> Element:
        return SubElement(parent, names.tag(name), attrs)

    entry = sub(body, names.concept, id=concept.id)
    if concept.note:
        sub(entry, "note").text = concept.note
    for rel in concept.relations:
        sub(entry, "ref", type="crossReference", target=rel.target).text = rel.type
    languages = list(concept.languages)
    translated = [lang for lang in definitions if concept.id in definitions[lang] and lang not in languages]
    if SOURCE_LANGUAGE not in languages:
        sub(sub(entry, "descripGrp"), "descrip", type="definition").text = concept.definition
    for lang in [*languages, *translated]:
        sec = sub(entry, names.language, **{XML_LANG: tbx_lang(lang)})
        text = concept.definition if lang == SOURCE_LANGUAGE else definitions.get(lang, {}).get(concept.id)
        if text:
            sub(sec, "descrip", type="definition").text = text
        for term in concept.terms_in(lang):
            tsec = sub(sec, names.terms[0])
            sub(tsec, "term").text = term.text
            sub(tsec, "termNote", type="administrativeStatus").text = ADMIN_STATUS[term.status]
            if term.note:
                sub(tsec, "note").text = term.note
            for form in term.forms:
                note = sub(tsec, "note")
                note.text = f"{FORM_LABEL} "
                sub(note, "foreign", **{XML_LANG: tbx_lang(term.lang)}).text = form
            for context in term.correct_in:
                note = sub(tsec, "note")
                note.text = f"{CONTEXT_LABEL} "
                sub(note, "foreign", **{XML_LANG: tbx_lang(term.lang)}).text = context.text
    for element in entry.iter():
        for text in (element.text or "", *element.attrib.values()):
            bad = _NOT_XML.search(text)
            if bad:
                raise GlossaryError(
                    f"concept {concept.id!r} has the character U+{ord(bad[0]):04X} in {text!r}, which "
                    "XML cannot hold (nor a TBX file); remove it from the termbase or the catalog",
                    concept.location,
                )


def _tag(name: str, ns: str = NAMESPACE) -> str:
    return f"{{{ns}}}{name}"


def _sub(parent: Element, *path: str) -> Element:
    """Append the chain of elements path under parent; the innermost one."""
    for name in path:
        parent = SubElement(parent, _tag(name))
    return parent


# --- import ---------------------------------------------------------------------------------

SUPPORTED = (
    'TBX v3 TBX-Basic in DCA style (<tbx type="TBX-Basic" style="dca">, ISO 30042:2019) and '
    'TBX v2 TBX-Basic (<martif type="TBX-Basic">, ISO 30042:2008)'
)
_TEXT_HOLDERS = {"term", "note", "descrip", "ref", "termNote"}
V2_TYPES = ("TBX", "TBX-Basic", "TBX-Basic-V1", "TBX-Default")
STATUS_SYNONYMS = {"supersededTerm-admn-sts": "forbidden"}  # no longer to be used: forbidden here


@dataclass(frozen=True)
class Imported:
    """A TBX file read into our model, and what in it our model has no place for."""

    termbase: Termbase
    not_kept: tuple[str, ...] = ()  # "termNote partOfSpeech (12)", ...
    notes: tuple[str, ...] = ()  # how something was read: "supersededTerm-admn-sts read as forbidden (1)"


def from_tbx(path: Path) -> Termbase:
    """Read and validate a TBX-Basic file (v3 or v2); GlossaryError (file:line) on the first problem."""
    return read_tbx(path).termbase


def read_tbx(path: Path) -> Imported:
    """Read a TBX-Basic file (v3 DCA or v2 martif), with what it holds that our model does not keep."""
    where = display_path(path)
    document = _parse(path, where)
    reader = _Reader(where, document)
    body = reader.child(reader.child(document.root, "text"), "body")
    concepts = [reader.concept(entry) for entry in reader.children(body, reader.names.concept)]
    termbase = Termbase(tuple(concepts), where)
    validate(termbase)
    return Imported(termbase, reader.unused(body), tuple(f"{k} ({n})" for k, n in reader.readings.items()))


@dataclass(frozen=True)
class _Document:
    """A parsed TBX file: its root element and the line each element's start tag is on."""

    root: Element
    lines: dict[Element, int]


# What expat does not read by itself, decoded here: UTF-32, and UTF-16 with a byte order mark
# (the mark wins over an encoding declaration that says otherwise, as it did with libxml2).
_DECODED = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
MAX_DEPTH = 256  # what libxml2 (lxml) allowed; TBX-Basic nests about 10 deep


def _parse(path: Path, where: str) -> _Document:
    """The file's XML tree; entities are refused where the parser meets them, before any is read."""
    data = reading.read_bytes(path, "TBX file")  # a regular file of bounded size; a FIFO would never end
    text = _decoded(data, where)
    builder = TreeBuilder()  # no comments, no processing instructions: they are not data
    lines: dict[Element, int] = {}
    opened: list[tuple[str, int]] = []  # (name, line) of the elements not yet closed
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    # No DTD is read (the external subset is never fetched) and no entity declared or expanded:
    # a TBX file is data, never a way to read other files or to grow a few bytes into gigabytes.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def here() -> Location:
        return Location(where, parser.CurrentLineNumber)

    def start(name: str, attrs: dict[str, str]) -> None:
        if len(opened) >= MAX_DEPTH:
            raise GlossaryError(
                f"elements nested more than {MAX_DEPTH} deep; TBX-Basic needs about 10", here()
            )
        element = builder.start(_expanded(name), {_expanded(k): v for k, v in attrs.items()})
        lines[element] = parser.CurrentLineNumber
        opened.append((name.rpartition("}")[2], parser.CurrentLineNumber))

    def end(name: str) -> None:
        builder.end(_expanded(name))
        opened.pop()

    def declared(*_: Any) -> NoReturn:
        raise GlossaryError(
            "the file declares an XML entity (<!ENTITY ...>); entities are refused, as they can read "
            "other files or expand without end: remove the DOCTYPE's internal subset",
            here(),
        )

    def used(name: str, *_: Any) -> NoReturn:
        raise GlossaryError(
            f"the file uses the XML entity &{name};, and entities are refused (they can read "
            "other files or expand without end); write the text itself instead",
            here(),
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = declared
    parser.SkippedEntityHandler = used  # a reference to an entity declared in an unread DTD
    parser.ExternalEntityRefHandler = lambda *_: used("(external)")
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        tag, line = opened[-1] if opened else ("", 0)
        if tag and message == expat.errors.XML_ERROR_TAG_MISMATCH:
            message += f": <{tag}> of line {line} is closed by another end tag"
        elif tag and message in (expat.errors.XML_ERROR_NO_ELEMENTS, expat.errors.XML_ERROR_UNCLOSED_TOKEN):
            message = f"the file ends inside <{tag}> of line {line}; is it cut short?"
        raise GlossaryError(
            f"invalid XML: {message} (column {exc.offset + 1})", Location(where, exc.lineno)
        ) from None
    return _Document(builder.close(), lines)


def _decoded(data: bytes, where: str) -> bytes | str:
    """data as expat gets it: bytes it reads itself, or text decoded here (see _DECODED)."""
    for mark, codec in _DECODED:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                line = data[: exc.start].decode(codec, "replace").count("\n") + 1
                name = codec[:6].upper()
                raise GlossaryError(
                    f"invalid XML: the file starts as {name} but is not {name} throughout; "
                    f"save it again as {name} (or UTF-8)",
                    Location(where, line),
                ) from None
    return data


def _expanded(name: str) -> str:
    """expat's `namespace}local` as ElementTree's `{namespace}local`."""
    return "{" + name if "}" in name else name


def _local(element: Element) -> str:
    return element.tag.rpartition("}")[2]


class _Reader:
    """Walks a parsed TBX tree into our model; every failure names the element's line."""

    def __init__(self, where: str, document: _Document) -> None:
        self.where = where
        self.lines = document.lines
        root = document.root
        self.parents = {child: parent for parent in root.iter() for child in parent}
        self.readings: dict[str, int] = {}
        self.used: set[Element] = set()
        ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
        name = _local(root)
        if name == "martif" and not ns:
            kind = root.get("type", "")
            if kind not in V2_TYPES:
                raise self.fail(
                    f'unknown TBX v2 dialect <martif type="{kind}">; supported: {SUPPORTED}', root
                )
            self.names = _Names.V2
            return
        if name != "tbx" or ns not in NAMESPACES:
            version = " (TBX v1? only v2 and v3 are read)" if name in ("tbx", "martif") else ""
            raise self.fail(
                f"not a TBX file this tool reads: the root element is <{name}> in namespace "
                f"{ns or 'none'!r}{version}; supported: {SUPPORTED}",
                root,
            )
        if root.get("style", "dca") != "dca":
            raise self.fail(
                f"only DCA-style TBX v3 can be read, this file has style={root.get('style')!r}; "
                f"supported: {SUPPORTED}",
                root,
            )
        kind = root.get("type", "TBX-Basic")
        if kind not in ("TBX-Basic", "TBX-Core"):
            raise self.fail(f'unknown TBX dialect type="{kind}"; supported: {SUPPORTED}', root)
        self.names = _Names(ns, "conceptEntry", "langSec", ("termSec",))

    def fail(self, message: str, element: Element) -> GlossaryError:
        return GlossaryError(message, self.at(element))

    def at(self, element: Element) -> Location:
        return Location(self.where, self.lines.get(element, 0))

    def read(self, what: str) -> None:
        self.readings[what] = self.readings.get(what, 0) + 1

    def children(self, parent: Element, name: str, **attrs: str) -> Iterator[Any]:
        tag = self.names.tag(name)
        for child in parent:
            if child.tag == tag and all(child.get(k) == v for k, v in attrs.items()):
                self.used.add(child)
                yield child

    def child(self, parent: Element, name: str) -> Any:
        found = next(self.children(parent, name), None)
        if found is None:
            raise self.fail(f"<{_local(parent)}> needs a <{name}>", parent)
        return found

    def unused(self, body: Element) -> tuple[str, ...]:
        """What the body holds that was not read into the model, counted by kind."""
        counts: dict[str, int] = {}
        for element in body.iter():
            parent = self.parents[element] if element is not body else None
            if element in self.used or parent is None or (parent not in self.used and parent is not body):
                continue  # read, or inside something counted already
            if _local(parent) in _TEXT_HOLDERS:
                continue  # markup inside a text that was read
            name = _local(element)
            label = f"{name} {element.get('type')}" if element.get("type") else name
            if label == "descrip definition":
                holder = self.parents.get(element)
                while holder is not None and not holder.get(XML_LANG):
                    holder = self.parents.get(holder)
                label = f"definition in {holder.get(XML_LANG) if holder is not None else '?'}"
            counts[label] = counts.get(label, 0) + 1
        return tuple(f"{label} ({n})" for label, n in counts.items())

    def concept(self, entry: Element) -> Concept:
        cid = (entry.get("id") or "").strip()
        kind = self.names.concept
        if not cid:
            raise self.fail(f'{kind} without an id; give it id="lower_snake_case"', entry)
        if not IDENTIFIER.match(cid):
            raise self.fail(
                f"concept id {cid!r} must be lower_snake_case (a-z, 0-9, _) to be a termbase id",
                entry,
            )
        relations = tuple(self.relation(ref, cid) for ref in self.children(entry, "ref"))
        terms: list[Term] = []
        definition = self.definition(entry)
        for sec in self.children(entry, self.names.language):
            lang = self.language(sec, cid)
            if lang == SOURCE_LANGUAGE and not definition:
                definition = self.definition(sec)
            tags = {self.names.tag(name) for name in self.names.terms}
            sections = [child for child in sec if child.tag in tags]  # tig and ntig in file order
            self.used.update(sections)
            found = [self.term(tsec, lang, cid) for tsec in sections]
            terms.extend(self.statuses(found, lang, cid))
        if SOURCE_LANGUAGE not in {t.lang for t in terms}:
            raise self.fail(
                f"concept {cid!r} has no {SOURCE_LANGUAGE!r} terms; the source language is required: "
                f'add a <{self.names.language} xml:lang="{tbx_lang(SOURCE_LANGUAGE)}"> with its preferred term',
                entry,
            )
        if not definition:
            raise self.fail(
                f'concept {cid!r} has no English definition; add <descrip type="definition"> '
                f'to its <{self.names.language} xml:lang="{SOURCE_LANGUAGE}">',
                entry,
            )
        return Concept(
            id=cid,
            definition=definition,
            note=self.notes(entry),
            relations=relations,
            terms=tuple(terms),
            location=self.at(entry),
        )

    def statuses(self, terms: list[Term], lang: str, cid: str) -> list[Term]:
        """Terms without an administrativeStatus: the first one preferred if none is, else admitted."""
        if all(t.status for t in terms):
            return terms
        has_preferred = any(t.status == "preferred" for t in terms)
        out = []
        for term in terms:
            if not term.status:
                status = "admitted" if has_preferred else "preferred"
                has_preferred = True
                self.read(f"a term without administrativeStatus read as {status}")
                term = replace(term, status=status)
            out.append(term)
        return out

    def definition(self, parent: Element) -> str:
        """The first English definition directly in parent or in one of its descripGrps."""
        english = tbx_lang(SOURCE_LANGUAGE)
        for holder in [parent, *self.children(parent, "descripGrp")]:
            for descrip in self.children(holder, "descrip", type="definition"):
                if descrip.get(XML_LANG, english) == english and _text(descrip):
                    return _text(descrip)
                self.used.discard(descrip)  # another language's: reported as not kept
        return ""

    def relation(self, ref: Element, cid: str) -> Relation:
        if ref.get("type") != "crossReference":
            raise self.fail(
                f'unknown <ref type="{ref.get("type")}"> in concept {cid!r}; '
                'TBX-Basic has only type="crossReference"',
                ref,
            )
        target = (ref.get("target") or "").strip()
        if not target:
            raise self.fail(
                f"crossReference of concept {cid!r} has no target; "
                "set target to the id of the other concept entry",
                ref,
            )
        rtype = _text(ref)
        return Relation(rtype if rtype in RELATION_TYPES else "related", target, self.at(ref))

    def language(self, sec: Element, cid: str) -> str:
        tag = sec.get(XML_LANG)
        if not tag:
            raise self.fail(f"{self.names.language} of concept {cid!r} has no xml:lang", sec)
        lang = str(tag).strip().replace("-", "_")
        try:
            locale(lang)
        except ValueError as exc:
            raise self.fail(f"unknown language {tag!r} in concept {cid!r}: {exc}", sec) from None
        return lang

    def term(self, tsec: Element, lang: str, cid: str) -> Term:
        holders = [tsec, *self.children(tsec, "termGrp")]  # v2's ntig keeps term and termNotes in a termGrp
        element = next((e for h in holders for e in self.children(h, "term")), None)
        if element is None:
            raise self.fail(f"a {lang} term entry of concept {cid!r} has no <term>", tsec)
        text = unicodedata.normalize("NFC", _text(element))
        if not text:
            raise self.fail(f"a {lang} <term> of concept {cid!r} is empty", element)
        statuses = [s for h in holders for s in self.children(h, "termNote", type="administrativeStatus")]
        status = ""
        if statuses:
            value = _text(statuses[0])
            if value in STATUS_SYNONYMS:
                self.read(f"{value} read as {STATUS_SYNONYMS[value]}")
                status = STATUS_SYNONYMS[value]
            elif value in STATUS_OF:
                status = STATUS_OF[value]
            else:
                known = [*ADMIN_STATUS.values(), *STATUS_SYNONYMS]
                raise self.fail(
                    f"unknown administrativeStatus {value!r} of {lang} term {text!r}; "
                    f"use one of: {', '.join(known)}",
                    statuses[0],
                )
        notes: list[str] = []
        forms: list[str] = []
        contexts: list[tuple[str, Element]] = []
        for note in (n for h in holders for n in self.children(h, "note")):
            marked = list(self.children(note, "foreign"))
            flat = _text(note)
            if flat.startswith(CONTEXT_LABEL):
                contexts.append((flat[len(CONTEXT_LABEL) :].strip(), note))
            elif marked:
                forms.extend(unicodedata.normalize("NFC", _text(f)) for f in marked)
            elif flat.startswith(FORM_LABEL):
                forms.append(unicodedata.normalize("NFC", flat[len(FORM_LABEL) :].strip()))
            elif flat:
                notes.append(flat)
        every = (text, *(f for f in forms if f))
        return Term(
            text=text,
            lang=lang,
            status=status,
            note="\n".join(notes),
            forms=tuple(f for f in forms if f),
            location=self.at(tsec),
            correct_in=tuple(collocation(c, every, lang, self.at(n)) for c, n in contexts if c),
        )

    def notes(self, parent: Element) -> str:
        return "\n".join(t for t in (_text(n) for n in self.children(parent, "note")) if t)


def _text(element: Element) -> str:
    return "".join(element.itertext()).strip()


# --- merge into the termbase YAML ------------------------------------------------------------

CONCEPT_KEYS = ("id", "definition", "note", "relations", "terms")
TERM_KEYS = ("term", "status", "forms", "note", "correct_in")
FOLD_WIDTH = 84


@dataclass(frozen=True)
class Difference:
    """One thing an import added, changed or kept, as data; str() is the line a person reads.

    old and new are None where they do not apply: an added term has no old value, a kept
    term (in the YAML, not in the TBX) no new one.
    """

    concept: str
    field: str  # concept, definition, note, relation, term, status, forms, correct_in
    lang: str = ""
    term: str = ""
    target: str = ""  # of a relation
    old: str | None = None
    new: str | None = None

    def __str__(self) -> str:
        if self.field == "concept":
            return f"concept {self.concept}"
        parts = [self.concept]
        if self.term:
            parts.append(f"{self.lang} term {self.term!r}")
        if self.target:
            parts.append(f"relation to {self.target}")
        if self.field not in ("term", "relation"):
            parts.append(self.field)
        subject = ": ".join(parts)
        if self.old is not None and self.new is not None:
            return f"{subject}: {self.old!r} -> {self.new!r}"
        value = self.new if self.new is not None else self.old
        return f"{subject} ({value})" if value else subject


@dataclass(frozen=True)
class Report:
    """What an import did to the termbase: added, changed, and kept (in the YAML, not the TBX)."""

    path: str
    added: tuple[Difference, ...] = ()
    changed: tuple[Difference, ...] = ()
    kept: tuple[Difference, ...] = ()
    not_kept: tuple[str, ...] = ()  # in the TBX, with no place in the termbase: "termNote partOfSpeech (3)"
    readings: tuple[
        str, ...
    ] = ()  # how the TBX was read where it differs: "supersededTerm-admn-sts read as forbidden (1)"

    @property
    def written(self) -> bool:
        return bool(self.added or self.changed)


def import_tbx(termbase_path: Path, tbx_path: Path) -> Report:
    """Read a TBX file and merge it into the termbase YAML; the report says what was not kept."""
    imported = read_tbx(tbx_path)
    report = merge_into_yaml(termbase_path, imported.termbase)
    return replace(report, not_kept=imported.not_kept, readings=imported.notes)


def merge_into_yaml(termbase_path: Path, incoming: Termbase) -> Report:
    """Merge incoming into the termbase YAML in place, keeping comments and layout; never deletes.

    Concepts and terms are matched by id and by (language, normalised text). Values the TBX
    has and the YAML lacks or differs on are written; a note, forms or relation the TBX lacks
    is kept. The merged file is validated before it replaces the old one.
    """
    current = load_termbase(termbase_path)
    if termbase_path.suffix not in (".yaml", ".yml"):
        raise GlossaryError("only a YAML termbase can be merged into", Location(current.path))
    text = read_text(termbase_path)
    yaml = _yaml(text)
    doc = yaml.load(text)
    merge = _Merge(current, doc["concepts"])
    for concept in incoming:
        merge.concept(concept)
    incoming_ids = {c.id for c in incoming}
    kept = [Difference(c.id, "concept") for c in current if c.id not in incoming_ids]
    report = Report(
        display_path(termbase_path),
        tuple(merge.added),
        tuple(merge.changed),
        tuple(merge.kept + kept),
    )
    if report.written:
        out = io.StringIO()
        yaml.dump(doc, out)
        _replace_validated(termbase_path, out.getvalue(), incoming.path)
    return report


def _yaml(text: str) -> YAML:
    """A round-trip YAML that writes back unchanged what it read (quotes, indents, long lines)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap flow mappings; folded definitions keep their own breaks
    _, sequence, offset = load_yaml_guess_indent(text)
    yaml.indent(mapping=2, sequence=sequence or 4, offset=offset if offset is not None else 2)
    return yaml


def _replace_validated(path: Path, text: str, source: str) -> None:
    """Write text over path only if it loads as a termbase; a failure leaves path untouched."""
    where = Location(display_path(path))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise GlossaryError(f"cannot write next to the termbase: {exc.strerror}", where) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        try:
            load_termbase(tmp)
        except GlossaryError as exc:
            line = exc.location.line if exc.location else 0
            at = f" (line {line} of the merged file)" if line else ""
            raise GlossaryError(
                f"importing {source or 'the TBX'} would make the termbase invalid, "
                f"nothing was written: {exc.message}{at}",
                where,
            ) from None
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise GlossaryError(f"cannot write the termbase: {exc.strerror}", where) from None
    finally:
        tmp.unlink(missing_ok=True)


class _Merge:
    """Applies incoming concepts to the round-trip YAML sequence, recording what it did."""

    def __init__(self, current: Termbase, seq: CommentedSeq) -> None:
        self.current = current
        self.seq = seq
        self.added: list[Difference] = []
        self.changed: list[Difference] = []
        self.kept: list[Difference] = []

    def concept(self, new: Concept) -> None:
        if new.id not in self.current:
            self.seq.fa.set_block_style()
            self.seq.append(_new_concept(new))
            if len(self.seq) > 1:  # a blank line between concepts, as in the rest of the file
                self.seq.yaml_set_comment_before_after_key(len(self.seq) - 1, before="\n")
            self.added.append(Difference(new.id, "concept"))
            return
        old = self.current.concept(new.id)
        node = next(m for m in self.seq if _same(m.get("id"), new.id))
        if new.definition != old.definition:
            node["definition"] = _folded(new.definition)
            self.changed.append(Difference(new.id, "definition", old=old.definition, new=new.definition))
        self.text(node, Difference(new.id, "note", old=old.note, new=new.note), CONCEPT_KEYS)
        self.relations(node, old, new)
        for term in new.terms:
            self.term(node, old, term)
        seen = {(t.lang, normalize(t.text)) for t in new.terms}
        for term in old.terms:
            if (term.lang, normalize(term.text)) not in seen:
                self.kept.append(Difference(new.id, "term", term.lang, term.text, old=term.status))

    def relations(self, node: CommentedMap, old: Concept, new: Concept) -> None:
        """Match relations by target (an exact match first), so a new type is a change."""
        if new.relations and "relations" not in node:
            _insert(node, "relations", CommentedSeq(), CONCEPT_KEYS)
        unmatched = list(old.relations)
        incoming: list[Relation] = []
        for rel in new.relations:
            exact = next((r for r in unmatched if (r.target, r.type) == (rel.target, rel.type)), None)
            if exact is None:
                incoming.append(rel)
            else:
                unmatched.remove(exact)
        changes: list[tuple[Relation, Relation]] = []
        for rel in incoming:
            before = next((r for r in unmatched if r.target == rel.target), None)
            if before is None:
                node["relations"].append(_flow({"type": rel.type, "target": rel.target}))
                self.added.append(Difference(new.id, "relation", target=rel.target, new=rel.type))
            else:
                unmatched.remove(before)
                changes.append((before, rel))
        items = list(node.get("relations") or ())
        for before, rel in changes:
            item = next(
                i for i in items if _same(i.get("target"), rel.target) and _same(i.get("type"), before.type)
            )
            item["type"] = rel.type
            self.changed.append(
                Difference(new.id, "relation", target=rel.target, old=before.type, new=rel.type)
            )
        for rel in unmatched:
            self.kept.append(Difference(new.id, "relation", target=rel.target, old=rel.type))

    def term(self, node: CommentedMap, concept: Concept, new: Term) -> None:
        terms: CommentedMap = node["terms"]
        key = normalize(new.text)
        old = next((t for t in concept.terms_in(new.lang) if normalize(t.text) == key), None)
        if old is None:
            if new.lang not in terms:
                terms[new.lang] = CommentedSeq()
            terms[new.lang].append(_new_term(new))
            self.added.append(Difference(concept.id, "term", new.lang, new.text, new=new.status))
            return
        item = next(i for i in terms[new.lang] if normalize(str(i.get("term", ""))) == key)
        cid, lang, text = concept.id, new.lang, old.text
        if new.text != old.text:
            item["term"] = _flow_scalar(new.text)
            self.changed.append(Difference(cid, "term", lang, text, old=old.text, new=new.text))
        if new.status != old.status:
            item["status"] = new.status
            self.changed.append(Difference(cid, "status", lang, text, old=old.status, new=new.status))
        old_forms, new_forms = _join(old.forms), _join(new.forms)
        if new.forms and new.forms != old.forms:
            _insert(item, "forms", _flow_seq(new.forms), TERM_KEYS)
            self.changed.append(Difference(cid, "forms", lang, text, old=old_forms, new=new_forms))
        elif old.forms and not new.forms:
            self.kept.append(Difference(cid, "forms", lang, text, old=old_forms))
        old_contexts, new_contexts = [c.text for c in old.correct_in], [c.text for c in new.correct_in]
        if new_contexts and new_contexts != old_contexts:
            _insert(item, "correct_in", CommentedSeq(new_contexts), TERM_KEYS)
            self.changed.append(
                Difference(cid, "correct_in", lang, text, old=_join(old_contexts), new=_join(new_contexts))
            )
        elif old_contexts and not new_contexts:
            self.kept.append(Difference(cid, "correct_in", lang, text, old=_join(old_contexts)))
        self.text(item, Difference(cid, "note", lang, text, old=old.note, new=new.note), TERM_KEYS)

    def text(self, node: CommentedMap, diff: Difference, keys: Sequence[str]) -> None:
        """A free-text field: written when the TBX has a different value, kept when it has none."""
        if diff.new and diff.new != diff.old:
            value = _flow_scalar(diff.new) if node.fa.flow_style() else diff.new
            _insert(node, diff.field, value, keys)
            self.changed.append(diff)
        elif diff.old and not diff.new:
            self.kept.append(replace(diff, new=None))


def _same(value: Any, text: str) -> bool:
    return isinstance(value, str) and value.strip() == text


def _new_concept(concept: Concept) -> CommentedMap:
    node = CommentedMap()
    node["id"] = concept.id
    node["definition"] = _folded(concept.definition)
    if concept.note:
        node["note"] = concept.note
    if concept.relations:
        node["relations"] = CommentedSeq(
            _flow({"type": r.type, "target": r.target}) for r in concept.relations
        )
    terms = CommentedMap()
    for lang in concept.languages:
        terms[lang] = CommentedSeq(_new_term(t) for t in concept.terms_in(lang))
    node["terms"] = terms
    return node


def _new_term(term: Term) -> CommentedMap:
    fields: dict[str, Any] = {"term": term.text, "status": term.status}
    if term.forms:
        fields["forms"] = _flow_seq(term.forms)
    if term.note:
        fields["note"] = term.note
    if term.correct_in:
        fields["correct_in"] = _flow_seq([c.text for c in term.correct_in])
    return _flow(fields)


def _flow(fields: dict[str, Any]) -> CommentedMap:
    node = CommentedMap({k: _flow_scalar(v) if isinstance(v, str) else v for k, v in fields.items()})
    node.fa.set_flow_style()
    return node


def _flow_seq(items: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(_flow_scalar(item) for item in items)
    seq.fa.set_flow_style()
    return seq


def _flow_scalar(text: str) -> str:
    """text as ruamel would write it inside {...} or [...], double-quoted where that would misread.

    ruamel writes some texts plain in flow context that no YAML reader takes back (`: <`,
    `?a`, `-x`): whatever does not read back as itself is quoted.
    """
    if isinstance(text, DoubleQuotedScalarString) or not _INDICATORS.search(text) or _reads_back(text):
        return text
    quoted: str = DoubleQuotedScalarString(text)
    return quoted


# Characters that give YAML syntax a meaning; a text without any is plain in every context.
_INDICATORS = re.compile(r"""[-?:,\[\]{}#&*!|>'"%@`\\]|^\s|\s$|\n""")


@functools.lru_cache(maxsize=4096)
def _reads_back(text: str) -> bool:
    """Whether text, written in a flow mapping and a flow sequence, reads back as itself."""
    seq = CommentedSeq([text])
    seq.fa.set_flow_style()
    mapping = CommentedMap({"n": text, "s": seq})
    mapping.fa.set_flow_style()
    out = io.StringIO()
    YAML(typ="rt").dump({"k": mapping}, out)
    expected = {"k": {"n": text, "s": [text]}}
    try:
        read_by_ruamel = YAML(typ="safe", pure=True).load(out.getvalue())
        read_by_libyaml = yaml.load(out.getvalue(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # any reader's complaint means: quote it
        return False
    return bool(read_by_ruamel == expected == read_by_libyaml)


def _insert(node: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set key, placing a new key where the file's usual key order puts it."""
    if key in node:
        node[key] = value
        return
    rank = order.index(key)
    position = sum(1 for k in node if k in order and order.index(k) < rank)
    node.insert(position, key, value)


_FOLDABLE = re.compile(r"^[^\s](?:.*[^\s])?$", re.DOTALL)


def _folded(text: str, width: int = FOLD_WIDTH) -> str:
    """A long single-line text as a `>-` block folded at width, like the hand-written entries."""
    if len(text) <= width or "\n" in text or not _FOLDABLE.match(text) or not text.isprintable():
        return text
    folds: list[int] = []
    start, candidate = 0, -1
    for i, ch in enumerate(text):
        if ch != " " or text[i - 1] == " " or text[i + 1] == " ":
            continue
        if i - start > width and candidate > start:
            folds.append(candidate)
            start = candidate + 1
        candidate = i
    if len(text) - start > width and candidate > start:
        folds.append(candidate)
    if not folds:
        return text
    folded: str = FoldedScalarString(text)
    folded.fold_pos = folds  # type: ignore[attr-defined]  # where ruamel breaks the lines
    return folded


def _join(items: Sequence[str]) -> str:
    return ", ".join(items)
