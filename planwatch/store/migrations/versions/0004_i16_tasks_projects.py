"""key tasks and major projects: plan_task, task_unit, project, progress (issue 16)

Revision ID: 0004_i16
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004_i16'
down_revision = '0003'
branch_labels = None
depends_on = None


def _source_columns() -> list[sa.Column[object]]:
    return [
        sa.Column('src_document', sa.String(length=100), nullable=True),
        sa.Column('src_line', sa.Integer(), nullable=True),
        sa.Column('src_table', sa.String(length=100), nullable=True),
        sa.Column('src_cell', sa.String(length=50), nullable=True),
        sa.Column('src_page', sa.Integer(), nullable=True),
        sa.Column('src_url', sa.Text(), nullable=True),
        sa.Column('src_title', sa.Text(), nullable=True),
        sa.Column('src_date', sa.String(length=20), nullable=True),
        sa.Column('src_note', sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        'plan_task',
        sa.Column('id', sa.String(length=150), nullable=False),
        sa.Column('plan', sa.String(length=100), nullable=False),
        sa.Column('key', sa.String(length=50), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('section', sa.Text(), nullable=False),
        sa.Column('parent', sa.String(length=150), nullable=True),
        sa.Column('box', sa.Text(), nullable=True),
        sa.Column('time_nodes', sa.Text(), nullable=False),
        sa.Column('numbers', sa.Text(), nullable=False),
        sa.Column('statistics', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('end_line', sa.Integer(), nullable=True),
        *_source_columns(),
        sa.ForeignKeyConstraint(['plan'], ['plan.id'], name='fk_plan_task_plan_plan'),
        sa.PrimaryKeyConstraint('id', name='pk_plan_task'),
        sa.UniqueConstraint('plan', 'key', name='uq_plan_task_plan_key'),
    )
    op.create_index('ix_plan_task_plan', 'plan_task', ['plan'])
    op.create_table(
        'task_unit',
        sa.Column('task', sa.String(length=150), nullable=False),
        sa.Column('department', sa.String(length=100), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('assigned_by', sa.String(length=100), nullable=False),
        sa.Column('assigned_at', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['task'], ['plan_task.id'], name='fk_task_unit_task_plan_task'),
        sa.ForeignKeyConstraint(['department'], ['department.id'],
                                name='fk_task_unit_department_department'),
        sa.PrimaryKeyConstraint('task', 'department', name='pk_task_unit'),
    )
    op.create_table(
        'project',
        sa.Column('id', sa.String(length=150), nullable=False),
        sa.Column('plan', sa.String(length=100), nullable=True),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=100), nullable=True),
        sa.Column('region', sa.String(length=50), nullable=True),
        sa.Column('total_investment', sa.Float(), nullable=True),
        sa.Column('unit', sa.String(length=20), nullable=False),
        sa.Column('annual_plan', sa.Text(), nullable=False),
        sa.Column('start_year', sa.Integer(), nullable=True),
        sa.Column('finish_year', sa.Integer(), nullable=True),
        sa.Column('milestones', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=30), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        *_source_columns(),
        sa.ForeignKeyConstraint(['plan'], ['plan.id'], name='fk_project_plan_plan'),
        sa.ForeignKeyConstraint(['owner'], ['department.id'], name='fk_project_owner_department'),
        sa.PrimaryKeyConstraint('id', name='pk_project'),
    )
    op.create_index('ix_project_plan', 'project', ['plan'])
    op.create_table(
        'progress',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('target_kind', sa.String(length=10), nullable=False),
        sa.Column('target', sa.String(length=150), nullable=False),
        sa.Column('period', sa.String(length=30), nullable=False),
        sa.Column('department', sa.String(length=100), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('investment', sa.Float(), nullable=True),
        sa.Column('milestones', sa.Text(), nullable=False),
        sa.Column('evidence_url', sa.Text(), nullable=True),
        sa.Column('evidence_document', sa.Text(), nullable=True),
        sa.Column('evidence_facts', sa.Text(), nullable=False),
        sa.Column('self_status', sa.String(length=20), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=True),
        sa.Column('submitted_by', sa.String(length=100), nullable=False),
        sa.Column('submitted_at', sa.String(length=40), nullable=False),
        sa.Column('reviewed_by', sa.String(length=100), nullable=True),
        sa.Column('reviewed_at', sa.String(length=40), nullable=True),
        sa.Column('review_comment', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['department'], ['department.id'],
                                name='fk_progress_department_department'),
        sa.PrimaryKeyConstraint('id', name='pk_progress'),
    )
    op.create_index('ix_progress_target', 'progress', ['target'])


def downgrade() -> None:
    op.drop_index('ix_progress_target', table_name='progress')
    op.drop_table('progress')
    op.drop_index('ix_project_plan', table_name='project')
    op.drop_table('project')
    op.drop_table('task_unit')
    op.drop_index('ix_plan_task_plan', table_name='plan_task')
    op.drop_table('plan_task')
