"""The roles and what each may open and change: the README's role table, as data the app enforces."""

from __future__ import annotations

ROLES = {
    "admin": "Administratör",
    "enhetschef": "Enhetschef",
    "bitr_enhetschef": "Biträdande enhetschef",
    "ledning": "Ledning",
    "presentation": "Presentation",
}

ALL_ROLES = frozenset(ROLES)
DASHBOARD_ROLES = frozenset({"admin", "enhetschef", "bitr_enhetschef", "ledning"})
ADMIN = frozenset({"admin"})
DATA_ROLES = frozenset({"admin", "enhetschef"})  # imports (admin) and the data-quality report
MANAGER_ROLES = frozenset({"enhetschef", "bitr_enhetschef"})  # record workload, edit the model
SETTINGS_ROLES = frozenset({"admin", "enhetschef"})  # thresholds that colour everyone's pages
