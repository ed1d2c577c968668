"""Course glossary (ko <-> en) and the "what changed since 2020" lists."""

import dataclasses
import re

import pytest

from awsbasics import data, glossary
from awsbasics.glossary import Change, Changes, Glossary, Term, all_terms, changes, chapter_terms, lookup

CHAPTERS = [f"{n:02d}" for n in range(12)]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_8_to_20_terms(chapter):
    assert 8 <= len(chapter_terms(chapter).terms) <= 24


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_term_is_complete(chapter):
    for term in chapter_terms(chapter).terms:
        assert term.ko and term.en and term.definition, term
        assert HANGUL.search(term.ko), f"{term.ko!r} has no Hangul"
        assert not HANGUL.search(term.en + term.definition), f"{term.en!r}: English fields must be English"
        assert term.definition.endswith(".") and len(term.definition) <= 160, term.en
        assert term.aws_doc is None or term.aws_doc.startswith("https://"), term.en


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_term_has_a_korean_definition(chapter):
    """A learner reading in Korean gets each definition in Korean too: a Hangul sentence, not a copy of the English."""
    for term in chapter_terms(chapter).terms:
        assert HANGUL.search(term.definition_ko), f"{term.en!r} has no Korean definition"
        assert term.definition_ko.endswith(".") and len(term.definition_ko) <= 160, term.en
        assert term.definition_ko != term.definition, term.en


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_duplicate_english_terms_within_a_chapter(chapter):
    english = [t.en.casefold() for t in chapter_terms(chapter).terms]
    assert len(english) == len(set(english))


def test_every_name_finds_exactly_one_term():
    names = ["".join(n.split()).casefold() for t in all_terms() for n in (t.ko, t.en)]
    assert len(names) == len(set(names))


def test_data_file_names_the_course_and_its_date():
    document = data.load("glossary")
    assert document["as_of"] == "2020-07"
    assert "terminology only" in document["source"]
    assert list(document["chapters"]) == CHAPTERS


def test_chapter_terms_is_a_frozen_value():
    g = chapter_terms("01")
    assert isinstance(g, Glossary) and g.chapter == "01" and g.title == "Global infrastructure"
    assert g.title_ko == "AWS의 글로벌 인프라"
    assert isinstance(g.terms, tuple) and all(isinstance(t, Term) for t in g.terms)
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.title = "x"


@pytest.mark.parametrize(
    "query, ko, en",
    [
        ("리전", "리전", "Region"),
        ("region", "리전", "Region"),
        ("  AVAILABILITY zone ", "가용 영역", "Availability Zone"),
        ("가용영역", "가용 영역", "Availability Zone"),
        ("보안그룹", "보안 그룹", "Security group"),
        ("Over-provisioning", "오버 프로비저닝", "Over-provisioning"),
        ("서브넷", "서브넷", "Subnet"),
        ("엣지 로케이션", "엣지 로케이션", "Edge location"),
        ("온프레미스", "온프레미스", "On-premises"),
    ],
)
def test_lookup_by_korean_or_english(query, ko, en):
    term = lookup(query)
    assert (term.ko, term.en) == (ko, en)


def test_lookup_unknown_term_suggests_close_names():
    with pytest.raises(ValueError, match=r"^no glossary term 'Secruity group'; did you mean 'Security group'"):
        lookup("Secruity group")
    with pytest.raises(ValueError, match=r"^no glossary term 'zzzz'$"):
        lookup("zzzz")


@pytest.mark.parametrize("function", [chapter_terms, changes])
@pytest.mark.parametrize("chapter", ["12", "1", "", "chapter 01"])
def test_unknown_chapter_lists_valid_ids(function, chapter):
    with pytest.raises(ValueError, match=r"unknown chapter .*; valid chapter ids are 00, 01, 02, .*, 11$"):
        function(chapter)


@pytest.mark.parametrize("function", [chapter_terms, changes, lookup])
@pytest.mark.parametrize("bad", [1, None, ["01"]])
def test_wrong_type_is_a_type_error(function, bad):
    with pytest.raises(TypeError, match="must be a str"):
        function(bad)


def test_to_frame():
    frame = chapter_terms("03").to_frame()
    assert list(frame.columns) == ["korean", "english", "definition", "definition_ko"]
    assert len(frame) == len(chapter_terms("03").terms)
    assert frame.iloc[0].tolist()[:2] == ["서브넷", "Subnet"]


