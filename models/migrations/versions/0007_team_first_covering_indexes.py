"""team-first covering indexes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

One unit's KPIs read its teams' rows through the team-first indexes; these now also carry the
columns the KPIs count by (gender, hours, days, the talk population, the person for re-referrals),
so PostgreSQL answers from the index alone instead of visiting a month of the whole city's rows
(measured 66 → 5 ms for PROTECT_24H on one unit of the city store).
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

COVERING = {
    ('intakes', 'ix_intakes_team_month'): (
        ['team_code', 'received_month'],
        ['team_code', 'received_month', 'gender', 'protection_hours', 'serious_talk_hours', 'reason', 'reporter', 'age'],
    ),
    ('intakes', 'ix_intakes_team_assessment_month'): (
        ['team_code', 'assessment_month'],
        ['team_code', 'assessment_month', 'gender', 'assessment_days'],
    ),
    ('investigations', 'ix_investigations_team_end_month'): (
        ['team_code', 'end_month'],
        ['team_code', 'end_month', 'gender', 'person_key', 'end_date', 'due_date', 'duration_days'],
    ),
}


def _replace(which: int) -> None:
    for (table, name), columns in COVERING.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns[which])


def upgrade() -> None:
    _replace(1)


def downgrade() -> None:
    _replace(0)
