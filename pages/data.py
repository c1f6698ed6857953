"""Data: upload extracts (all-or-nothing, with the validation report), the import history and data quality."""

from __future__ import annotations

import streamlit as st

from services.access import roles
from services.core import store_info
from services.importer import import_files, report_table
from services.ops import data_quality
from ui.output import format as fmt
from ui.shell import frame
from ui.shell.data import call, fresh, on_store
from ui.shell.filters import scope_label

filters = frame.page_setup(__file__, roles.DATA_ROLES)
user = frame.current_user()
frame.header("Data", None, scope_label(filters), "importer, importhistorik och datakvalitet")

if user.role == "admin":
    st.subheader("Läs in filer")
    st.caption("CSV-filer enligt importformatet (t.ex. intakes.csv) eller en XLSX-arbetsbok. Allt kontrolleras först: "
               "finns ett enda fel sparas ingenting.")
    uploads = st.file_uploader("Filer", type=["csv", "xlsx"], accept_multiple_files=True, key="uploads")
    st.caption(f"CSV eller XLSX, högst {fmt.number(st.get_option('server.maxUploadSize'))} MB per fil.")
    if uploads and st.button("Läs in", type="primary"):
        progress = st.progress(0.0, text="Läser filerna …")
        files = []
        for number, upload in enumerate(uploads, start=1):
            files.append((upload.name, upload.getvalue()))
            progress.progress(0.4 * number / len(uploads), text=f"Läser {upload.name} …")
        progress.progress(0.5, text="Kontrollerar och sparar …")
        result = on_store(import_files, files, username=user.username)
        progress.progress(1.0, text="Klart")
        for notice in result.notices:
            st.info(notice)
        if result.ok:
            st.success("Importen är klar: " + "; ".join(result.summary_lines()))
        else:
            st.error(f"Importen avvisades och ingenting sparades ({len(result.errors)} fel).")
            st.dataframe(report_table(result.problems), hide_index=True, width="stretch")

    st.subheader("Importhistorik")
    history = fresh(store_info.import_history)
    st.dataframe(history.assign(at=[fmt.date(a) for a in history["at"]],  # '2026-12-02 01:48'
                                rows=[fmt.number(r if r == r else None) for r in history["rows"]]).rename(columns={
        "at": "Tid", "username": "Av", "kind": "Slag", "source": "Filer", "outcome": "Resultat", "rows": "Nya/ändrade rader"}),
        hide_index=True, width="stretch", column_config={"Nya/ändrade rader": st.column_config.TextColumn(alignment="right")})

st.subheader("Datakvalitet")
st.caption(f"Det som ser fel ut i databasen per {fmt.date(filters.period.end)}, med antal och exempel, så att rätt person "
           "kan rätta i källsystemet.")
for check in call(data_quality.report, filters):
    icon = "✔" if check.count == 0 else "⚠"
    with st.expander(f"{icon} {check.title}: {fmt.number(check.count)}"):
        if check.count == 0:
            st.write("Inget att åtgärda.")
            continue
        st.write(check.who_fixes)
        if check.examples.empty:
            st.caption("Exempel med id visas bara för den som får se enheten i detalj.")
        else:
            st.dataframe(check.examples, hide_index=True, width="stretch")
