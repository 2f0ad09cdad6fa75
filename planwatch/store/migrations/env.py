"""Alembic environment: the connection is handed over by StoreBase.upgrade() (planwatch.store.core)."""

from alembic import context

from planwatch.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - planwatch always passes a connection
    raise RuntimeError("run migrations through `planwatch db upgrade`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
