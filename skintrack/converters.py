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


class IsoWeekConverter:
    """An ISO week in a URL, like 2026-W48, as the date of its Monday.

    A week that does not exist (2026-W60, 2026-W00) does not match (404). `to_url` takes
    any day of the week, or a label.
    """

    regex = r"\d{4}-W\d{2}"

    def to_python(self, value: str) -> dt.date:
        year, week = value.split("-W")
        try:
            return dt.date.fromisocalendar(int(year), int(week), 1)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value: dt.date | str) -> str:
        day = self.to_python(value) if isinstance(value, str) else value
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"


class IsoMonthConverter:
    """A calendar month in a URL, like 2026-11, as the date of its first day."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        year, month = value.split("-")
        try:
            return dt.date(int(year), int(month), 1)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value: dt.date) -> str:
        return f"{value.year:04d}-{value.month:02d}"
