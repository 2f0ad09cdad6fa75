"""audit log append-only: the database refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) of
audit_log rows, whatever code or person tries it (issue 8)

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

MESSAGE = 'audit_log is append-only (审计日志只能追加，不能修改或删除)'

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION planwatch_audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_FUNCTION)
        op.execute('CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log '
                   'FOR EACH ROW EXECUTE FUNCTION planwatch_audit_log_append_only()')
        op.execute('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log '
                   'FOR EACH STATEMENT EXECUTE FUNCTION planwatch_audit_log_append_only()')
    else:
        for event in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log')
        op.execute('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log')
        op.execute('DROP FUNCTION IF EXISTS planwatch_audit_log_append_only()')
    else:
        op.execute('DROP TRIGGER IF EXISTS audit_log_no_update')
        op.execute('DROP TRIGGER IF EXISTS audit_log_no_delete')
