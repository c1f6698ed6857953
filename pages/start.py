"""Start: what the store holds — units and teams, time span, volumes and the latest import."""

import pandas as pd
import streamlit as st

from services.access import roles
from services.core import store_info
from ui.output import format as fmt
from ui.shell import frame
from ui.shell.data import call
from ui.widgets import excel

frame.page_setup(__file__, roles.START_ROLES)
user = frame.current_user()
frame.header("Enhetskollen", None, "Månadsstatus, tertialrapport och APT för barn och unga – beräknat direkt ur verksamhetens data")

summary = call(store_info.summary, user.access)  # the user's units only

st.subheader("Det här finns i databasen")
columns = st.columns(len(summary.counts))
for column, (label, count) in zip(columns, summary.counts.items()):
    column.metric(label, fmt.number(count))

st.markdown(
    f"**Aktualiseringar från** {fmt.date(summary.first_intake)} **till** {fmt.date(summary.last_intake)}"
)
if summary.last_import:
    imp = summary.last_import
    what = "exempeldata" if imp.kind == "exempeldata" else "import"
    who = "" if user.role == "presentation" else f" av {fmt.plain(imp.username)}"  # a shared screen shows no names
    st.markdown(f"**Senaste {what}:** {fmt.date(imp.at)}{who}, {len(imp.files)} filer")
else:
    st.markdown("**Senaste import:** ingen ännu")

st.subheader("Enheter och arbetsgrupper")
units = pd.DataFrame(
    [
        {"Enhet": u["unit_name"], "Kod": u["unit_code"], "Förvaltning": u["district"] or fmt.DASH, "Arbetsgrupper": u["teams"]}
        for u in summary.units
    ]
)
st.dataframe(units, hide_index=True, width="stretch")
excel.download("Ladda ner som Excel", {"Enheter": units}, "enheter.xlsx")
