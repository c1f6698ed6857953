"""Shared presentation helpers: Swedish formatting, the frame's state and filters."""
