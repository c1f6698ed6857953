"""All logic of Enhetskollen: queries, KPIs, import and export. No Streamlit here."""
