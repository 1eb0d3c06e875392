"""The demo organisation as data: units, job roles, competencies, courses, who trains in what."""

from workforce.models import Course, PayBand, StaffGroup
from workforce.permissions import Role

ORGANISATION = "Northshire Care Group"

# --- The organisation -------------------------------------------------------------------
REGIONS = {
    "North Region": ["Oak House", "Ash Grove", "Beech Lodge", "Heather View", "Moorside"],
    "South Region": ["Elm Court", "Willow Bank", "Cedar Lodge", "Riverside House", "Meadowbrook"],
    "East Region": ["Rowan House", "Hawthorn Court", "Seaview Lodge", "Lavender House", "Maple Grange"],
    "West Region": ["Birch Manor", "Holly Lodge", "Chestnut House", "Orchard View", "Hillcrest"],
}
# Succession gaps: these homes have no Home Trainer (some lost theirs to a leaver).
HOMES_WITHOUT_TRAINER = {"Moorside", "Meadowbrook", "Hawthorn Court", "Hillcrest"}
NURSING_HOMES = {"Oak House", "Beech Lodge", "Cedar Lodge", "Rowan House", "Seaview Lodge", "Birch Manor"}
HEAD_OFFICE = "Head Office"

DCS, IND = StaffGroup.DIRECT_CARE_SUPPORT, StaffGroup.INDIRECT_SUPPORT
EDU, MGT, REG = StaffGroup.EDUCATION_AND_TRAINING, StaffGroup.MANAGEMENT, StaffGroup.REGISTERED_PROFESSIONAL
# title: (Agenda for Change band, staff group, occupational group)
JOB_ROLES = {
    "Care Assistant": (PayBand.BAND_2, DCS, "Care staff"),
    "Senior Care Assistant": (PayBand.BAND_3, DCS, "Care staff"),
    "Activities Coordinator": (PayBand.BAND_3, DCS, "Care staff"),
    "Registered Nurse": (PayBand.BAND_5, REG, "Nursing and midwifery"),
    "Home Trainer": (PayBand.BAND_4, EDU, "Education and training"),
    "Link Trainer": (PayBand.BAND_5, EDU, "Education and training"),
    "Regional Training Officer": (PayBand.BAND_6, EDU, "Education and training"),
    "Learning and Development Coordinator": (PayBand.BAND_4, EDU, "Education and training"),
    "Deputy Manager": (PayBand.BAND_6, MGT, "Management"),
    "Home Manager": (PayBand.BAND_7, MGT, "Management"),
    "Regional Operations Manager": (PayBand.BAND_8A, MGT, "Management"),
    "Head of Learning and Development": (PayBand.BAND_8B, MGT, "Management"),
    "Director of Workforce": (PayBand.BAND_9, MGT, "Management"),
    "HR Business Partner": (PayBand.BAND_6, IND, "Administrative and clerical"),
    "Administrator": (PayBand.BAND_3, IND, "Administrative and clerical"),
    "Finance Officer": (PayBand.BAND_4, IND, "Administrative and clerical"),
    "Cook": (PayBand.BAND_2, IND, "Estates and ancillary"),
    "Domestic Assistant": (PayBand.BAND_1, IND, "Estates and ancillary"),
    "Maintenance Operative": (PayBand.BAND_2, IND, "Estates and ancillary"),
}

