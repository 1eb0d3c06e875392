"""The pathways demo's story as data (pathways/demo.py writes it): the ladder, the stage
templates, and each candidate's time on the pathway."""

from __future__ import annotations

from dataclasses import dataclass, field

from pathways.models import Enrolment, Readiness, Review
from pathways.models.pathway import ActivityKind

S, R, K = Enrolment.Status, Readiness, ActivityKind
HIGH, MODERATE, LOW = Review.Rating.HIGH, Review.Rating.MODERATE, Review.Rating.LOW

PATHWAY = "Trainer pathway"
LADDER = [("Home Trainer", 0), ("Link Trainer", 12), ("Regional Training Officer", 18)]

# Objectives every candidate for a stage starts with: (title, competency, months), [(kind, title)].
TEMPLATES = {
    "Link Trainer": [
        (
            "Deliver mandatory training in a home without its own trainer",
            "Delivering training sessions",
            6,
            [
                (K.SUPPORTING_TRAINER, "Co-deliver with the Regional Training Officer"),
                (K.SHADOWING, "Shadow"),
            ],
        ),
        (
            "Assess Care Certificate standards with confidence",
            "Assessing competence",
            9,
            [(K.COURSE, "Certificate in Assessing Vocational Achievement")],
        ),
    ],
    "Regional Training Officer": [
        (
            "Write a regional training needs analysis",
            "Training needs analysis",
            9,
            [(K.WORK_EXPERIENCE, "Draft one region's analysis with the L&D manager")],
        ),
        (
            "Lead a quality assurance audit of training",
            "Quality assurance of training",
            12,
            [(K.SHADOWING, "Shadow an audit"), (K.COACHING, "Coaching on giving feedback")],
        ),
    ],
}


@dataclass
class Story:
    """One person's time on the pathway. `who` finds them: (job title, unit name)."""

    who: tuple[str, str]
    aims_for: str
    status: str
    nominated_months_ago: int
    reason: str
    mentor: str | None = None  # the region whose Regional Training Officer mentors them
    readiness: str = ""
    gaps: dict[str, int] = field(default_factory=dict)  # competency: levels short
    review: tuple | None = None  # (held days ago, next review in days, performance, potential)
    plan: bool = False
    awaiting_sign_off: bool = False
    closing_reason: str = ""


STORIES = [
    Story(
        ("Home Trainer", "Oak House"),
        "Link Trainer",
        S.IN_DEVELOPMENT,
        8,
        "Runs the best induction in the region; other homes ask for her.",
        mentor="North Region",
        readiness=R.WITHIN_1_YEAR,
        gaps={"Delivering training sessions": 1, "Assessing competence": 1, "Leading and influencing": 1},
        review=(42, 42, HIGH, HIGH),
        plan=True,
        awaiting_sign_off=True,
    ),
    Story(
        ("Home Trainer", "Beech Lodge"),
        "Link Trainer",
        S.IN_DEVELOPMENT,
        11,
        "Keeps the nursing home's matrix at 95% and coaches new seniors.",
        mentor="North Region",
        readiness=R.ONE_TO_TWO_YEARS,
        gaps={
            "Delivering training sessions": 1,
            "Assessing competence": 2,
            "Training needs analysis": 1,
            "Coaching and mentoring": 1,
        },
        # Held four months ago, next one agreed for three weeks ago: overdue.
        review=(120, -21, MODERATE, HIGH),
        plan=True,
    ),
    Story(
        ("Link Trainer", "North Region"),
        "Regional Training Officer",
        S.READY,
        20,
        "Has covered the region's homes without trainers for a year.",
        mentor="North Region",
        readiness=R.READY_NOW,
        gaps={"Leading and influencing": 1},
        review=(30, 60, HIGH, MODERATE),
        plan=True,
    ),
    Story(
        ("Home Trainer", "Ash Grove"),
        "Link Trainer",
        S.NOMINATED,
        0,
        "Volunteered to train the night staff; ready for a wider role.",
    ),
    Story(
        ("Senior Care Assistant", "Moorside"),
        "Home Trainer",
        S.ACCEPTED,
        2,
        "Moorside has had no Home Trainer since spring; she already runs the moving and handling refreshers.",
        mentor="North Region",
        readiness=R.WITHIN_1_YEAR,
    ),
    Story(
        ("Home Trainer", "Elm Court"),
        "Link Trainer",
        S.IN_DEVELOPMENT,
        9,
        "Trains two homes already and wants to do it properly.",
        mentor="South Region",
        readiness=R.WITHIN_1_YEAR,
        gaps={"Assessing competence": 1, "Quality assurance of training": 1},
        review=(35, 55, MODERATE, MODERATE),
        plan=True,
    ),
    Story(
        ("Home Trainer", "Seaview Lodge"),
        "Link Trainer",
        S.IN_DEVELOPMENT,
        14,
        "Led the home's dementia training from scratch.",
        mentor="East Region",
        readiness=R.READY_NOW,
        gaps={"Record keeping and compliance": 1},
        review=(20, 70, HIGH, HIGH),
        plan=True,
    ),
    Story(
        ("Home Trainer", "Rowan House"),
        "Link Trainer",
        S.DECLINED,
        5,
        "Asked to be considered.",
        closing_reason="Not this year: Rowan House's own compliance must recover first; "
        "nominate again in spring.",
    ),
    Story(
        ("Home Trainer", "Birch Manor"),
        "Link Trainer",
        S.IN_DEVELOPMENT,
        6,
        "Keen and well liked; still new to assessing.",
        mentor="West Region",
        readiness=R.ONE_TO_TWO_YEARS,
        gaps={"Assessing competence": 2, "Delivering training sessions": 1, "Training needs analysis": 1},
        review=(50, 40, LOW, MODERATE),
        plan=True,
    ),
    Story(
        ("Home Trainer", "Holly Lodge"),
        "Link Trainer",
        S.IN_DEVELOPMENT,
        3,
        "Her manager sees a future Link Trainer in her.",
        mentor="West Region",
        readiness=R.NOT_YET,
        gaps={"Delivering training sessions": 2, "Assessing competence": 2, "Coaching and mentoring": 1},
        plan=True,
    ),
]
