"""Action plans: plan > priority (or theme) > area of focus > action > outputs.

Two real shapes are supported without faking either (see DOMAIN.md):
- Layout A: priorities > areas of focus > actions > outputs; responsibility, timeframe,
  milestones, resources, risks and progress are written per output row.
- Layout B: themes > actions, with contributors and expected achievements; no areas of focus.

RAG is worked out in one place, `ActionQuerySet.with_rag()` (its rules are in `actionplans/rag.py`),
so the plan page, the summary and the board report count the same thing the same way.

Split by level: plan.py (plan, signatories, priorities, areas of focus), actions.py (actions,
outputs and what hangs off them), risks.py (risks, progress updates).
"""

from actionplans.models.actions import (  # noqa: F401
    Action,
    ActionQuerySet,
    Commitment,
    Contributor,
    ExpectedAchievement,
    Milestone,
    Output,
    OutputTarget,
)
from actionplans.models.plan import ActionPlan, FocusArea, PledgeSignatory, Priority  # noqa: F401
from actionplans.models.risks import ProgressUpdate, Risk  # noqa: F401
from actionplans.rag import AMBER_WINDOW_DAYS, RAG, RAGState  # noqa: F401  (imported from here too)
from actionplans.responsibility import ResponsibilityMapping  # noqa: E402, F401
