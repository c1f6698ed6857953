"""Enhetskollen from the command line: every job the app does on data, scriptable.

    python cli.py import PATH [--database-url URL]
    python cli.py sample-data [--out DIR] [--seed N] [--scale district|city] [--database-url URL]
    python cli.py kpi --year YYYY [--period T1|T2|YYYY-MM] [--unit CODE] [--team CODE] [--json]
    python cli.py export {docx,pdf,pptx,xlsx} --unit CODE --year YYYY [--period T1|T2|YYYY-MM] -o FILE
    python cli.py bench [--repeats N] [--no-baselines] [--json] [--database-url URL]
    python cli.py backup --out FILE | restore --from FILE
    python cli.py create-user NAME --role ROLE [--scope CODE ...] [--name TEXT] [--password-stdin] [--sso]
"""

from __future__ import annotations

import argparse
import getpass
import sys
import tempfile
from pathlib import Path

from services.core.db import database_url, get_engine, migrate


def _engine(args: argparse.Namespace):
    engine = get_engine(database_url(args.database_url))
    migrate(engine)
    return engine


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "cli"


def _period(args: argparse.Namespace):
    """--year and --period as a Period, or None after printing why not (the caller exits 2)."""
    from services.core.periods import parse_period

    try:
        return parse_period(args.year, args.period)
    except ValueError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return None


def _as_of_data(session, chosen):
    """The period as far as the store's data goes (a period not yet ended holds for the data date)."""
    from services.core import store_info
    from services.core.periods import as_of

    return as_of(chosen, store_info.data_date(session))


def cmd_import(args: argparse.Namespace) -> int:
    from services.importer import import_path

    result = import_path(_engine(args), Path(args.path), username=_user())
    for notice in result.notices:
        print(f"Obs: {notice}", file=sys.stderr)
    if not result.ok:
        print(f"Importen avvisades, ingenting har sparats ({len(result.errors)} fel):", file=sys.stderr)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print("Importen klar:")
    for line in result.summary_lines():
        print(f"  {line}")
    return 0


def cmd_sample_data(args: argparse.Namespace) -> int:
    from sample_data.load import load_sample

    engine = _engine(args)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        result = load_sample(engine, out, seed=args.seed, username=_user(), scale=args.scale)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = load_sample(engine, Path(tmp), seed=args.seed, username=_user(), scale=args.scale)
    if not result.ok:
        print("Exempeldata kunde inte läsas in:", file=sys.stderr)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    where = f" (filerna finns i {args.out})" if args.out else ""
    print(f"Exempeldata inläst{where}:")
    for line in result.summary_lines():
        print(f"  {line}")
    return 0