# --- Competencies for the trainer pathway ------------------------------------------------
FRAMEWORK = "Northshire trainer framework"
COMPETENCIES = {
    "Delivering training sessions": (
        "Training delivery",
        "Plans and delivers engaging, inclusive training to adult learners in a care setting.",
        [
            "Co-delivers a prepared session with support.",
            "Delivers standard mandatory sessions on their own to small groups.",
            "Adapts sessions to the group and the home, handles challenging learners.",
            "Designs new sessions and observes and develops other trainers.",
        ],
    ),
    "Assessing competence": (
        "Assessment",
        "Observes practice and judges whether staff are safe and competent.",
        [
            "Understands the assessment criteria for the Care Certificate standards.",
            "Carries out observations of practice using set checklists.",
            "Makes and records sound judgements, gives developmental feedback.",
            "Holds an assessor qualification, quality assures others' assessments.",
        ],
    ),
    "Coaching and mentoring": (
        "Developing others",
        "Supports colleagues to grow through coaching conversations and mentoring.",
        [
            "Supports new starters through their induction buddy system.",
            "Holds regular coaching conversations with a small number of colleagues.",
            "Mentors trainers and senior staff, agrees and reviews development plans.",
            "Leads a mentoring scheme and develops other mentors.",
        ],
    ),
    "Training needs analysis": (
        "Planning",
        "Identifies what training people and homes need, and in what order.",
        [
            "Reads the training matrix and spots missing or expired training.",
            "Produces a training plan for one home from the matrix and supervisions.",
            "Analyses needs across several homes using incidents, audits and CQC findings.",
            "Sets the regional training strategy and budget priorities.",
        ],
    ),
    "Quality assurance of training": (
        "Governance",
        "Checks that training is delivered well and changes practice.",
        [
            "Collects evaluation forms after each session.",
            "Reviews evaluations and acts on feedback for their own sessions.",
            "Observes other trainers and audits training against agreed standards.",
            "Designs the quality assurance framework and reports on it to the board.",
        ],
    ),
    "Record keeping and compliance": (
        "Governance",
        "Keeps accurate training records that stand up to inspection.",
        [
            "Records attendance accurately on the day.",
            "Keeps the home's training matrix up to date and chases renewals.",
            "Prepares training evidence for CQC inspections across several homes.",
            "Sets recording standards and audits compliance across the group.",
        ],
    ),
    "Leading and influencing": (
        "Leadership",
        "Leads change in training practice and influences managers.",
        [
            "Shares ideas for improving training in team meetings.",
            "Leads a small improvement project in their home.",
            "Influences Home Managers to release staff and act on training findings.",
            "Leads change across the group and represents L&D at senior meetings.",
        ],
    ),
}
# role: {competency: required level}
REQUIREMENTS = {
    "Home Trainer": {
        "Delivering training sessions": 2,
        "Assessing competence": 2,
        "Coaching and mentoring": 1,
        "Training needs analysis": 1,
        "Quality assurance of training": 1,
        "Record keeping and compliance": 2,
    },
    "Link Trainer": {
        "Delivering training sessions": 3,
        "Assessing competence": 3,
        "Coaching and mentoring": 2,
        "Training needs analysis": 2,
        "Quality assurance of training": 2,
        "Record keeping and compliance": 3,
        "Leading and influencing": 1,
    },
    "Regional Training Officer": {
        "Delivering training sessions": 4,
        "Assessing competence": 3,
        "Coaching and mentoring": 3,
        "Training needs analysis": 3,
        "Quality assurance of training": 3,
        "Record keeping and compliance": 3,
        "Leading and influencing": 3,
    },
}

