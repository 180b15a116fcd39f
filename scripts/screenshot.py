"""Log in as the demo person and screenshot pages at phone and desktop widths.

Usage: .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 /today/ /shelf/ ...
PNG files land in /tmp/skintrack-shots/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(base: str, paths: list[str], out=Path("/tmp/skintrack-shots")) -> None:
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for label, width in (("phone", 390), ("desktop", 1280)):
            page = browser.new_page(viewport={"width": width, "height": 844})
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", "demo")
            page.fill("#id_password", "milia-demo-2026")
            page.click("button[type=submit]")
            for path in paths:
                page.goto(base + path)
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=out / f"{name}-{label}.png", full_page=True)
                print(out / f"{name}-{label}.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
