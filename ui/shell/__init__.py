"""Streamlit plumbing: the frame every page starts with, sign-in, the store and cached service calls."""
