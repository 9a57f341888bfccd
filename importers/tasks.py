"""Background work for imports, run by the task queue's worker (`manage.py db_worker`)."""

from django_tasks import task

from importers.services import pending_import_read


@task()
def read_pending_import(pending_id: int) -> None:
    """Read an upload (or lay it out again with the admin's mapping) and store the reading."""
    pending_import_read(pending_id=pending_id)
