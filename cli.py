"""Enhetskollen from the command line: every job the app does on data, scriptable.

    python cli.py import PATH [--database-url URL]
    python cli.py sample-data [--out DIR] [--seed N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import getpass
import sys
import tempfile
from pathlib import Path

from services.db import database_url, get_engine, migrate


def _engine(args: argparse.Namespace):
    engine = get_engine(database_url(args.database_url))
    migrate(engine)
    return engine


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "cli"


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
    from services.sample import load_sample

    engine = _engine(args)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        result = load_sample(engine, out, seed=args.seed, username=_user())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = load_sample(engine, Path(tmp), seed=args.seed, username=_user())
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
    sample.set_defaults(func=cmd_sample_data)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