def cmd_kpi(args: argparse.Namespace) -> int:
    import json

    from services.core.db import session_scope
    from services.core.scope import Filters
    from services.kpis import catalogue
    from ui.output.kpi_text import kpi_line

    chosen = _period(args)
    if chosen is None:
        return 2
    with session_scope(_engine(args)) as session:
        chosen = _as_of_data(session, chosen)
        results = catalogue.compute_all(session, Filters(chosen, args.unit, args.team))
    if args.json:
        payload = {
            "period": {"start": chosen.start.isoformat(), "end": chosen.nominal_end.isoformat(),
                       "as_of": chosen.end.isoformat(), "complete": chosen.complete},
            "scope": {"unit": args.unit, "team": args.team},
            "kpis": {code: result.as_json() for code, result in results.items()},
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    scope = args.team or args.unit or "alla enheter"
    print(f"Nyckeltal {chosen.label}, {scope} ({chosen.start} – {chosen.end})")
    for result in results.values():
        print(f"  {kpi_line(result)}")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from services.access import auth
    from services.access.permissions import operator
    from services.core.db import session_scope

    given = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    try:
        with session_scope(_engine(args)) as session:
            password = auth.create_user(session, args.username, args.role, args.scope, given, args.name,
                                        actor=operator(f"cli:{_user()}"), sso_only=args.sso)
    except auth.AccountError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    print(f"Kontot {args.username} ({auth.ROLES[args.role]}) är skapat.")
    if password and not given:
        print(f"Lösenord (visas bara nu): {password}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from services.ops import backup

    try:
        out = backup.backup(_engine(args), Path(args.out))
    except backup.BackupError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    print(f"Säkerhetskopian är skriven till {out}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from services.ops import backup

    try:
        dropped = backup.restore(_engine(args), Path(args.source), username=f"cli:{_user()}")
    except backup.BackupError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    print(f"Databasen är återställd från {args.source}.")
    if dropped:
        print(f"Obs: {dropped} händelser i loggen efter säkerhetskopian finns inte längre i databasen; återställningen är loggad.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from services.access import audit
    from services.core.db import session_scope
    from services.core.scope import Filters
    from ui.output.reports import export

    chosen = _period(args)
    if chosen is None:
        return 2
    try:
        with session_scope(_engine(args)) as session:
            chosen = _as_of_data(session, chosen)
            data = export(session, args.format, Filters(chosen), args.unit)
            audit.record(session, f"cli:{_user()}", "export", Path(args.output).name, f"{args.unit} {chosen.label}")
    except ValueError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 2
    Path(args.output).write_bytes(data)
    print(Path(args.output))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    import json

    from services.ops import bench

    if args.browser or args.users:
        from services.ops import browser_bench
        from ui.bench.socket_users import run_socket_users

        return browser_bench.cli(args, run_socket_users)  # click → idle in chromium; --users N: N at once
    baselines = not args.no_baselines
    if baselines:
        try:
            import duckdb  # noqa: F401 - development dependencies
            import duckdb_engine  # noqa: F401
        except ImportError:
            print("DuckDB saknas: installera requirements-dev.txt, eller kör med --no-baselines.", file=sys.stderr)
            return 1
    results = bench.run(_engine(args), repeats=args.repeats, baselines=baselines)
    if args.json:
        print(json.dumps({"pages": [r.__dict__ for r in results], "process_peak_mb": bench.process_peak_mb(),
                          "app_peak_mb": max((r.process_mb for r in results), default=0.0),
                          "geometric_mean_ratio_duckdb": bench.geometric_mean_ratio(results),
                          "geometric_mean_ratio_duckdb_core": bench.geometric_mean_ratio(results, "duckdb_core_ms")},
                         ensure_ascii=False, indent=2))
    else:
        print("\n".join(bench.report(results)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="Enhetskollen: import, exempeldata och nyckeltal.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--database-url", default=None, help="databas (annars DATABASE_URL, annars SQLite i data/)")
        return command

    imp = add("import", "importera en mapp med CSV-filer, en XLSX-arbetsbok eller en enskild fil")
    imp.add_argument("path")
    imp.set_defaults(func=cmd_import)

    sample = add("sample-data", "skapa och läs in exempelkommunen")
    sample.add_argument("--out", default=None, help="mapp att skriva importfilerna till")
    sample.add_argument("--seed", type=int, default=42)
    sample.add_argument("--scale", choices=["district", "city"], default="district",
                        help="district: Norrvik, två enheter i fyra år; city: 14 enheter i tio år (> 1 miljon aktualiseringar)")
    sample.set_defaults(func=cmd_sample_data)
    kpi = add("kpi", "skriv ut nyckeltalen för en period och en enhet eller arbetsgrupp")
    kpi.add_argument("--year", type=int, required=True)
    kpi.add_argument("--period", default=None, help="T1, T2 eller ÅÅÅÅ-MM; utelämnad = helår")
    kpi.add_argument("--unit", default=None, help="enhetskod, t.ex. BOU")
    kpi.add_argument("--team", default=None, help="arbetsgruppskod, t.ex. UTR1")
    kpi.add_argument("--json", action="store_true", help="maskinläsbar utdata")
    kpi.set_defaults(func=cmd_kpi)

    user = add("create-user", "skapa ett konto (lösenordet skrivs ut en gång om det inte ges)")
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=["admin", "enhetschef", "bitr_enhetschef", "ledning", "presentation"])
    user.add_argument("--scope", action="append", default=[], help="enhets- eller arbetsgruppskod; upprepa för flera")
    user.add_argument("--name", default=None, help="namn som visas i appen")
    user.add_argument("--password-stdin", action="store_true", help="läs lösenordet från standard in")
    user.add_argument("--sso", action="store_true", help="loggar in via organisationens OIDC, inget lösenord")
    user.set_defaults(func=cmd_create_user)

    exp = add("export", "tertialrapport (docx, pdf), APT-presentation (pptx) eller tabellerna (xlsx) för en enhet")
    exp.add_argument("format", choices=["docx", "pdf", "pptx", "xlsx"])
    exp.add_argument("--unit", required=True, help="enhetskod, t.ex. BOU")
    exp.add_argument("--year", type=int, required=True)
    exp.add_argument("--period", default=None, help="T1, T2 eller ÅÅÅÅ-MM; utelämnad = helår")
    exp.add_argument("-o", "--output", required=True, help="filen som skrivs")
    exp.set_defaults(func=cmd_export)

    mark = add("bench", "mät varje sidas tjänsteanrop mot databasen, bredvid DuckDB och pandas")
    mark.add_argument("--repeats", type=int, default=5)
    mark.add_argument("--no-baselines", action="store_true", help="utan jämförelsen med DuckDB och pandas")
    mark.add_argument("--json", action="store_true")
    mark.add_argument("--browser", action="store_true",
                      help="i Debians chromium: klick → appen klar för varje sida, mot golvet (en tom Streamlit-sida)")
    mark.add_argument("--users", type=int, nargs="+", default=None, metavar="N",
                      help="N samtidiga användare (egna konton) öppnar Översikt och presentationen; flera N går")
    mark.add_argument("--clients", choices=("browser", "websocket"), default="browser",
                      help="--users: var och en i chromium (standard), eller som websocket-klient utan webbläsare "
                           "(serverns del när var och en har sin egen dator)")
    mark.add_argument("--processes", type=int, default=1, metavar="K",
                      help="--users --clients websocket: K app-processer mot samma databas, användarna fördelade "
                           "som bakom en proxy med sticky sessions")
    mark.add_argument("--url", default=None, help="en redan startad app (annars startas en egen per urval)")
    mark.add_argument("--user", default=None,
                      help="logga in som detta konto (lösenord i ENHETSKOLLEN_PASSWORD eller på standard in); "
                           "annars ett tillfälligt konto som tas bort efteråt")
    mark.add_argument("--pages", default=None, help="bara dessa sidor, kommaseparerade navigeringsnamn")
    mark.add_argument("--cold-runs", type=int, default=1, help="nystartade servrar för första besöket (--browser)")
    mark.add_argument("--ports", default=None, metavar="FÖRSTA-SISTA",
                      help="servrarna tar första lediga port i intervallet, t.ex. 8640-8659 (annars valfri ledig)")
    mark.set_defaults(func=cmd_bench)

    copy = add("backup", "säkerhetskopiera den inbyggda SQLite-databasen (PostgreSQL: pg_dump)")
    copy.add_argument("--out", required=True, help="filen kopian skrivs till (skrivs aldrig över)")
    copy.set_defaults(func=cmd_backup)

    back = add("restore", "återställ den inbyggda SQLite-databasen från en säkerhetskopia")
    back.add_argument("--from", dest="source", required=True, help="kopian att återställa från")
    back.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
