"""hardening (issue 18): observations may only name statistics and regions that exist (foreign
keys, after a check of the existing rows); server-side sessions; login attempts for lockout

Revision ID: 0008_i18
Revises: 0007_i14
"""

import sqlalchemy as sa
from alembic import op

from planwatch.errors import StoreError

revision = '0008_i18'
down_revision = '0007_i14'
branch_labels = None
depends_on = None


def _orphans(column: str, table: str) -> list[str]:
    rows = op.get_bind().execute(sa.text(
        f"SELECT DISTINCT o.{column} FROM observation o LEFT JOIN {table} t ON t.id = o.{column} "
        f"WHERE t.id IS NULL ORDER BY o.{column}")).scalars().all()
    return [str(r) for r in rows]


def upgrade() -> None:
    for column, table, label in (('statistic', 'statistic', '统计指标'), ('region', 'region', '地区')):
        bad = _orphans(column, table)
        if bad:
            shown = '、'.join(bad[:10]) + (f' 等 {len(bad)} 个' if len(bad) > 10 else '')
            raise StoreError(
                f'无法升级数据库：观测值引用了不存在的{label}（{shown}）。请先用 planwatch 补登这些{label}'
                '或删除相应观测值，再运行 planwatch db upgrade。数据库未做任何修改。')
    with op.batch_alter_table('observation') as batch:
        batch.create_foreign_key('fk_observation_statistic_statistic', 'statistic', ['statistic'], ['id'])
        batch.create_foreign_key('fk_observation_region_region', 'region', ['region'], ['id'])
    op.create_table(
        'user_session',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.Float(), nullable=False),
        sa.Column('last_seen', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name='fk_user_session_user_id_app_user'),
        sa.PrimaryKeyConstraint('id', name='pk_user_session'),
    )
    op.create_index('ix_user_session_user_id', 'user_session', ['user_id'])
    op.create_table(
        'login_attempt',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('username', sa.String(length=100), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.Column('ok', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_login_attempt'),
    )
    op.create_index('ix_login_attempt_username', 'login_attempt', ['username', 'at'])
    op.create_index('ix_login_attempt_address', 'login_attempt', ['address', 'at'])


def downgrade() -> None:
    op.drop_index('ix_login_attempt_address', table_name='login_attempt')
    op.drop_index('ix_login_attempt_username', table_name='login_attempt')
    op.drop_table('login_attempt')
    op.drop_index('ix_user_session_user_id', table_name='user_session')
    op.drop_table('user_session')
    with op.batch_alter_table('observation') as batch:
        batch.drop_constraint('fk_observation_region_region', type_='foreignkey')
        batch.drop_constraint('fk_observation_statistic_statistic', type_='foreignkey')
