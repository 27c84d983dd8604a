"""Lighthouse on one page of every page type, served as production serves it.

    python manage.py audit_pages            # what `make audit` runs
    python manage.py audit_pages --only case-study --only home

Builds a throwaway demo site (its own SQLite database and media), runs
collectstatic and gunicorn with the production settings (DEBUG=False,
whitenoise), then runs npm's Lighthouse with Debian's Chromium and its mobile
defaults (emulated phone, simulated slow 4G and 4× CPU slowdown) on each page.
Prints the four category scores and the HTML+CSS+JS bytes transferred.
Needs `npm ci` (Lighthouse in node_modules) and Chromium at CHROME_PATH.
"""

import json
import os
import subprocess
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo.tour import PAGE_TYPES
from devtools.production_server import demo_production_server

CATEGORIES = [("performance", "Perf"), ("accessibility", "A11y"), ("best-practices", "BP"), ("seo", "SEO")]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
TEXT_RESOURCES = {"Document", "Stylesheet", "Script"}
LIGHTHOUSE_TIMEOUT = 180  # seconds for one page


def lighthouse_binary():
    binary = Path(settings.BASE_DIR) / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise CommandError("Lighthouse is not installed: run `npm ci` first.")
    return binary


def chrome_path():
    path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(path).exists():
        raise CommandError(f"No Chromium at {path}: `apt-get install -y chromium`, or set CHROME_PATH.")
    return path


def run_lighthouse(url, attempts=2):
    """Lighthouse's JSON report for one URL, with its default (mobile) settings.

    Tried twice: Chromium now and then fails to record a trace (NO_NAVSTART), which says nothing about the page.
    """
    for _ in range(attempts):
        done = subprocess.run(
            [
                str(lighthouse_binary()), url, "--output=json", "--output-path=stdout", "--quiet",
                f"--chrome-path={chrome_path()}",
                # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                "--only-categories=" + ",".join(name for name, _ in CATEGORIES),
            ],
            capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT,
        )  # fmt: skip
        if done.returncode == 0:
            return json.loads(done.stdout)
    raise CommandError(f"Lighthouse failed {attempts} times on {url}:\n{done.stderr[-2000:]}")


def summarise(report):
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name, _ in CATEGORIES}
    requests = report["audits"]["network-requests"]["details"]["items"]
    text_bytes = sum(item.get("transferSize", 0) for item in requests if item.get("resourceType") in TEXT_RESOURCES)
    audits = report["audits"]
    failing = sorted(
        ref["id"]
        for category in report["categories"].values()
        if category["id"] != "performance"
        for ref in category["auditRefs"]
        if ref["weight"]
        and audits[ref["id"]]["scoreDisplayMode"] in ("binary", "numeric")
        and audits[ref["id"]]["score"] < 1
    )
    metrics = [
        audits[key]["displayValue"]
        for key in ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
    ]
    return scores, text_bytes, failing, metrics


class Command(BaseCommand):
    help = "Run Lighthouse (mobile) on every page type of the demo site under the production stack."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", choices=list(PAGE_TYPES), help="Audit just these page types.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2).")

    def handle(self, *args, only, workers, **options):
        lighthouse_binary(), chrome_path()  # fail before building anything
        pages = {name: PAGE_TYPES[name][0] for name in (only or PAGE_TYPES)}
        self.stdout.write("Building the demo site and starting gunicorn with the production settings…\n")
        self.stdout.write(f"{'Page type':<18} {'Path':<48} " + " ".join(f"{label:>4}" for _, label in CATEGORIES)
                          + f" {'HTML+CSS+JS':>11}  LCP, TBT, CLS")  # fmt: skip
        missed_pages = 0
        with demo_production_server(workers=workers) as (base_url, _database):
            for name, path in pages.items():
                # A first view makes the page's image renditions; Lighthouse should time a page as visitors see it.
                requests.get(base_url + path, timeout=LIGHTHOUSE_TIMEOUT).raise_for_status()
                missed_pages += self.report(name, path, *summarise(run_lighthouse(base_url + path)))
        summary = (
            f"\nTargets (performance ≥ 95, the others 100) met on {len(pages) - missed_pages} of {len(pages)} pages."
        )
        self.stdout.write(self.style.WARNING(summary) if missed_pages else self.style.SUCCESS(summary))

    def report(self, name, path, scores, text_bytes, failing, metrics):
        """One row; returns whether the page missed a target."""
        missed = any(scores[key] < TARGETS[key] for key, _ in CATEGORIES)
        line = f"{name:<18} {path[:48]:<48} " + " ".join(f"{scores[key]:>4}" for key, _ in CATEGORIES)
        line += f" {text_bytes / 1024:>8.1f} KB  " + ", ".join(metrics)
        if failing:
            line += f"  (not passed: {', '.join(failing)})"
        self.stdout.write(self.style.WARNING(line) if missed else line)
        return missed
