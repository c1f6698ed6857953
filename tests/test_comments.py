"""The month's comments: written by the unit's own managers, audited, carried into the reports."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditEvent
from services.access import auth
from services.core.db import get_engine, session_scope
from services.core.periods import period
from services.kpis import comments

OCTOBER = period(2026, "månad", 10)


def user(session, name):
    return auth.signed_in(session, name)


def test_her_comment_is_stored_with_author_time_and_an_audit_event(sample_store):
    engine = get_engine(sample_store)
    with session_scope(engine) as session:
        comments.save(session, user(session, "t_chef"), "BOU", "ASSESS_14D", OCTOBER, "  Två sjukskrivna i mottagningen. ", True)
    with session_scope(engine) as session:
        found = comments.for_period(session, "BOU", OCTOBER)
        events = session.scalars(select(AuditEvent).where(AuditEvent.target == "kommentar ASSESS_14D BOU")).all()
    assert (found["ASSESS_14D"].text, found["ASSESS_14D"].for_apt, found["ASSESS_14D"].author) == (
        "Två sjukskrivna i mottagningen.", True, "t_chef")
    assert [e.detail for e in events][-1] == "2026-10 2026 · APT"
    with session_scope(engine) as session:  # an empty text removes it
        comments.save(session, user(session, "t_chef"), "BOU", "ASSESS_14D", OCTOBER, "", False)
    with session_scope(engine) as session:
        assert "ASSESS_14D" not in comments.for_period(session, "BOU", OCTOBER)


@pytest.mark.parametrize("name, unit", [("t_chef_fam", "BOU"), ("t_ledning", "BOU"), ("t_admin", "BOU"), ("t_pres", "BOU")])
def test_only_the_units_own_managers_may_write(sample_store, name, unit):
    with session_scope(get_engine(sample_store)) as session:
        with pytest.raises(comments.CommentError, match="Bara enhetens egen enhetschef"):
            comments.save(session, user(session, name), unit, "INFLOW", OCTOBER, "Får inte sparas", False)


def test_a_tertial_comment_is_kept_apart_from_the_months(sample_store):
    engine = get_engine(sample_store)
    with session_scope(engine) as session:
        comments.save(session, user(session, "t_chef"), "FAM", "PLACEMENTS", period(2026, "T2"), "Två nya HVB.", False)
    with session_scope(engine) as session:
        assert comments.for_period(session, "FAM", period(2026, "T2"))["PLACEMENTS"].text == "Två nya HVB."
        assert "PLACEMENTS" not in comments.for_period(session, "FAM", period(2026, "månad", 8))
        assert comments.for_period(session, "FAM", period(2026, "T2"), apt_only=True) == {}
        comments.save(session, user(session, "t_chef"), "FAM", "PLACEMENTS", period(2026, "T2"), "", False)


def test_a_comment_written_on_the_card_shows_on_the_card(monkeypatch, sample_store):
    from tests.helpers import choose, open_app

    at = open_app(monkeypatch, sample_store, script="pages/oversikt.py")
    choose(at, 2026, "månad", 10, unit="Barn- och ungdomsenheten")
    box = next(t for t in at.text_area if t.label == "Kommentar för perioden")
    box.input("Inflödet steg efter skolstarten.")
    next(b for b in at.button if b.label == "Spara").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "💬 Inflödet steg efter skolstarten\\." in [m.value for m in at.markdown]
    with session_scope(get_engine(sample_store)) as session:
        assert comments.for_period(session, "BOU", OCTOBER)["INFLOW"].author == "t_chef"
        comments.save(session, user(session, "t_chef"), "BOU", "INFLOW", OCTOBER, "", False)


def test_a_comment_goes_into_the_word_report_and_if_marked_into_the_apt_deck(sample_store):
    import io

    from docx import Document
    from pptx import Presentation

    from services.core.scope import Filters
    from ui.output.reports import export

    engine = get_engine(sample_store)
    with session_scope(engine) as session:
        comments.save(session, user(session, "t_chef"), "BOU", "ASSESS_14D", OCTOBER, "Två sjukskrivna i mottagningen.", True)
        comments.save(session, user(session, "t_chef"), "BOU", "INFLOW", OCTOBER, "Bara för rapporten.", False)
    try:
        with session_scope(engine) as session:
            docx = export(session, "docx", Filters(OCTOBER), "BOU")
            pptx = export(session, "pptx", Filters(OCTOBER), "BOU")
        words = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
        assert "Förhandsbedömning inom 14 dagar: Två sjukskrivna i mottagningen. (t_chef, " in "\n".join(words)
        assert any(w.startswith("Aktualiseringar: Bara för rapporten. (t_chef, ") for w in words)
        slides = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
                  for slide in Presentation(io.BytesIO(pptx)).slides]
        assert slides[-1] == ["Kommentarer", "Förhandsbedömning inom 14 dagar: Två sjukskrivna i mottagningen."]
        assert "Bara för rapporten." not in str(slides)  # not marked for the shared screen
    finally:
        with session_scope(engine) as session:
            for code in ("ASSESS_14D", "INFLOW"):
                comments.save(session, user(session, "t_chef"), "BOU", code, OCTOBER, "", False)
