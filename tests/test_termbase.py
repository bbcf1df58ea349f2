"""The termbase: the real locales/termbase.yaml, and every loader error with its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.errors import GlossaryError
from glossary.termbase import Concept, Termbase, load_termbase, normalize

ROOT = Path(__file__).resolve().parents[1]
TERMBASE = ROOT / "locales" / "termbase.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "termbase"

LANGUAGES = ("en", "es", "he")

# Other code (rules, pages, checks) refers to these ids.
CONCEPT_IDS = {
    "crm",
    "contact",
    "lead",
    "opportunity",
    "customer",
    "qualification",
    "need",
    "ability_to_pay",
    "timing",
    "decision_authority",
    "influencer",
    "relationship",
    "requirements",
    "payment_terms",
    "contract",
    "current_supplier",
    "sales_funnel",
    "conversion",
    "bant",
}

# The renderings of sales "lead" that domain.md names as mistranslations.
FORBIDDEN_LEAD = [
    ("es", "plomo"),
    ("es", "líder"),
    ("es", "liderazgo"),
    ("es", "ventaja"),
    ("he", "עופרת"),
    ("he", "מוביל"),
    ("he", "הובלה"),
]


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return load_termbase(TERMBASE)


def relation_pairs(concept: Concept) -> set[tuple[str, str]]:
    return {(rel.type, rel.target) for rel in concept.relations}


# The real termbase


def test_every_concept_id_other_code_uses_is_present(termbase: Termbase) -> None:
    missing = CONCEPT_IDS - {c.id for c in termbase}
    assert not missing, f"termbase lacks concepts: {sorted(missing)}"


def test_termbase_covers_the_three_languages(termbase: Termbase) -> None:
    assert termbase.languages == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_concept_has_exactly_one_preferred_term(termbase: Termbase, lang: str) -> None:
    counts = {c.id: len(c.terms_in(lang, "preferred")) for c in termbase}
    wrong = {cid: n for cid, n in counts.items() if n != 1}
    assert not wrong, f"{lang}: concepts without exactly one preferred term: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_term_is_preferred_by_two_concepts(termbase: Termbase, lang: str) -> None:
    owners: dict[str, list[str]] = {}
    for concept in termbase:
        owners.setdefault(normalize(concept.preferred(lang).text), []).append(concept.id)
    shared = {term: ids for term, ids in owners.items() if len(ids) > 1}
    assert not shared, f"{lang}: preferred by more than one concept: {shared}"


@pytest.mark.parametrize(("lang", "text"), FORBIDDEN_LEAD)
def test_known_mistranslations_of_lead_are_forbidden(termbase: Termbase, lang: str, text: str) -> None:
    forbidden = {t.text: t for t in termbase.concept("lead").terms_in(lang, "forbidden")}
    assert text in forbidden
    assert forbidden[text].note, f"forbidden {lang} term {text!r} must say why"


def test_every_forbidden_term_says_why(termbase: Termbase) -> None:
    silent = [
        f"{c.id}/{t.lang}/{t.text}"
        for c in termbase
        for t in c.terms
        if t.status == "forbidden" and not t.note
    ]
    assert not silent


def test_sales_teams_words_for_lead_and_opportunity(termbase: Termbase) -> None:
    lead, opportunity = termbase.concept("lead"), termbase.concept("opportunity")
    assert lead.preferred("es").text == "lead"
    assert "cliente potencial" in {t.text for t in lead.terms_in("es", "admitted")}
    assert lead.preferred("he").text == "ליד"
    assert "לידים" in lead.preferred("he").forms
    assert opportunity.preferred("es").text == "oportunidad"
    assert opportunity.preferred("he").text == "הזדמנות"


def test_crm_stays_crm_in_every_language(termbase: Termbase) -> None:
    crm = termbase.concept("crm")
    assert {crm.preferred(lang).text for lang in LANGUAGES} == {"CRM"}


def test_lead_becomes_opportunity(termbase: Termbase) -> None:
    assert ("becomes", "opportunity") in relation_pairs(termbase.concept("lead"))
    assert ("is_a", "lead") in relation_pairs(termbase.concept("opportunity"))
    assert ("becomes", "customer") in relation_pairs(termbase.concept("opportunity"))


@pytest.mark.parametrize("criterion", ["need", "ability_to_pay", "timing", "decision_authority"])
def test_lead_criteria_are_part_of_bant(termbase: Termbase, criterion: str) -> None:
    assert ("part_of", "bant") in relation_pairs(termbase.concept(criterion))


def test_influencer_is_related_to_decision_authority(termbase: Termbase) -> None:
    assert ("related", "decision_authority") in relation_pairs(termbase.concept("influencer"))


def test_terms_keep_their_line(termbase: Termbase) -> None:
    lines = TERMBASE.read_text(encoding="utf-8").splitlines()
    for term in termbase.concept("lead").terms:
        assert term.location is not None
        assert term.text in lines[term.location.line - 1]


# Fixtures: one file that loads, one file per loader error


def test_minimal_termbase_loads() -> None:
    termbase = load_termbase(FIXTURES / "valid.yaml")
    assert [c.id for c in termbase] == ["lead", "opportunity"]
    assert termbase.languages == LANGUAGES
    lead = termbase.concept("lead")
    assert lead.preferred("he").all_forms == ("ליד", "לידים")
    assert [t.text for t in lead.terms_in("es", "forbidden")] == ["plomo"]
    assert relation_pairs(lead) == {("becomes", "opportunity")}


@pytest.mark.parametrize(
    ("fixture", "line", "fragments"),
    [
        pytest.param(
            "unknown_language.yaml",
            7,
            ["unknown language code in concept 'lead'", "'sp' is not a locale CLDR knows"],
            id="unknown-language",
        ),
        pytest.param(
            "duplicate_id.yaml",
            12,
            ["duplicate concept id 'lead'", "duplicate_id.yaml:2)", "merge the two entries"],
            id="duplicate-concept-id",
        ),
        pytest.param(
            "preferred_and_forbidden.yaml",
            10,
            ["es term 'Lead' of 'lead' is both preferred (line 8) and forbidden"],
            id="preferred-and-forbidden",
        ),
        pytest.param(
            "missing_relation_target.yaml",
            6,
            ["relation 'becomes' of 'lead' points to missing concept 'oportunity'"],
            id="relation-to-missing-concept",
        ),
        pytest.param(
            "no_preferred.yaml",
            8,
            ["concept 'lead' has no preferred term in 'he'"],
            id="no-preferred-term",
        ),
        pytest.param(
            "malformed.yaml",
            7,
            ["invalid YAML: mapping values are not allowed here"],
            id="malformed-yaml",
        ),
        pytest.param(
            "unknown_key.yaml",
            8,
            ["unknown key 'plural'", "expected one of: term, status, note, forms"],
            id="unknown-key",
        ),
        pytest.param(
            "unknown_status.yaml",
            9,
            ["unknown term status 'deprecated'", "use one of: preferred, admitted, forbidden"],
            id="unknown-status",
        ),
    ],
)
def test_loader_error_says_what_and_where(fixture: str, line: int, fragments: list[str]) -> None:
    with pytest.raises(GlossaryError) as caught:
        load_termbase(FIXTURES / fixture)
    err = caught.value
    for fragment in fragments:
        assert fragment in err.message
    assert err.location is not None
    assert err.location.path.endswith(fixture)
    assert err.location.line == line
    assert str(err).startswith(f"{err.location.path}:{line}: ")


# Concepts the pages and the quiz use beyond the stages (issue 10, item 4)

SITE_CONCEPTS = ["prospect", "signal", "mql", "sql", "disqualified", "pipeline"]


@pytest.mark.parametrize("concept_id", SITE_CONCEPTS)
def test_concepts_the_site_uses_have_terms_in_every_language(termbase: Termbase, concept_id: str) -> None:
    concept = termbase.concept(concept_id)
    assert concept.definition
    for lang in LANGUAGES:
        assert concept.terms_in(lang, "preferred"), (concept_id, lang)
        assert concept.terms_in(lang, "admitted"), (concept_id, lang)
    for lang in ("es", "he"):  # what translation gets wrong is recorded where it goes wrong
        assert concept.terms_in(lang, "forbidden"), (concept_id, lang)


def test_pipeline_is_not_the_funnel(termbase: Termbase) -> None:
    funnel = {t.text for t in termbase.concept("sales_funnel").terms}
    pipeline = {t.text for t in termbase.concept("pipeline").terms}
    assert not funnel & pipeline
    assert ("related", "sales_funnel") in relation_pairs(termbase.concept("pipeline"))


def test_hebrew_qualification_is_screening_not_certification(termbase: Termbase) -> None:
    qualification = termbase.concept("qualification")
    assert qualification.preferred("he").text == "סינון לידים"
    forbidden = {t.text for t in qualification.terms_in("he", "forbidden")}
    assert {"הסמכת לידים", "הסמכה", "הכשרת לידים"} <= forbidden
