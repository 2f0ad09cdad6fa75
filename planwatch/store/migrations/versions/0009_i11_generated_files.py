"""reports and workbooks generated from the web (issue 11): one row per generated file with its
progress while it is built, who asked for it and when, and the file itself (base64)

Revision ID: 0009_i11
Revises: 0008_i18
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_i11'
down_revision = '0008_i18'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'generated_file',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('plan', sa.String(100), nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('fmt', sa.String(10), nullable=False),
        sa.Column('as_of', sa.String(10), nullable=False),
        sa.Column('state', sa.String(20), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('step', sa.Text()),
        sa.Column('message', sa.Text()),
        sa.Column('filename', sa.Text()),
        sa.Column('size', sa.Integer()),
        sa.Column('content', sa.Text()),
        sa.Column('created_by', sa.String(100), nullable=False),
        sa.Column('created_at', sa.String(40), nullable=False),
        sa.Column('finished_at', sa.String(40)),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_generated_file')),
    )
    op.create_index('ix_generated_file_plan', 'generated_file', ['plan'])


def downgrade() -> None:
    op.drop_index('ix_generated_file_plan', table_name='generated_file')
    op.drop_table('generated_file')
