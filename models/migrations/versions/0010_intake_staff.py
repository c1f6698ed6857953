"""intake handläggare

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

The responsible handläggare of an aktualisering (intakes.csv's optional `staff_code`), for the
early-warning list of open intakes. Nullable: older extracts have no such column, and a new
intake may not yet be assigned. A plain column added in place (no table copy on SQLite, where a
city store has over a million intakes). The importer checks each code against staff, as it does
for investigations; there is no foreign key, which PostgreSQL would check with one lookup per row
in the COPY of a city's intakes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('intakes', sa.Column('staff_code', sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column('intakes', 'staff_code')
