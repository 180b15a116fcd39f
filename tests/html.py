"""Read rendered HTML as a person (the text) and as htmx (the out-of-band parts) would."""

from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
HIDDEN = {"script", "style", "template", "title"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        # (tag, id, has the hidden attribute) of the elements we are in
        self.open: list[tuple[str, str | None, bool]] = []
        self.texts: dict[str, list[str]] = {}  # id -> text inside that element
        self.oob: list[str] = []  # ids of top-level elements with hx-swap-oob
        self.visible: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        element_id = attrs.get("id")
        if not self.open and "hx-swap-oob" in attrs and element_id:
            self.oob.append(element_id)
        if element_id:
            self.texts.setdefault(element_id, [])
        # What a screen reader says or a pointer shows counts as visible text too.
        spoken = [attrs.get(name) for name in ("aria-label", "alt", "title")]
        self.visible.extend(value for value in spoken if value)
        if tag not in VOID:
            self.open.append((tag, element_id, "hidden" in attrs))

    def handle_endtag(self, tag):
        for at in range(len(self.open) - 1, -1, -1):
            if self.open[at][0] == tag:
                del self.open[at:]
                break

    def handle_data(self, data):
        for _, element_id, _ in self.open:
            if element_id:
                self.texts[element_id].append(data)
        if not any(tag in HIDDEN or hidden for tag, _, hidden in self.open):
            self.visible.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def squash(text: str) -> str:
    return " ".join(text.split())


def visible_text(html: str) -> str:
    """The page's text with every tag and attribute gone (what a person can read or hear)."""
    return squash(" ".join(read(html).visible))


def text_of(html: str, element_id: str) -> str:
    """The text inside the element with that id ("" when there is none)."""
    return squash(" ".join(read(html).texts.get(element_id, [])))


def out_of_band_ids(html: str) -> list[str]:
    """The ids of the top-level elements that htmx swaps in out of band."""
    return read(html).oob
