"""Render the sample store's monthly and tertial reports (BOU, October 2026 / T2 2026) as pictures.

    python scripts/render_reports.py [--store /tmp/report_sample.db] [--out docs/screenshots]

Loads the sample municipality (as of 2026-11-22, like the tests) into a SQLite file the first time, with
an example enhetschef who writes two of October's comments (so the pictures show where comments go),
writes report-manad.pdf/.docx/.xlsx and report-tertial.* into --files, and turns every PDF page into
docs/screenshots/report-manad-p<N>.png and report-tertial-p<N>.png with pdftoppm -r 80 (old pictures
of the same report are removed first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sample_data.load import load_sample  # noqa: E402
from services.access import auth  # noqa: E402
from services.core import store_info  # noqa: E402
from services.core.db import get_engine, migrate, session_scope  # noqa: E402
from services.core.periods import period  # noqa: E402
from services.core.scope import Filters  # noqa: E402
from services.kpis import comments  # noqa: E402
from ui.output.reports import export  # noqa: E402

REPORTS = {"manad": period(2026, "månad", 10), "tertial": period(2026, "T2")}
TODAY = dt.date(2026, 11, 22)
AUTHOR = "exempel_chef"
COMMENTS = {"INFLOW": "Inflödet steg efter skolstarten och ligger nu nära förra årets nivå.",
            "ASSESS_14D": "Två handläggare i mottagningen var sjukskrivna i oktober; en extra resurs är på plats från november."}


def _example_comments(engine, unit: str) -> None:
    """The example enhetschef's comments for October (written once; the store is a scratch file)."""
    with session_scope(engine) as session:
        if auth.signed_in(session, AUTHOR) is None:
            auth.create_user(session, AUTHOR, "enhetschef", [unit], secrets.token_urlsafe(16), display_name="Exempel Chef")
        user = auth.signed_in(session, AUTHOR)
        for code, text in COMMENTS.items():
            comments.save(session, user, unit, code, REPORTS["manad"], text, code == "INFLOW")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/report_sample.db")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--files", default="/tmp/report_files", help="where the PDF and Word files are kept")
    parser.add_argument("--unit", default="BOU")
    args = parser.parse_args()
    engine = get_engine(f"sqlite:///{args.store}")
    migrate(engine)
    if store_info.store_is_empty(engine):
        with tempfile.TemporaryDirectory() as files:
            result = load_sample(engine, Path(files), seed=42, today=TODAY)
        if not result.ok:
            raise SystemExit("; ".join(result.errors[:3]))
    _example_comments(engine, args.unit)
    out, files = Path(args.out), Path(args.files)
    out.mkdir(parents=True, exist_ok=True)
    files.mkdir(parents=True, exist_ok=True)
    for name, chosen in REPORTS.items():
        for kind in ("pdf", "docx", "xlsx"):
            with session_scope(engine) as session:
                data = export(session, kind, Filters(chosen), args.unit, author="Exempel Chef")
            (files / f"report-{name}.{kind}").write_bytes(data)
        for old in out.glob(f"report-{name}-p*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(files / f"report-{name}.pdf"), str(out / f"report-{name}-p")],
                       check=True)
        for picture in out.glob(f"report-{name}-p-*.png"):  # pdftoppm writes p-1 or p-01: name them p1, p2 …
            picture.rename(out / f"report-{name}-p{int(picture.stem.rsplit('-', 1)[1])}.png")
        print(name, sorted(p.name for p in out.glob(f"report-{name}-p*.png")))


if __name__ == "__main__":
    main()
