"""Local accounts: sign-in with argon2 hashes, lockout, and the scope each role opens.

Production signs in through the organisation's identity provider (OIDC, see README);
the account row still decides the role and scopes, so both ways end in `signed_in`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from models import Team, Unit, User, UserScope
from services.access import audit, sessions
from services.access.permissions import SYSTEM, SignedIn, require_role
from services.access.roles import ACCOUNT_ROLES, ROLES
from services.core.scope import Access

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
WRONG_CREDENTIALS = "Fel användarnamn eller lösenord."

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("ingen-anvandare-har-detta-losenord")


class AccountError(ValueError):
    """A Swedish message for the person at the sign-in form or the admin."""


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")
    return _hasher.hash(password)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def _scopes_valid(session: Session, role: str, scopes: list[str]) -> None:
    units = set(session.scalars(select(Unit.unit_code)))
    teams = set(session.scalars(select(Team.team_code)))
    wanted = teams if role == "bitr_enhetschef" else units
    kind = "arbetsgrupp" if role == "bitr_enhetschef" else "enhet"
    unknown = [code for code in scopes if code not in wanted]
    if unknown:
        raise AccountError(f"Okänd {kind} för rollen {ROLES[role]}: {', '.join(unknown)}.")
    if role in ("enhetschef", "bitr_enhetschef") and not scopes:
        raise AccountError(f"Rollen {ROLES[role]} behöver minst en {kind}.")


def create_user(
    session: Session, username: str, role: str, scopes: list[str] | None = None, password: str | None = None,
    display_name: str | None = None, actor: SignedIn = SYSTEM, sso_only: bool = False,
) -> str | None:
    """Create an account; returns the password (generated when none is given), None for SSO-only accounts.

    `actor` is who creates it: an admin on the page, the operator (the default) on the command line and at first start.
    """
    require_role(actor, ACCOUNT_ROLES, "skapa konton")
    username = username.strip()
    scopes = [s.strip() for s in (scopes or []) if s.strip()]
    if not username:
        raise AccountError("Användarnamn saknas.")
    if role not in ROLES:
        raise AccountError(f"Okänd roll '{role}'. Möjliga: {', '.join(ROLES)}.")
    if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())) is not None:
        raise AccountError(f"Användaren {username} finns redan.")
    _scopes_valid(session, role, scopes)
    if not sso_only:
        password = password or generate_password()
    user = User(username=username, display_name=display_name or username, role_code=role, active=True,
                password_hash=None if sso_only else hash_password(password), failed_logins=0, created_at=_now())
    session.add(user)
    session.flush()
    session.add_all(UserScope(user_id=user.id, scope_code=code) for code in scopes)
    audit.record(session, actor.username, "konto", username, f"skapad: {role} {' '.join(scopes)}".strip())
    return None if sso_only else password


def update_user(session: Session, username: str, role: str, scopes: list[str], active: bool, actor: SignedIn) -> None:
    require_role(actor, ACCOUNT_ROLES, "ändra konton")
    user = _user(session, username)
    if role not in ROLES:
        raise AccountError(f"Okänd roll '{role}'.")
    _scopes_valid(session, role, scopes)
    if role != user.role_code or not active:  # what she may see changed: her open sessions end
        sessions.revoke_all(session, user.username, "kontot ändrat")
    user.role_code, user.active = role, active
    session.execute(delete(UserScope).where(UserScope.user_id == user.id))
    session.add_all(UserScope(user_id=user.id, scope_code=code) for code in scopes)
    audit.record(session, actor.username, "konto", username, f"ändrad: {role} {' '.join(scopes)} {'aktiv' if active else 'inaktiv'}")


def set_password(session: Session, username: str, password: str | None, actor: SignedIn) -> str:
    """Set (or generate) a new password and lift any lockout; returns the password."""
    require_role(actor, ACCOUNT_ROLES, "byta lösenord på konton")
    user = _user(session, username)
    password = password or generate_password()
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    sessions.revoke_all(session, user.username, "nytt lösenord")
    audit.record(session, actor.username, "konto", username, "nytt lösenord")
    return password


def delete_user(session: Session, username: str, actor: SignedIn) -> None:
    """Remove an account; its sessions go with it (a copied cookie then opens nothing). The log keeps the name."""
    require_role(actor, ACCOUNT_ROLES, "ta bort konton")
    user = _user(session, username)
    if user.username == actor.username:
        raise AccountError("Du kan inte ta bort ditt eget konto.")
    session.execute(delete(UserScope).where(UserScope.user_id == user.id))
    sessions.revoke_all(session, user.username, "kontot borttaget")
    session.delete(user)
    session.flush()
    audit.record(session, actor.username, "konto", username, "borttaget")


def change_own_password(session: Session, user: SignedIn, old_password: str, new_password: str,
                        now: dt.datetime | None = None) -> None:
    """She changes her own password: the old one first (counted and locked like a sign-in), then the same
    rules as every password. Every session of the account ends; the page opens a new one for this browser."""
    if new_password == old_password:
        raise AccountError("Det nya lösenordet måste skilja sig från det gamla.")
    hash_password(new_password)  # the length rule before the old password is tried
    account = _checked(session, user.username, old_password, now or _now(), wrong="Det nuvarande lösenordet stämmer inte.")
    account.password_hash = hash_password(new_password)
    sessions.revoke_all(session, account.username, "eget lösenord bytt")
    audit.record(session, account.username, "konto", account.username, "eget lösenord bytt")


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        raise AccountError(f"Användaren {username} finns inte.")
    return user


def _refuse(session: Session, message: str) -> AccountError:
    """Commit the failure count and the audit event before refusing: the caller's rollback must not undo them."""
    session.commit()
    return AccountError(message)


