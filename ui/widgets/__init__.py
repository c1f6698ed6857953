"""What pages draw with: KPI cards, charts, tables and download buttons (Streamlit and Plotly)."""