def test_glossary_displays_as_text_and_escaped_html():
    g = Glossary("99", "Test <chapter>", "시험", (Term("악성", "<script>alert(1)</script>", "A & B."),))
    bundle = g._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"].splitlines()[0] == "Chapter 99: Test <chapter> (시험)"
    assert re.search(r"^korean\s+english\s+definition\s+정의 \(Korean\)$", bundle["text/plain"], re.M)
    assert "<script>" not in bundle["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bundle["text/html"]
    assert "<caption>Chapter 99: Test &lt;chapter&gt; (시험)</caption>" in bundle["text/html"]


# --- changes ------------------------------------------------------------------

FAKE = {
    "alpha": {
        "grew": {
            "value": 3,
            "source": "https://example.com/a",
            "as_of": "2025-01",
            "course_2020": 2,
            "changed": "It is <b>three</b> now.",
            "chapter": "03",
        },
        "same": {"value": 1, "source": "https://example.com/b", "as_of": "2025-01"},
        "table": {"columns": ["a"], "rows": [[1]], "source": "https://example.com/c", "as_of": "2025-01"},
    },
    "infra": {
        "pops": {
            "value": 600,
            "display": "600+",
            "source": "javascript:alert(1)",
            "as_of": "2025-02",
            "course_2020": 200,
            "changed": "More PoPs.",
        },
    },
}


@pytest.fixture
def fake_facts(monkeypatch):
    real_load = data.load
    monkeypatch.setattr(glossary, "_fact_files", lambda: sorted(FAKE))
    monkeypatch.setattr(data, "load", lambda name: FAKE[name] if name in FAKE else real_load(name))


def test_changes_come_from_facts_with_a_course_2020_value(fake_facts):
    assert changes("03").rows == (
        Change("grew", "2", "3", "It is <b>three</b> now.", "https://example.com/a", "2025-01"),
    )


def test_facts_without_chapter_use_their_file_area_and_display(fake_facts):
    (row,) = changes("01").rows
    assert (row.fact, row.course_2020, row.today) == ("pops", "200", "600+")


def test_changes_frame(fake_facts):
    frame = changes("03").to_frame()
    assert list(frame.columns) == ["fact", "course_2020", "today", "what_changed", "source", "as_of"]
    assert frame.iloc[0].tolist() == ["grew", "2", "3", "It is <b>three</b> now.", "https://example.com/a", "2025-01"]


def test_changes_read_as_text_not_python_values(monkeypatch):
    facts = {
        "steps": {
            "value": "deny, then allow",
            "course_2020": ["explicit deny", "explicit allow"],
            "label": "evaluation steps",
            "source": "https://example.com/s",
            "as_of": "2026-11",
        },
        "min_size_gib": {"value": 125, "course_2020": 500, "source": "https://example.com/m", "as_of": "2026-11"},
        "classes": {
            "columns": ["code", "name"],
            "rows": [["A", "Alpha"], ["B", "Beta"]],
            "course_2020": "Alpha",
            "source": "https://example.com/c",
            "as_of": "2026-11",
        },
    }
    monkeypatch.setattr(glossary, "_fact_files", lambda: ["network"])
    monkeypatch.setattr(data, "load", lambda name: facts)
    rows = {(r.fact, r.course_2020, r.today) for r in changes("03").rows}
    assert rows == {
        ("evaluation steps", "explicit deny, explicit allow", "deny, then allow"),
        ("min size gib", "500", "125"),
        ("classes", "Alpha", "Alpha, Beta"),
    }


def test_changes_display_links_sources_and_escapes(fake_facts):
    bundle = changes("03")._repr_mimebundle_()
    assert bundle["text/plain"] == (
        "What changed since the July 2020 course (chapter 03):\n"
        "- grew: 2 in 2020, 3 today. It is <b>three</b> now. (source: https://example.com/a, as of 2025-01)"
    )
    assert '<a href="https://example.com/a">https://example.com/a</a>' in bundle["text/html"]
    assert "It is &lt;b&gt;three&lt;/b&gt; now." in bundle["text/html"]
    html = changes("01")._repr_mimebundle_()["text/html"]
    assert "href" not in html and "<td>javascript:alert(1)</td>" in html


@pytest.mark.parametrize("chapter", ["00", "05", "10"])
def test_empty_changes_say_so(fake_facts, chapter):
    bundle = changes(chapter)._repr_mimebundle_()
    assert bundle["text/plain"] == f"No changes recorded for chapter {chapter}."
    assert bundle["text/html"] == f"<p>No changes recorded for chapter {chapter}.</p>"
    assert changes(chapter).to_frame().empty


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_real_data_files_give_sourced_changes(chapter):
    result = changes(chapter)
    assert isinstance(result, Changes) and result.chapter == chapter
    for row in result.rows:
        assert row.changed and row.source.startswith("https://"), row
        assert re.fullmatch(r"\d{4}-\d{2}", row.as_of), row


@pytest.mark.parametrize("chapter", ["01", "02"])
def test_chapters_01_and_02_say_what_changed_in_readable_labels_beside_the_course_words(chapter):
    """Each correction has a label (not a data key) and, where the course speaks, its own words and section."""
    rows = changes(chapter).rows
    assert rows
    silent = {"Read-after-write consistency"}  # the 2020 course says nothing about S3 consistency
    for row in rows:
        assert "_" not in row.fact and row.fact[0].isupper(), row.fact
        assert "None" not in row.course_said + row.today and "[" not in row.course_said + row.today, row.fact
        if row.fact not in silent:
            assert row.quote and row.section, row.fact  # some course claims are an English name or a URL
            assert f'"{row.quote}"' in row.course_said and row.section in row.course_said
    html = changes(chapter)._repr_mimebundle_()["text/html"]
    assert '<span lang="ko">&ldquo;' in html


def test_the_course_gives_no_hdd_minimum():
    """The course never states an st1/sc1 minimum size, so no 'what changed' row claims it did."""
    assert not any("HDD" in row.fact and "size" in row.fact.lower() for row in changes("02").rows)
    assert any(
        row.fact == "Lifecycle days in the course's example" and "Days 90" in row.today for row in changes("02").rows
    )


def test_korean_definitions_spell_each_glossary_term_one_way():
    """One Korean term per concept: a definition that names a glossary term spaces it as the glossary does
    (로드밸런서, not 로드 밸런서; 상태 비 저장, not 상태 비저장)."""
    terms = {t.ko for t in all_terms() if HANGUL.search(t.ko) and len("".join(t.ko.split())) >= 3}
    for term in all_terms():
        for ko in terms:
            pattern = r"\s?".join(re.escape(ch) for ch in "".join(ko.split()))
            for found in re.findall(pattern, term.definition_ko):
                assert found == ko, f"{term.en}: {found!r} is spelled {ko!r} in the glossary"
