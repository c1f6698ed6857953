"""intake handläggare

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

The responsible handläggare of an aktualisering (intakes.csv's optional `staff_code`), for the
early-warning list of open intakes. Nullable: older extracts have no such column, and a new
intake may not yet be assigned. Added in place (no table copy on SQLite, where a city store has
over a million intakes): on SQLite the reference to staff is written inline in ADD COLUMN, the only
form SQLite takes; on PostgreSQL it is a named constraint, as the models name it.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'intakes',
        sa.Column('staff_code', sa.String(length=40),
                  sa.ForeignKey('staff.staff_code', name=op.f('fk_intakes_staff_code_staff')), nullable=True),
        inline_references=op.get_bind().dialect.name == "sqlite",  # PostgreSQL: ADD CONSTRAINT, with its stable name
    )


def downgrade() -> None:
    with op.batch_alter_table('intakes') as batch_op:  # SQLite cannot drop a referencing column in place
        batch_op.drop_column('staff_code')
