"""The traineeships demo as tables (read by traineeships/demo.py): partners, programmes, intakes
with their dates in months from the demo's today, and who applied and how far each got."""

from __future__ import annotations

from dataclasses import dataclass

from traineeships.models import Outcome, Stage

S = Stage
PRINCES_TRUST = "The Prince's Trust"
COLLEGE = "Northshire College"
JOBCENTRE = "Northshire Jobcentre Plus"
PARTNERS = [PRINCES_TRUST, COLLEGE, JOBCENTRE]

TRAINEESHIP = "Lived Experience Traineeship"
WORK_EXPERIENCE = "Care Work Experience"
PRE_EMPLOYMENT = "Get into Care"
PROGRAMMES = {
    TRAINEESHIP: {
        "kind": "service_user_traineeship",
        "typical_length_weeks": 52,
        "partners": [],
        "description": "A year's paid traineeship for people who have used our services: a placement in "
        "one of our homes with a placement supervisor, a life coach for life outside work, and "
        "quarterly support meetings. Many trainees go on to an entry-level post with us.",
    },
    WORK_EXPERIENCE: {
        "kind": "work_experience",
        "typical_length_weeks": 2,
        "partners": [COLLEGE],
        "description": "Two weeks in a care home for health and social care students at Northshire College.",
    },
    PRE_EMPLOYMENT: {
        "kind": "pre_employment",
        "typical_length_weeks": 12,
        "partners": [PRINCES_TRUST, JOBCENTRE],
        "description": "A twelve-week pre-employment placement for young unemployed people, run with The "
        "Prince's Trust, with a guaranteed interview for a care assistant post at the end.",
    },
}


@dataclass(frozen=True)
class IntakePlan:
    key: str
    programme: str
    name: str
    opens: int  # months from the demo's today
    closes: int
    starts: int
    ends: int
    places: int
    status: str
    # (how many, furthest stage reached, how it closed: "" open or started, else withdrawn/unsuccessful)
    applicants: tuple[tuple[int, str, str], ...]
    ends_days: int = 0  # added to `ends` (a fortnight's work experience)


W, U = S.WITHDRAWN, S.UNSUCCESSFUL
INTAKES = [
    # Finished, with outcomes; recruitment closed long enough ago for its unsuccessful and withdrawn
    # applicants to have been anonymised.
    IntakePlan(
        "finished",
        TRAINEESHIP,
        "First intake",
        -24,
        -21,
        -20,
        -8,
        8,
        "finished",
        (
            (8, S.STARTED, ""),
            (4, S.INTERVIEW, U),
            (3, S.ASSESSED_VISIT, U),
            (3, S.APPLIED, W),
            (3, S.INFORMATION_SESSION, W),
            (2, S.ENQUIRY, W),
            (1, S.CHECKS, W),
        ),
    ),  # fmt: skip
    # In placement: a broken-down placement, an overdue support meeting, confidential plans.
    IntakePlan(
        "placement",
        TRAINEESHIP,
        "Second intake",
        -9,
        -6,
        -5,
        7,
        8,
        "in_placement",
        (
            (7, S.STARTED, ""),
            (4, S.INTERVIEW, U),
            (2, S.ASSESSED_VISIT, U),
            (3, S.APPLIED, W),
            (2, S.INFORMATION_SESSION, W),
            (2, S.ENQUIRY, W),
        ),
    ),  # fmt: skip
    # Recruiting now: someone at every open stage.
    IntakePlan(
        "recruiting",
        TRAINEESHIP,
        "Third intake",
        -1,
        1,
        2,
        14,
        8,
        "recruiting",
        (
            (4, S.ENQUIRY, ""),
            (4, S.INFORMATION_SESSION, ""),
            (3, S.APPLIED, ""),
            (3, S.ASSESSED_VISIT, ""),
            (3, S.INTERVIEW, ""),
            (2, S.OFFERED, ""),
            (3, S.CHECKS, ""),
            (1, S.APPLIED, W),
        ),
    ),  # fmt: skip
    IntakePlan(
        "work_experience",
        WORK_EXPERIENCE,
        "Spring placements",
        -6,
        -5,
        -4,
        -4,
        6,
        "finished",
        ((6, S.STARTED, ""), (2, S.APPLIED, W)),
        ends_days=11,
    ),  # fmt: skip
    IntakePlan(
        "pre_employment",
        PRE_EMPLOYMENT,
        "First cohort",
        -4,
        -3,
        -2,
        1,
        6,
        "in_placement",
        ((5, S.STARTED, ""), (2, S.INTERVIEW, U), (1, S.OFFERED, W)),
    ),  # fmt: skip
]

HEARD_VIA = ["service_referral", "service_referral", "word_of_mouth", "partner", "jobcentre", "website"]
REFERRERS = ["Her key worker at Hope House", "The Northshire Housing Support team", "His support worker", ""]
STAGE_NOTES = {
    S.INFORMATION_SESSION: "Came to the information session.",
    S.APPLIED: "Application received.",
    S.ASSESSED_VISIT: "Spent a morning at the home; the team liked them.",
    S.INTERVIEW: "Interviewed by the L&D manager and a Home Manager.",
    S.OFFERED: "Offered a place.",
    S.CHECKS: "Accepted; checks started.",
    S.STARTED: "Started with the induction day.",
    S.WITHDRAWN: "Withdrew: found other work.",
    S.UNSUCCESSFUL: "Not this time: encouraged to apply again.",
}

# Where trainees went (finished intake, in order of its trainees); the last left early.
FINISHED_OUTCOMES = [
    Outcome.Kind.EMPLOYED_HERE,
    Outcome.Kind.EMPLOYED_HERE,
    Outcome.Kind.EMPLOYED_HERE,
    Outcome.Kind.APPRENTICESHIP,
    Outcome.Kind.EMPLOYED_ELSEWHERE,
    Outcome.Kind.EDUCATION,
    Outcome.Kind.VOLUNTEERING,
    Outcome.Kind.NOT_IN_WORK,
]
FEEDBACK = [
    (5, "Would recommend: yes. Want a career in care: yes. My supervisor believed in me."),
    (4, "Would recommend: yes. Want a career in care: yes. The quarterly meetings kept me going."),
    (5, "Would recommend: yes. Want a career in care: yes. I start as a care assistant next month."),
    (3, "Would recommend: yes. Want a career in care: not sure. Night shifts were hard."),
    (4, "Would recommend: yes. Want a career in care: yes."),
]
SUPERVISOR_FEEDBACK = [
    (5, "Grew in confidence every month; residents ask for her by name."),
    (4, "Reliable and kind. Needed support with the paperwork at first."),
]
BREAKDOWN_REASON = (
    "Conflict with a senior carer on the late shift; the trainee stopped coming in for a week after a "
    "housing crisis."
)
BREAKDOWN_SUPPORT = (
    "Ad hoc meeting with the life coach and the L&D manager; help with the housing appeal; a fresh start "
    "in another home with an experienced supervisor."
)
PLANS = [
    (
        "Stress management plan",
        "Early signs: goes quiet, skips breaks, arrives late. What helps: a short walk, a check-in with "
        "the life coach, swapping a late shift for an early one. Review monthly.",
    ),
    (
        "Wellbeing plan",
        "Sleep has been poor since moving flat. Agreed: no more than two late shifts a week; a quiet room "
        "at break time; GP appointment booked.",
    ),
]  # fmt: skip