# --- Courses ----------------------------------------------------------------------------
K = Course.Kind
# title: (kind, provider, level, renewal months)
COURSES = {
    "Moving and handling": (K.STATUTORY_MANDATORY, "In-house", "", 12),
    "Fire safety": (K.STATUTORY_MANDATORY, "In-house", "", 12),
    "Infection prevention and control": (K.STATUTORY_MANDATORY, "In-house", "", 12),
    "Basic life support": (K.STATUTORY_MANDATORY, "In-house", "", 12),
    # Named as trainers name them, so a register from a training day imports as it is.
    "Safeguarding adults level 2": (K.STATUTORY_MANDATORY, "In-house", "Level 2", 36),
    "Safeguarding adults level 3": (
        K.STATUTORY_MANDATORY,
        "Northshire Safeguarding Partnership",
        "Level 3",
        36,
    ),
    "Health and safety awareness": (K.STATUTORY_MANDATORY, "E-learning for Care", "", 36),
    "Information governance and data security": (K.STATUTORY_MANDATORY, "E-learning for Care", "", 12),
    "Equality, diversity and human rights": (K.STATUTORY_MANDATORY, "E-learning for Care", "", 36),
    "Mental Capacity Act and DoLS": (K.STATUTORY_MANDATORY, "In-house", "", 36),
    "Food hygiene": (K.STATUTORY_MANDATORY, "E-learning for Care", "Level 2", 36),
    "Safe administration of medication": (K.STATUTORY_MANDATORY, "In-house", "", 12),
    "Care Certificate": (K.CARE_CERTIFICATE, "In-house", "", None),
    "Dementia awareness": (K.E_LEARNING, "E-learning for Care", "Tier 1", None),
    "Adult Care Worker apprenticeship": (K.APPRENTICESHIP, "Northshire College", "Level 2", None),
    "Lead Adult Care Worker apprenticeship": (K.APPRENTICESHIP, "Northshire College", "Level 3", None),
    "Leader in Adult Care apprenticeship": (K.APPRENTICESHIP, "Northshire College", "Level 5", None),
    "Bridging the Gap": (K.BRIDGING_THE_GAP, "Northshire University", "Level 4", None),
    "Foundation Degree in Health and Social Care": (
        K.FOUNDATION_DEGREE,
        "Northshire University",
        "Level 5",
        None,
    ),
    "Train the Trainer": (K.IN_HOUSE, "In-house", "", None),
    "Award in Education and Training": (K.QUALIFICATION, "Northshire College", "Level 3", None),
    "Certificate in Assessing Vocational Achievement": (
        K.QUALIFICATION,
        "Northshire College",
        "Level 3",
        None,
    ),
    "Coaching and mentoring skills": (K.CPD, "In-house", "", None),
}
MANDATORY_FOR_ALL = [
    "Moving and handling",
    "Fire safety",
    "Infection prevention and control",
    "Basic life support",
    "Safeguarding adults level 2",
    "Health and safety awareness",
    "Information governance and data security",
    "Equality, diversity and human rights",
]
CARE_ROLES = {
    "Care Assistant",
    "Senior Care Assistant",
    "Activities Coordinator",
    "Registered Nurse",
    "Home Trainer",
    "Link Trainer",
    "Regional Training Officer",
    "Deputy Manager",
    "Home Manager",
}
MEDICATION_ROLES = {
    "Senior Care Assistant",
    "Registered Nurse",
    "Home Trainer",
    "Deputy Manager",
    "Home Manager",
}
FOOD_ROLES = {"Cook", "Care Assistant", "Senior Care Assistant"}
# Those who lead care hold safeguarding at level 3, which counts for the level 2 everyone needs.
SAFEGUARDING_LEVEL_3_ROLES = {"Registered Nurse", "Deputy Manager", "Home Manager"}
# title: (subject, level within it)
COURSE_SUBJECTS = {
    "Safeguarding adults level 2": ("Safeguarding adults", 2),
    "Safeguarding adults level 3": ("Safeguarding adults", 3),
}
# What each role must hold (workforce.TrainingRequirement): the demo's training follows the same
# lists, so its compliance figures come out realistic rather than random.
# course: None for everyone, or the job roles that must hold it
REQUIRED_TRAINING = {
    **dict.fromkeys(MANDATORY_FOR_ALL),
    "Mental Capacity Act and DoLS": CARE_ROLES,
    "Dementia awareness": CARE_ROLES,
    "Safe administration of medication": MEDICATION_ROLES,
    "Food hygiene": FOOD_ROLES,
    "Safeguarding adults level 3": SAFEGUARDING_LEVEL_3_ROLES,
    "Care Certificate": {"Care Assistant"},
}
# (course, job role): a renewal period shorter than the course's own. Home managers refresh
# safeguarding every two years, where the course asks for three.
SHORTER_RENEWALS = {("Safeguarding adults level 2", "Home Manager"): 24}
LONG_PROGRAMMES = {K.APPRENTICESHIP, K.FOUNDATION_DEGREE, K.BRIDGING_THE_GAP, K.QUALIFICATION}
# role: [(course, {status: weight})] for development beyond the mandatory courses
C, P, IP, W, NONE = "completed", "planned", "in_progress", "withdrawn", None
DEVELOPMENT = {
    "Care Assistant": [
        ("Care Certificate", {C: 95, W: 5}),
        ("Adult Care Worker apprenticeship", {NONE: 70, IP: 15, C: 10, W: 5}),
    ],
    "Senior Care Assistant": [
        ("Care Certificate", {C: 100}),
        ("Lead Adult Care Worker apprenticeship", {NONE: 40, C: 40, IP: 15, W: 5}),
        ("Bridging the Gap", {NONE: 75, C: 10, IP: 15}),
        ("Train the Trainer", {NONE: 85, P: 15}),
        ("Foundation Degree in Health and Social Care", {NONE: 92, IP: 8}),
    ],
    "Home Trainer": [
        ("Care Certificate", {C: 100}),
        ("Train the Trainer", {C: 100}),
        ("Award in Education and Training", {C: 50, IP: 25, NONE: 25}),
        ("Coaching and mentoring skills", {NONE: 60, P: 25, C: 15}),
    ],
    "Link Trainer": [
        ("Train the Trainer", {C: 100}),
        ("Award in Education and Training", {C: 100}),
        ("Certificate in Assessing Vocational Achievement", {C: 50, IP: 50}),
        ("Coaching and mentoring skills", {C: 100}),
    ],
    "Regional Training Officer": [
        ("Train the Trainer", {C: 100}),
        ("Award in Education and Training", {C: 100}),
        ("Certificate in Assessing Vocational Achievement", {C: 100}),
        ("Coaching and mentoring skills", {C: 100}),
    ],
    "Deputy Manager": [("Leader in Adult Care apprenticeship", {C: 30, IP: 40, NONE: 30})],
    "Home Manager": [("Leader in Adult Care apprenticeship", {C: 70, NONE: 30})],
}
LEAVING_REASONS = [
    "Resigned - moved to an NHS role",
    "Resigned - better pay elsewhere",
    "Resigned - personal reasons",
    "Resigned - caring responsibilities",
    "Relocated",
    "Retired",
    "End of fixed-term contract",
    "Left during probation",
    "Career change outside care",
    "Dismissed",
]

