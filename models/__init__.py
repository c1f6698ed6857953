"""The SQL store: every table of the import contract plus the import log and accounts."""

from models.base import Base
from models.cases import Intake, Intervention, Investigation, Person
from models.economy import BudgetLine, Target
from models.goals import (
    Goal,
    GoalActivity,
    GoalGrade,
    GoalIndicator,
    IndicatorValue,
    KpiComment,
)
from models.organisation import Team, Unit
from models.staffing import Absence, Position, Staff, WorkloadMeasurement
from models.system import (
    AuditEvent,
    ImportLog,
    Role,
    Setting,
    User,
    UserScope,
    UserSession,
)
from models.workload import (
    WorkloadCaseCount,
    WorkloadCategory,
    WorkloadLevel,
    WorkloadModel,
    WorkloadScaleStep,
)

__all__ = [
    "Absence",
    "AuditEvent",
    "Base",
    "BudgetLine",
    "Goal",
    "GoalActivity",
    "GoalGrade",
    "GoalIndicator",
    "ImportLog",
    "IndicatorValue",
    "KpiComment",
    "Intake",
    "Intervention",
    "Investigation",
    "Person",
    "Position",
    "Role",
    "Setting",
    "Staff",
    "Target",
    "Team",
    "Unit",
    "User",
    "UserScope",
    "UserSession",
    "WorkloadCaseCount",
    "WorkloadCategory",
    "WorkloadLevel",
    "WorkloadMeasurement",
    "WorkloadModel",
    "WorkloadScaleStep",
]
