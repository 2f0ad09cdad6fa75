"""review queue: rank_of, data status and the corrected value on candidates

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('candidate') as batch:
        batch.add_column(sa.Column('rank_of', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('status', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('corrected_value', sa.Float(), nullable=True))
        batch.add_column(sa.Column('corrected_unit', sa.String(length=50), nullable=True))
        batch.create_index('ix_candidate_observation_id', ['observation_id'])


def downgrade() -> None:
    with op.batch_alter_table('candidate') as batch:
        batch.drop_index('ix_candidate_observation_id')
        batch.drop_column('corrected_unit')
        batch.drop_column('corrected_value')
        batch.drop_column('status')
        batch.drop_column('rank_of')
