"""successor plans and declared units (issue 14): the plan of the previous period
(``plan.predecessor``, YAML ``successor_of``) and the units of measure a data folder declares
in units.yaml (``measure_unit``)

Revision ID: 0007_i14
Revises: 0006_i14
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_i14'
down_revision = '0006_i14'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan') as batch:
        batch.add_column(sa.Column('predecessor', sa.String(100)))
    op.create_table(
        'measure_unit',
        sa.Column('id', sa.String(50), nullable=False),
        sa.Column('dimension', sa.String(50), nullable=False),
        sa.Column('factor', sa.Float(), nullable=False),
        sa.Column('label', sa.Text(), nullable=False),
        sa.Column('aliases', sa.Text(), nullable=False),
        sa.Column('dataset', sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_unit')),
    )


def downgrade() -> None:
    op.drop_table('measure_unit')
    with op.batch_alter_table('plan') as batch:
        batch.drop_column('predecessor')
