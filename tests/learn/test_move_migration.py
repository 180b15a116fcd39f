"""Learn's content moved from the guidance app to the learn app: a database that already
holds pages, treatments, questions and references (and an editor group allowed to change
them) keeps all of it, on SQLite and on PostgreSQL alike."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from skintrack.learn import content_data
from skintrack.learn.models import FaqEntry, LearnPage, Reference, Treatment

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MOVE = [("guidance", "0004_sunscreen_spf_and_morning_end"), ("learn", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_rows_and_permissions_survive_the_move_and_the_way_back():
    old = migrate(BEFORE_MOVE)
    OldPage = old.get_model("guidance", "LearnPage")
    page = OldPage.objects.create(
        title="Written before the move", slug="before-the-move", summary="s", body="Kept."
    )
    old.get_model("guidance", "Treatment").objects.create(
        name="Old treatment", what_it_is="w", performed_by="p", risks="r"
    )
    old.get_model("guidance", "FaqEntry").objects.create(question="Old question?", answer="a")
    seeded = next(row for row in content_data.LEARN_PAGES if row["slug"] == "what-are-milia")
    OldPage.objects.update_or_create(
        slug="what-are-milia",
        defaults={k: seeded[k] for k in ("title", "summary", "body", "order")},
    )
    OldReference = old.get_model("guidance", "Reference")
    OldReference.objects.create(title="Old reference", url="https://example.org/old")
    # The first seed's magazine links: removed when untouched, kept when staff changed them.
    OldReference.objects.update_or_create(
        url="https://www.medicalnewstoday.com/articles/320953",
        defaults={"title": "Medical News Today: milia"},
    )
    OldReference.objects.update_or_create(
        url="https://www.elle.com/uk/beauty/skin/a40296/how-to-get-rid-of-milia/",
        defaults={"title": "ELLE UK, kept on purpose by an editor"},
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    page_type, _ = ContentType.objects.get_or_create(app_label="guidance", model="learnpage")
    change_page, _ = Permission.objects.get_or_create(
        content_type=page_type, codename="change_learnpage", defaults={"name": "Can change"}
    )
    editors = Group.objects.create(name="Editors from before")
    editors.permissions.add(change_page)

    migrate(leaf_nodes())

    moved = LearnPage.objects.get(slug="before-the-move")
    assert (moved.pk, moved.body) == (page.pk, "Kept.")
    assert Treatment.objects.filter(name="Old treatment").exists()
    assert FaqEntry.objects.filter(question="Old question?").exists()
    assert Reference.objects.filter(url="https://example.org/old").exists()
    assert not Reference.objects.filter(url__contains="medicalnewstoday").exists()
    assert Reference.objects.filter(title="ELLE UK, kept on purpose by an editor").exists()
    # A page written by staff gets no review date from the seed; seeded pages have one.
    assert moved.last_reviewed is None
    assert LearnPage.objects.get(slug="what-are-milia").last_reviewed == content_data.REVIEWED_ON
    assert LearnPage.objects.get(slug="what-are-milia").references.exists()
    # The editors keep their right to change pages: it now reads learn.change_learnpage.
    from django.contrib.auth.models import Group as LiveGroup

    codes = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in LiveGroup.objects.get(name="Editors from before").permissions.all()
    }
    assert codes == {"learn.change_learnpage"}
    # New rows still get fresh ids (the id sequence followed the renamed table).
    newer = LearnPage.objects.create(title="After", slug="after", summary="s", body="b")
    assert newer.pk > moved.pk

    # And back: the rows return to the guidance app's tables.
    old = migrate(BEFORE_MOVE)
    assert old.get_model("guidance", "LearnPage").objects.filter(slug="after").exists()
    migrate(leaf_nodes())
    assert LearnPage.objects.filter(slug="before-the-move").exists()
