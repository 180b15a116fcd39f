"""The task results admin, without the tasks' arguments.

django-tasks-db's admin shows each task's arguments; a password reset task's argument is the
email address someone typed, whether or not it has an account. Staff see what ran, when and
how it ended (with the traceback of a failure), not who asked for a reset.
"""

from django.contrib import admin
from django_tasks_db import admin as tasks_db_admin
from django_tasks_db.models import DBTaskResult

HIDDEN = ("args_kwargs", "return_value")


class TaskResultAdmin(tasks_db_admin.DBTaskResultAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f not in HIDDEN]


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
