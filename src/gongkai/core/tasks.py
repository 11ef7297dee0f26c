"""The one task interface (django-tasks).

Define background work with ``@task`` and start it with ``.enqueue(...)``:

    from gongkai.core.tasks import task

    @task()
    def send_reminders(org_id: int) -> int: ...

    send_reminders.enqueue(org_id)

The backend is a setting (settings.TASKS): the immediate backend runs the task at once,
in-process (tests and the demo); production uses the database backend and one or more
``gongkai worker`` processes (docs/operations.md). With the database backend an enqueue
inside a transaction becomes visible to workers only when the transaction commits, so a
task never sees state its caller rolled back. Task arguments must be JSON values (ids,
not model instances).
"""

from django_tasks import default_task_backend, task

__all__ = ["default_task_backend", "task"]
