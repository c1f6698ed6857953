"""The roles and what each may open and change: the README's role table, as data the app enforces.

Opening a page is checked by the page frame (ui.shell.frame.page_setup); every change is checked again
by the service that writes it (services.access.permissions), with the user's scope, so a page that
shows a form by mistake still cannot write outside the role.
"""

from __future__ import annotations

ROLES = {
    "admin": "Administratör",
    "enhetschef": "Enhetschef",
    "bitr_enhetschef": "Biträdande enhetschef",
    "ledning": "Ledning",
    "presentation": "Presentation",
}

# Not an account role (no account can be given it): the command line and the sample loader act as the
# operator, who owns the store, as services' FULL_ACCESS does for reading.
OPERATOR = "system"

ALL_ROLES = frozenset(ROLES)
DASHBOARD_ROLES = frozenset({"admin", "enhetschef", "bitr_enhetschef", "ledning"})
START_ROLES = DASHBOARD_ROLES | {"presentation"}  # Start: the store's units and volumes, figures only
ADMIN = frozenset({"admin"})
DATA_ROLES = frozenset({"admin", "enhetschef"})  # imports (admin) and the data-quality report
MANAGER_ROLES = frozenset({"enhetschef", "bitr_enhetschef"})  # record workload (for their own staff)

# Who may change what (checked in the services; the scope rules are in services/access/permissions.py).
WORKLOAD_RECORD_ROLES = MANAGER_ROLES  # enhetschef: her units' staff; biträdande: her own teams' staff
WORKLOAD_MODEL_ROLES = frozenset({"enhetschef"})  # the model's weights and limits
UNIT_GOAL_ROLES = frozenset({"enhetschef"})  # her units' enhetsmål, indicators, values, activities, grades
MUNICIPAL_GOAL_ROLES = ADMIN  # KF:s, verksamhetens and nämndens goals
TARGET_ROLES = frozenset({"admin", "enhetschef"})  # enhetschef: her units and their teams; KF's (scope '') admin only
MUNICIPAL_TARGET_ROLES = ADMIN
SETTINGS_ROLES = frozenset({"admin", "enhetschef"})  # thresholds that colour everyone's pages
SETTING_ROLES = {  # per setting
    "budget_traffic_light": SETTINGS_ROLES,
    "session_timeout_minutes": ADMIN,
    "unit_colours": ADMIN,
}
ACCOUNT_ROLES = ADMIN  # create and change accounts, set passwords
