"""Output that needs no Streamlit: Swedish formats, KPI texts, the status table, Excel and the reports."""
