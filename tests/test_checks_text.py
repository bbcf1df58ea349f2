"""How the checks read a translation: the shortcut for HTML-only text reads what markdown-it reads.

`text._tags_only` finds the HTML tags and autolinks of a text with no other markup without
parsing it; it must give exactly the html_inline and autolink tokens markdown-it gives,
on every Django message with a `<` and on random text made of the characters that matter.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.checks.text import _tags_only
from glossary.segment import inline_tokens

_SPEC = importlib.util.find_spec("django")
assert _SPEC is not None and _SPEC.origin
DJANGO = Path(_SPEC.origin).parent


def parsed(text: str) -> tuple[list[str], list[str]]:
    tokens = inline_tokens(text)
    html = [t.content for t in tokens if t.type == "html_inline"]
    links = [str(t.attrs["href"]) for t in tokens if t.type == "link_open" and t.markup == "autolink"]
    return html, links


def test_tags_only_on_django_messages() -> None:
    texts = set()
    paths = [
        *DJANGO.glob("conf/locale/[eh][se]/LC_MESSAGES/*.po"),
        *DJANGO.glob("contrib/*/locale/[eh][se]/LC_MESSAGES/*.po"),
    ]
    for path in sorted(paths):
        with path.open("rb") as fh:
            for message in read_po(fh):
                for text in (message.id, message.string):
                    for s in text if isinstance(text, (list, tuple)) else [text]:
                        if s and "<" in s:
                            texts.add(s)
    assert len(texts) > 50
    checked = 0
    for text in sorted(texts):
        tags = _tags_only(text)
        if tags is not None:
            assert tags == parsed(text), text
            checked += 1
    assert checked > 40


def test_tags_only_declines_other_markup() -> None:
    assert _tags_only("see [the page](x.md) and <b>this</b>") is None
    assert _tags_only("`<b>` is code") is None
    assert _tags_only(r"\<b> is escaped") is None
    assert _tags_only("<b>bold</b> and <https://example.com/a b>") == (["<b>", "</b>"], [])


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="<>/!?-a=b\"' :@.&*_\n\tAhtp[CD", max_size=24))
def test_tags_only_reads_what_markdown_it_reads(text: str) -> None:
    tags = _tags_only(text)
    if tags is not None:
        assert tags == parsed(text)
