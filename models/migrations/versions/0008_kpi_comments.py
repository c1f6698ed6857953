"""kpi comments

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

The enhetschef's comment per KPI and month (or tertial): shown on the card, carried into the
monthly and tertial reports and, when she marks it, the APT deck.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'kpi_comments',
        sa.Column('unit_code', sa.String(length=40), sa.ForeignKey('units.unit_code'), nullable=False),
        sa.Column('kpi_code', sa.String(length=30), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('for_apt', sa.Boolean(), nullable=False),
        sa.Column('author', sa.String(length=100), nullable=False),
        sa.Column('written_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('unit_code', 'kpi_code', 'year', 'period'),
    )


def downgrade() -> None:
    op.drop_table('kpi_comments')
