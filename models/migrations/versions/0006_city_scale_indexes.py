"""city-scale indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Indexes for ten years of a whole city (issue 8): month keys first, so a period is one range
scan, and covering the team and gender columns the KPIs group by, so "all units" figures are
read from the index alone.
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_intakes_month', table_name='intakes')
    op.create_index('ix_intakes_month_team_gender', 'intakes', ['received_month', 'team_code', 'gender'])
    op.create_index('ix_intakes_assessed_cover', 'intakes', ['assessment_month', 'team_code', 'gender', 'assessment_days'])
    op.create_index('ix_investigations_end_month_team', 'investigations', ['end_month', 'team_code'])
    op.create_index('ix_interventions_category_start', 'interventions', ['category', 'start_date', 'team_code'])
    op.create_index('ix_intakes_assessed_on', 'intakes', ['assessment_date', 'received_date'])
    op.create_index('ix_investigations_open_on', 'investigations', ['end_date', 'start_date'])
    op.create_index('ix_interventions_start_end', 'interventions', ['start_date', 'end_date'])


def downgrade() -> None:
    op.drop_index('ix_interventions_start_end', table_name='interventions')
    op.drop_index('ix_investigations_open_on', table_name='investigations')
    op.drop_index('ix_intakes_assessed_on', table_name='intakes')
    op.drop_index('ix_interventions_category_start', table_name='interventions')
    op.drop_index('ix_investigations_end_month_team', table_name='investigations')
    op.drop_index('ix_intakes_assessed_cover', table_name='intakes')
    op.drop_index('ix_intakes_month_team_gender', table_name='intakes')
    op.create_index('ix_intakes_month', 'intakes', ['received_month'])
