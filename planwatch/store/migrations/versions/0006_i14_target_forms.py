"""target forms of national plans (issue 14): relational targets, scopes, the plan's vocabulary,
annual targets with their qualifier, and the kind of an observation's source

Revision ID: 0006_i14
Revises: 0005_i11
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_i14'
down_revision = '0005_i11'
branch_labels = None
depends_on = None

COLUMNS = {
    'plan': [sa.Column('vocabulary', sa.String(20))],
    'indicator': [
        sa.Column('relation', sa.String(20)),
        sa.Column('reference_statistic', sa.String(100)),
        sa.Column('scope', sa.String(50)),
        sa.Column('proxy_scope', sa.String(50)),
    ],
    'milestone': [sa.Column('qualifier', sa.String(20)), sa.Column('text', sa.Text())],
    'observation': [sa.Column('src_kind', sa.String(30))],
}


def upgrade() -> None:
    for table, cols in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for col in cols:
                batch.add_column(col)


def downgrade() -> None:
    for table, cols in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for col in reversed(cols):
                batch.drop_column(col.name)
