"""Where a warm click goes: the Streamlit server's CPU, chromium's CPU and the websocket traffic per page.

`bench --browser` gives the time a person waits; this splits it. For each page of the navigation it clicks
the link as the bench does (one cold round first, not reported), and around each click reads the CPU time
of the server process and of every chromium process from /proc and the frames of the page's websocket.

    .venv/bin/python scripts/click_breakdown.py --database-url sqlite:///data/city.db \\
        --pages "Mitt konto,Inflöde,Tidsfrister" --params "ar=2025&period=helår" --rounds 2

Linux only (/proc). Prints a Markdown table: median over the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.core.db import get_engine, migrate  # noqa: E402
from services.ops import browser_bench as bb  # noqa: E402


def cpu_ms(server_pid: int) -> tuple[float, float]:
    """CPU milliseconds so far: (the Streamlit server, all chromium processes)."""
    server = chromium = 0.0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        ms = (int(fields[11]) + int(fields[12])) * 10  # utime + stime, in clock ticks of 10 ms
        if int(stat.split("/")[2]) == server_pid:
            server += ms
        elif "chrom" in name:
            chromium += ms
    return server, chromium


async def breakdown(database_url: str, pages: list[str], params: dict, rounds: int) -> list[tuple]:
    engine = get_engine(database_url)
    migrate(engine)
    accounts = bb.temporary_accounts(engine, 1)
    server = bb.Server("app.py", database_url)
    rows: dict[str, list[tuple]] = {page: [] for page in pages}
    try:
        async with bb.chromium() as browser:
            context, page = await bb.new_page(browser)
            frames: list[tuple[float, int]] = []
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda payload: frames.append((time.monotonic(), len(payload or b"")))))
            await page.goto(server.url)
            await bb.settle(page)
            await bb.sign_in(page, bb.link(server.url, bb.LANDING, params), *accounts.names[0])
            for title in pages:  # the cold round: not reported
                await bb.click(page, title)
            for _ in range(rounds):
                for title in pages:
                    frames.clear()
                    before, started = cpu_ms(server.process.pid), time.monotonic()
                    result = await bb.click(page, title)
                    after = cpu_ms(server.process.pid)
                    last = max(((t - started) * 1000 for t, _ in frames), default=0.0)
                    rows[title].append((result["ms"], last, sum(n for _, n in frames) / 1024,
                                        after[0] - before[0], after[1] - before[1]))
            await context.close()
    finally:
        server.close()
        accounts.remove()
    return [(title, *[statistics.median(v[i] for v in values) for i in range(5)]) for title, values in rows.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pages", required=True, help="navigeringsnamn, kommaseparerade")
    parser.add_argument("--params", default="", help='länkens parametrar, t.ex. "ar=2025&period=helår"')
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    missing = bb.missing_prerequisite()
    if missing:
        print(f"Kan inte köras: {missing}", file=sys.stderr)
        return 1
    rows = asyncio.run(breakdown(args.database_url, [p.strip() for p in args.pages.split(",")],
                                 dict(parse_qsl(args.params)), args.rounds))
    number = lambda x: f"{x:,.0f}".replace(",", "\u00a0")  # noqa: E731
    print("| Sida | klick → klar | sista meddelandet | data | server, CPU | chromium, CPU |")
    print("|---|---:|---:|---:|---:|---:|")
    for title, idle, last, kib, server_cpu, chromium_cpu in rows:
        print(f"| {title} | {number(idle)} ms | {number(last)} ms | {number(kib)} KiB | {number(server_cpu)} ms "
              f"| {number(chromium_cpu)} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