def _unlocked(now: dt.datetime):
    return or_(User.locked_until.is_(None), User.locked_until <= now)


def _set(session: Session, user_id: int, now: dt.datetime, **values):
    """One atomic UPDATE of the account row, only while it is not locked; returns the new failure count (None: locked)."""
    return session.execute(
        update(User).where(User.id == user_id, _unlocked(now)).values(**values).returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    ).scalar()


def _lock(session: Session, user_id: int, now: dt.datetime) -> None:
    session.execute(update(User).where(User.id == user_id).values(locked_until=now + LOCKOUT, failed_logins=0)
                    .execution_options(synchronize_session=False))


def _locked(session: Session, user: User, detail: str = "kontot är låst") -> AccountError:
    until = session.scalar(select(User.locked_until).where(User.id == user.id))  # as the store has it now
    audit.record(session, user.username, "inloggning_nekad", "", detail)
    when = f" till kl. {until:%H.%M}" if until else ""
    return _refuse(session, f"Kontot är låst{when} efter för många misslyckade försök.")


def authenticate(session: Session, username: str, password: str, now: dt.datetime | None = None) -> SignedIn:
    """Check a password at the sign-in form; count failures and lock the account for a while after
    MAX_FAILURES in a row (see `_checked`)."""
    user = _checked(session, username, password, now or _now())
    audit.record(session, user.username, "inloggning", "", "lösenord")
    return _signed_in(session, user)


