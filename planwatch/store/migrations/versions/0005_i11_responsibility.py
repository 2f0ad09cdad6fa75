"""units and responsibilities (责任分解): contacts on departments, the responsibility table
(issue 11)

Revision ID: 0005_i11
Revises: 0004_i16
"""

import sqlalchemy as sa
from alembic import op

revision = '0005_i11'
down_revision = '0004_i16'
branch_labels = None
depends_on = None


def _source_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column('src_document', sa.String(length=100)),
        sa.Column('src_line', sa.Integer()),
        sa.Column('src_table', sa.String(length=100)),
        sa.Column('src_cell', sa.String(length=50)),
        sa.Column('src_page', sa.Integer()),
        sa.Column('src_url', sa.Text()),
        sa.Column('src_title', sa.Text()),
        sa.Column('src_date', sa.String(length=20)),
        sa.Column('src_note', sa.Text()),
    ]


def upgrade() -> None:
    with op.batch_alter_table('department') as batch:
        batch.add_column(sa.Column('contacts', sa.Text(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('note', sa.Text(), nullable=True))
    op.create_table(
        'responsibility',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('indicator', sa.String(length=150), nullable=False),
        sa.Column('region', sa.String(length=50), nullable=False),
        sa.Column('lead', sa.String(length=100), nullable=False),
        sa.Column('co_units', sa.Text(), nullable=False),
        sa.Column('frequency', sa.String(length=20), nullable=False),
        sa.Column('deadline_days', sa.Integer(), nullable=False),
        sa.Column('grace_days', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.String(length=40), nullable=False),
        sa.Column('updated_by', sa.String(length=100), nullable=False),
        *_source_columns(),
        sa.ForeignKeyConstraint(['indicator'], ['indicator.id'],
                                name='fk_responsibility_indicator_indicator'),
        sa.ForeignKeyConstraint(['lead'], ['department.id'], name='fk_responsibility_lead_department'),
        sa.PrimaryKeyConstraint('id', name='pk_responsibility'),
        sa.UniqueConstraint('indicator', 'region', name='uq_responsibility_key'),
    )
    op.create_index('ix_responsibility_lead', 'responsibility', ['lead'])


def downgrade() -> None:
    op.drop_index('ix_responsibility_lead', table_name='responsibility')
    op.drop_table('responsibility')
    with op.batch_alter_table('department') as batch:
        batch.drop_column('note')
        batch.drop_column('contacts')
