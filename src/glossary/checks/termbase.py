"""Termbase rules: the concept records themselves, across concepts and languages."""

from __future__ import annotations

from collections.abc import Iterator

from glossary.checks.base import ERROR, WARNING, Problem, rule
from glossary.checks.inputs import ProjectData
from glossary.termbase import Term, normalize


@rule("TBS001", "termbase-invalid", ERROR, "project")
def termbase_invalid(data: ProjectData) -> Iterator[Problem]:
    """The termbase cannot be loaded.

    ## What it does
    Reports the first problem that stops `locales/termbase.yaml` loading, with its line:
    invalid YAML, an unknown key or status, a concept without an English term or without a
    preferred term in a language, two preferred terms, a relation to a missing concept, a
    duplicate id.

    ## Why it matters
    Every page, glossary entry and terminology check is derived from the termbase; none of
    the terminology rules can run without it.

    ## Example
    ```yaml
    terms:
      es:
        - {term: lead, status: prefered}
    ```
    is `unknown term status 'prefered'`; write `status: preferred`.
    """
    if data.termbase_error:
        yield data.termbase_error


def _accepted(data: ProjectData, lang: str) -> dict[str, list[tuple[str, Term]]]:
    out: dict[str, list[tuple[str, Term]]] = {}
    assert data.termbase is not None
    for concept in data.termbase:
        for term in concept.terms_in(lang, "preferred", "admitted"):
            out.setdefault(normalize(term.text), []).append((concept.id, term))
    return out


@rule("TBS002", "shared-preferred-term", ERROR, "project")
def shared_preferred_term(data: ProjectData) -> Iterator[Problem]:
    """Two concepts share one preferred term in a language.

    ## What it does
    Reports a preferred term that is also the preferred term of another concept in the same
    language (compared without case, after Unicode normalisation).

    ## Why it matters
    A reader cannot tell the two concepts apart, and the terminology checks cannot tell
    which one a text means. One concept, one preferred term, in every language.

    ## Example
    `lead` and `sales_lead` both preferring the Spanish `cliente potencial` is reported;
    make one of them `admitted`, or choose another term.
    """
    if data.termbase is None:
        return
    for lang in data.termbase.languages:
        first: dict[str, tuple[str, Term]] = {}
        for concept in data.termbase:
            for term in concept.terms_in(lang, "preferred"):
                key = normalize(term.text)
                if key in first and first[key][0] != concept.id:
                    other, earlier = first[key]
                    yield Problem(
                        f"{lang} term {term.text!r} is the preferred term of both {other!r} (line "
                        f"{earlier.location.line if earlier.location else '?'}) and {concept.id!r}",
                        location=term.location,
                    )
                first.setdefault(key, (concept.id, term))


@rule("TBS003", "missing-language", WARNING, "project")
def missing_language(data: ProjectData) -> Iterator[Problem]:
    """A concept has no terms in one of the project's languages.

    ## What it does
    Reports a concept that lists no terms for a locale the project translates into (a
    folder `locales/<lang>/LC_MESSAGES`).

    ## Why it matters
    That locale's glossary has no word for the concept, and translators have no guidance:
    each picks their own, and the terminology checks cannot help.

    ## Example
    A new locale `fr` and a concept `lead` without an `fr:` section is reported; add
    `fr: [{term: lead, status: preferred}]`.
    """
    if data.termbase is None:
        return
    for concept in data.termbase:
        missing = [lang for lang in data.locales if lang not in concept.languages]
        if missing:
            yield Problem(
                f"concept {concept.id!r} has no {', '.join(missing)} terms; add a section with a preferred term",
                location=concept.location,
            )


@rule("TBS004", "forbidden-and-accepted", WARNING, "project")
def forbidden_and_accepted(data: ProjectData) -> Iterator[Problem]:
    """A term is forbidden for one concept and accepted for another in the same language.

    ## What it does
    Reports a forbidden term that another concept lists as preferred or admitted.

    ## Why it matters
    The forbidden-term check would flag every correct use of the other concept. Usually the
    note belongs on the other concept, or the term needs a more precise form.

    ## Example
    Spanish `influencer` forbidden for `influencer` but admitted for `lead` is reported.
    """
    if data.termbase is None:
        return
    for lang in data.termbase.languages:
        accepted = _accepted(data, lang)
        for concept in data.termbase:
            for term in concept.terms_in(lang, "forbidden"):
                for other, _ in accepted.get(normalize(term.text), []):
                    if other != concept.id:
                        yield Problem(
                            f"{lang} term {term.text!r} is forbidden for {concept.id!r} but accepted for {other!r}",
                            location=term.location,
                        )
