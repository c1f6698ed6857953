"""The APT deck (python-pptx) with native, editable charts: a title slide, then one slide per area,
each with its one message as the title. The slides come from services.presentation, so the rules
for a shared screen hold here too: no names, no ids, counts 1–4 shown as "<5"."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Inches, Pt

from services.kpis import catalogue
from services.kpis.report import ReportData
from ui.output import format as fmt
from ui.output.charts import pptx_chart
from ui.output.charts.build import slide_chart


def build(data: ReportData) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = f"APT – {data.unit_name}"
    title.placeholders[1].text = f"{data.filters.period.label} · siffror ur Enhetskollen · små antal visas som <5"
    for slide in data.slides:
        page = deck.slides.add_slide(deck.slide_layouts[5])  # title only
        page.shapes.title.text = slide.message
        page.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
        if not slide.categories:
            box = page.shapes.add_textbox(Inches(0.7), Inches(2), Inches(11.9), Inches(1))
            box.text_frame.text = "Inga uppgifter för perioden."
            continue
        categories = [fmt.month(c) if hasattr(c, "year") else str(c) for c in slide.categories]
        pptx_chart.add(page.shapes, slide_chart(slide), Inches(0.7), Inches(1.6), Inches(11.9), Inches(5.2))
        masked = sorted({c for s in slide.series for c, label in zip(categories, s.labels) if label.startswith("<")})
        notes = [slide.note] if slide.note else []
        if masked:
            notes.append(f"Färre än 5, visas inte: {', '.join(masked)}")
        if slide.target is not None:
            notes.append("Mål: " + (fmt.share(slide.target, slide.decimals) if slide.is_share else fmt.number(slide.target, 1)))
        if notes:
            box = page.shapes.add_textbox(Inches(0.7), Inches(6.85), Inches(11.9), Inches(0.5))
            box.text_frame.text = " · ".join(notes)
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    shared = {code: c for code, c in data.comments.items() if c.for_apt}  # only what she marked for the APT
    if shared:
        page = deck.slides.add_slide(deck.slide_layouts[1])  # title and content
        page.shapes.title.text = "Kommentarer"
        body = page.placeholders[1].text_frame
        for number, (code, comment) in enumerate(shared.items()):
            paragraph = body.paragraphs[0] if number == 0 else body.add_paragraph()
            paragraph.text = f"{catalogue.get(code).name}: {comment.text}"  # no author: no names on a shared screen
            paragraph.runs[0].font.size = Pt(20)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
