"""month-first covering index on intakes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

For all units, PROTECT_24H and TALK_48H count the intakes of the period's months by their clock
columns. The month-first index held only team and gender, so each of the ~110 000 intakes of a
city's year was looked up in the table: about 1 s in a freshly started app process on SQLite, whose
page cache is empty (80 ms once warm). The index now covers the same columns as the team-first one
(0007), and the month-and-team counts of inflow read the same index.
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

COLUMNS = ['received_month', 'team_code', 'gender', 'protection_hours', 'serious_talk_hours', 'reason', 'reporter', 'age']


def upgrade() -> None:
    op.drop_index('ix_intakes_month_team_gender', table_name='intakes')
    op.create_index('ix_intakes_month_cover', 'intakes', COLUMNS)


def downgrade() -> None:
    op.drop_index('ix_intakes_month_cover', table_name='intakes')
    op.create_index('ix_intakes_month_team_gender', 'intakes', ['received_month', 'team_code', 'gender'])