FIRST_NAMES = (  # noqa: SIM905 (a word list reads better as prose)
    "Amelia Olivia Isla Ava Mia Grace Sophie Emily Chloe Jessica Lucy Megan Hannah Holly Zoe Rachel Claire "
    "Joanne Karen Tracey Nicola Lisa Michelle Donna Gemma Kelly Leanne Stacey Priya Aisha Fatima Amina "
    "Oluwaseun Chipo Maria Ana Beata Agnieszka Ioana Elena Mariam Nadia Precious Blessing Joy "
    "Oliver Jack Harry George Thomas James Daniel Samuel Joseph Ryan Liam Connor Kieran Lee Mark Paul "
    "Gareth Darren Stephen Mohammed Ahmed Imran Ravi Arjun Tunde Kwame Piotr Tomasz Andrei Florin Jose"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
    "Roberts Green Hall Wood Jackson Clarke Patel Khan Ahmed Hussain Begum Shah Ali Singh Kaur Okafor Mensah "
    "Adeyemi Nwosu Osei Kowalski Nowak Popescu Ionescu Silva Santos Murphy Kelly O'Brien Byrne Campbell "
    "Stewart Macdonald Reid Morgan Hughes Lewis Edwards Price Owen Harris Martin Cooper Ward Turner Hill "
    "Moore Allen King Scott Baker Carter Mitchell Phillips Parker Collins Bell Cook Bailey Richardson "
    "Cox Howard Marshall Atkinson Chapman Dixon Fox Grant Holmes Knight Lloyd Mason Palmer Rose Shaw"
).split()

# One login per role: (username, role or None for the superuser, key into DemoCore.people)
LOGINS = [
    ("ld", Role.LD_MANAGER, "ld"),
    ("director", Role.DIRECTOR, "director"),
    ("manager", Role.MANAGER, "manager"),
    ("mentor", Role.MENTOR, "mentor"),
    ("owner", Role.ACTION_OWNER, "owner"),
    ("admin", None, None),  # superuser
]
ASSIGNMENT_BASE = 30_000_000
ASSIGNMENT_BASE = 30_000_000  # demo assignment numbers: 30000001, 30000002, ...
