"""Career pathways: ordered stages, the people heading up them, and how they get there.

- pathway.py: CareerPathway, PathwayStage (each tied to a core JobRole) and the stage's
  development-plan template.
- enrolment.py: Enrolment (nomination -> progression), MentorAssignment, Review.
- development.py: SkillsAssessment with its ratings, DevelopmentPlan, Objective, Activity, Evidence.

Status changes go through pathways/transitions.py (and progression through pathways/progression.py),
never by setting `status` in a view.
"""

from pathways.models.development import (  # noqa: F401
    Activity,
    DevelopmentPlan,
    Evidence,
    Objective,
    SkillRating,
    SkillsAssessment,
)
from pathways.models.enrolment import Enrolment, MentorAssignment, Readiness, Review  # noqa: F401
from pathways.models.pathway import CareerPathway, PathwayStage, TemplateActivity, TemplateObjective  # noqa: F401
