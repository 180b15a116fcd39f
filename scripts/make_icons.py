"""Draw the app icons (PNG) from static/img/icon.svg and icon-maskable.svg with Chromium.

    .venv/bin/python scripts/make_icons.py

The maskable icon fills its square (the launcher cuts its own shape); the Apple touch icon
is the same, since iOS paints transparent corners black."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.chromium import launch  # noqa: E402

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
ICONS = [
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon-maskable.svg", "icon-maskable-512.png", 512),
    ("icon-maskable.svg", "apple-touch-icon.png", 180),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for source, target, size in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (IMG / source).read_text()
            page.set_content(
                "<style>html,body{margin:0;background:transparent}svg{display:block;"
                f"width:{size}px;height:{size}px}}</style>{svg}"
            )
            page.screenshot(path=str(IMG / target), omit_background=True)
            page.close()
            print(f"{target}: {size}×{size}")
        browser.close()


if __name__ == "__main__":
    main()
