"""projects read from plan documents (owner and location as printed, content, category) and
evidence files uploaded with a progress report (issue 16)

Revision ID: 0010_i16
Revises: 0009_i11
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_i16'
down_revision = '0009_i11'
branch_labels = None
depends_on = None

COLUMNS = {
    'project': [
        sa.Column('owner_text', sa.Text()),
        sa.Column('location', sa.Text()),
        sa.Column('content', sa.Text()),
        sa.Column('category', sa.Text()),
    ],
}


def upgrade() -> None:
    for table, cols in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for col in cols:
                batch.add_column(col)
    op.create_table(
        'evidence_file',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('progress', sa.Integer(), sa.ForeignKey('progress.id'), nullable=False),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('content_type', sa.String(100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(64), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),  # base64 (dumps stay JSON text)
        sa.Column('uploaded_by', sa.String(100), nullable=False),
        sa.Column('uploaded_at', sa.String(40), nullable=False),
    )
    op.create_index('ix_evidence_file_progress', 'evidence_file', ['progress'])


def downgrade() -> None:
    op.drop_index('ix_evidence_file_progress', table_name='evidence_file')
    op.drop_table('evidence_file')
    for table, cols in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for col in reversed(cols):
                batch.drop_column(col.name)
