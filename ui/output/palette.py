"""The colours every chart uses, on screen and in print: one palette, colour-blind safe."""

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F", "#000000"]
MUTED = "#9AA5B1"
TARGET_COLOUR = "#1B2733"
