"""Settings a manager can change in the app, stored in the database with defaults in code."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from models import Setting
from services.access import audit
from services.access.permissions import SignedIn, require_role
from services.access.roles import SETTING_ROLES

DEFAULTS: dict[str, object] = {
    # Budget traffic light: deviation >= green_from is green, >= amber_from is amber, else red.
    "budget_traffic_light": {"green_from": 0.0, "amber_from": -0.02},
    # Signed-in sessions end after this many minutes without a page run.
    "session_timeout_minutes": 30,
    # Presentation mode: each unit's own colour (unit code -> hex); units without one use the palette.
    "unit_colours": {},
}


def get(session: Session, key: str) -> object:
    row = session.get(Setting, key)
    return json.loads(row.value) if row else DEFAULTS[key]


def put(session: Session, key: str, value: object, actor: SignedIn) -> None:
    """Change a setting; who may is in roles.SETTING_ROLES (the timeout and the colours: admin only)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    require_role(actor, SETTING_ROLES[key], f"ändra inställningen {key}")
    username = actor.username
    row = session.get(Setting, key) or Setting(key=key)
    row.value = json.dumps(value, ensure_ascii=False)
    row.updated_at = dt.datetime.now()
    row.updated_by = username
    session.add(row)
    audit.record(session, username, "andring", f"inställning {key}", row.value)
