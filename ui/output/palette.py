"""The colours every chart uses, on screen and in print: one palette, colour-blind safe.

Green, orange and red mean a status (ui/output/status.py) and nothing else, so the palette for series that
are not statuses (this year, consultants, a kind of placement, a unit) has none of them: blues, purples, greys.
"""

# Okabe–Ito's blue, sky blue and reddish purple, Tol's indigo and pale cyan, and greys: distinguishable with the
# common colour-vision deficiencies and never mistaken for the status colours.
PALETTE = ["#0072B2", "#56B4E9", "#CC79A7", "#332288", "#7F7F7F", "#000000", "#88CCEE", "#BBBBBB"]
MUTED = "#9AA5B1"
TARGET_COLOUR = "#1B2733"
