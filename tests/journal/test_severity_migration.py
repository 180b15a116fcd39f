"""Symptoms were yes or no; the migration that adds severities makes every "yes" moderate."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories

BEFORE = [("journal", "0004_device_times_for_late_replays")]
AFTER = [("journal", "0007_symptom_severity_columns")]


@pytest.mark.django_db(transaction=True)
def test_a_yes_becomes_moderate_and_a_no_becomes_none_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Observation = old.get_model("journal", "MiliaObservation")
    person = factories.make_user("before-severity")  # accounts stays migrated
    Observation.objects.create(
        owner_id=person.pk, day=dt.date(2026, 5, 1), area="cheeks", count=3, pain=True, pus=True
    )
    Observation.objects.create(owner_id=person.pk, day=dt.date(2026, 5, 2), area="cheeks", count=2)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        rows = new.get_model("journal", "MiliaObservation").objects.order_by("day")
        fields = ("pain", "itching", "redness", "swelling", "pus")
        assert list(rows.values_list(*fields)) == [
            ("moderate", "none", "none", "none", "moderate"),
            ("none", "none", "none", "none", "none"),
        ]
        # And back: any severity is a "yes" again.
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old_rows = executor.loader.project_state(BEFORE).apps.get_model(
            "journal", "MiliaObservation"
        )
        assert list(old_rows.objects.order_by("day").values_list("pain", "itching", "pus")) == [
            (True, False, True),
            (False, False, False),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
