"""The one status table: word, icon and colour of each status, for cards, charts, tables and reports.

Colour never carries a status alone: every place that colours by status also writes the icon and
the word (WCAG 1.4.1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusStyle:
    word: str  # in running text and the command line: "Delvis uppfyllt"
    short: str  # on chips, bars and in table cells: "Delvis"
    icon: str
    colour: str

    @property
    def mark(self) -> str:
        """Icon and short word, for a table cell: '◐ Delvis'."""
        return f"{self.icon} {self.short}"


STATUS: dict[str, StatusStyle] = {
    "uppfyllt": StatusStyle("Uppfyllt", "Uppfyllt", "✔", "#1A7F37"),
    "delvis": StatusStyle("Delvis uppfyllt", "Delvis", "◐", "#B35C00"),
    "ej_uppfyllt": StatusStyle("Ej uppfyllt", "Ej uppfyllt", "✖", "#C62828"),
    "saknar_mal": StatusStyle("Saknar mål", "Inget mål", "–", "#5F6B76"),
    "saknar_varde": StatusStyle("Saknar värde", "Inget värde", "–", "#5F6B76"),
}

# The colour said in words, for a caption under a chart coloured by status: "grönt = uppfyllt".
COLOUR_WORDS = {"uppfyllt": "grönt", "delvis": "orange", "ej_uppfyllt": "rött", "saknar_mal": "grått",
                "saknar_varde": "grått"}


def colour_key(statuses) -> str:
    """'grönt = uppfyllt · rött = ej uppfyllt': the status colours a chart uses, in the table's order, in words."""
    present = set(statuses)
    return " · ".join(f"{COLOUR_WORDS[key]} = {STATUS[key].word.lower()}" for key in STATUS
                      if key in present and key not in ("saknar_mal", "saknar_varde"))
