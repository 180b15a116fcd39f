import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from skintrack.ops import housekeeping

logger = logging.getLogger(__name__)
_migrated = False  # once every migration is applied, it stays so for this process


def migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@never_cache
@require_safe
def healthz(request):
    """For a load balancer: 200 when this server can serve, 503 when it can't (database down
    or migrations pending). No login, and nothing about anyone: only counts of queued tasks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        migrated = migrations_applied()
        tasks = housekeeping.queue_state() if migrated else None
    except DatabaseError:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    body = {
        "status": "ok" if migrated else "unavailable",
        "database": "ok",
        "migrations": "applied" if migrated else "pending",
    }
    if tasks is not None:
        body["tasks"] = tasks
    return JsonResponse(body, status=200 if migrated else 503)
