"""Benchmark clients that speak Streamlit's own protocol (they import streamlit, so they live beside the UI)."""