def _checked(session: Session, username: str, password: str, now: dt.datetime, wrong: str = WRONG_CREDENTIALS) -> User:
    """The account whose password this is, or a refusal; the one password check of the app.

    Every attempt is counted in the store before the password is checked (one atomic UPDATE ... RETURNING), so
    parallel guesses cannot all pass a 'not locked' read: at most MAX_FAILURES passwords are checked per lockout.
    A right password opens the account only through an UPDATE that requires it still unlocked, so the decision
    never rests on a value read before the (slow) password check.
    """
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None or not user.active or not user.password_hash or user.role_code not in ROLES:
        _verify(_DUMMY_HASH, password)  # the same work as for a real account: no hint which names exist
        audit.record(session, username.strip() or "(tomt)", "inloggning_nekad", "", "okänt eller inaktivt konto")
        raise _refuse(session, wrong)
    attempt = _set(session, user.id, now, failed_logins=func.coalesce(User.failed_logins, 0) + 1)
    session.commit()  # counted before the check, and no row lock held while argon2 works
    if attempt is None:
        raise _locked(session, user)
    if attempt > MAX_FAILURES:  # more guesses at once than the lockout allows: lock without checking this one
        _lock(session, user.id, now)
        raise _locked(session, user, "för många försök samtidigt")
    if not _verify(user.password_hash, password):
        if attempt >= MAX_FAILURES:
            _lock(session, user.id, now)
        audit.record(session, user.username, "inloggning_nekad", "", "fel lösenord")
        raise _refuse(session, wrong)
    if _set(session, user.id, now, failed_logins=0, locked_until=None) is None:
        raise _locked(session, user)  # locked by other guesses while this password was checked
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def signed_in(session: Session, username: str) -> SignedIn | None:
    """The account as it is now (re-read on every page run, so a revoked role takes effect at once)."""
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None or not user.active or user.role_code not in ROLES:  # never the operator's role
        return None
    return _signed_in(session, user)


def _signed_in(session: Session, user: User) -> SignedIn:
    return SignedIn(user.username, user.display_name or user.username, user.role_code, access_for(session, user))


def access_for(session: Session, user: User) -> Access:
    """What the role opens: see the role table in the README."""
    scopes = frozenset(session.scalars(select(UserScope.scope_code).where(UserScope.user_id == user.id)))
    if user.role_code == "enhetschef":
        return Access(units=scopes, detail_teams=None)
    if user.role_code == "bitr_enhetschef":
        units = frozenset(session.scalars(select(Team.unit_code).where(Team.team_code.in_(sorted(scopes)))))
        return Access(units=units, detail_teams=scopes)
    if user.role_code == "presentation":
        return Access(units=scopes or None, detail_teams=frozenset())
    return Access(units=None, detail_teams=frozenset())  # admin, ledning: every unit, aggregates only


def ensure_first_admin(session: Session) -> str | None:
    """On a store with no accounts, create 'admin' and return its one-time password (else None)."""
    if session.scalar(select(func.count()).select_from(User)):
        return None
    return create_user(session, "admin", "admin", display_name="Administratör")


def users(session: Session) -> list[dict]:
    """Every account with its scopes, for the admin's list."""
    scope_rows = session.execute(select(UserScope.user_id, UserScope.scope_code)).all()
    scopes: dict[int, list[str]] = {}
    for user_id, code in scope_rows:
        scopes.setdefault(user_id, []).append(code)
    return [
        {"username": u.username, "display_name": u.display_name, "role": u.role_code, "active": u.active,
         "scopes": sorted(scopes.get(u.id, [])), "locked_until": u.locked_until, "sso_only": u.password_hash is None}
        for u in session.scalars(select(User).order_by(User.username))
    ]


def own_account(session: Session, username: str) -> dict:
    """What her account page shows: name, role, what the role opens (by name), how she signs in and how
    many browsers are signed in to it now."""
    user = _user(session, username)
    codes = sorted(session.scalars(select(UserScope.scope_code).where(UserScope.user_id == user.id)))
    names = dict(session.execute(select(Unit.unit_code, Unit.unit_name)).all())
    names.update(session.execute(select(Team.team_code, Team.team_name)).all())
    return {"username": user.username, "display_name": user.display_name or user.username,
            "role": user.role_code, "role_label": ROLES.get(user.role_code, user.role_code),
            "scopes": [names.get(code, code) for code in codes], "sso_only": user.password_hash is None,
            "open_sessions": sessions.open_sessions(session, user.username)}
