import datetime as dt


class IsoDateConverter:
    """A calendar day in a URL, like 2026-11-27. Anything else does not match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value: dt.date) -> str:
        return value.isoformat()
