"""Log in as the demo person and screenshot pages at phone and desktop widths.

Usage: .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 /today/ /shelf/ ...
PNG files land in /tmp/skintrack-shots/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.chromium import launch  # noqa: E402


def main(base: str, paths: list[str], out=Path("/tmp/skintrack-shots")) -> None:
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
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
