"""Tasks that only the worker tests enqueue: they leave a trace in a file, not the database."""

import os
import time
from pathlib import Path

from django.tasks import task


@task
def record_run(number: int, trace: str) -> int:
    """Append "number pid" to `trace`: one line per run, so a task run twice shows twice."""
    time.sleep(0.01)  # a little work, so both workers get a share of the queue
    with open(trace, "a") as file:  # O_APPEND: whole short lines, even from two processes
        file.write(f"{number} {os.getpid()}\n")
    return number


@task
def slow_the_first_time(marker: str) -> str:
    """Sleeps long on the first run (the test kills its worker then), returns at once after."""
    path = Path(marker)
    if path.exists():
        return "second run"
    path.write_text(str(os.getpid()))
    time.sleep(60)
    return "first run"


@task
def always_fails() -> None:
    raise ValueError("this task always fails")
