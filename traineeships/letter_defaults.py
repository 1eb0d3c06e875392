# ruff: noqa: E501  (a paragraph a line: the letters are prose, wrapped by whoever reads them)
"""The three letters as the charity first sends them: plain, warm English an applicant who has been
through hard times reads without a second look. Data only (no model imports), so the data
migration 0002_tletters can read it, and `letters.template_for` can put a missing letter back
(a test database flushed between browser journeys loses the migration's rows)."""

INFORMATION_SESSION = {
    "subject": "Come and find out about the {programme}",
    "body": """Dear {first_name},

Thank you for your interest in the {programme}. We would love you to come along to one of our information sessions for the {intake}.

At the session you will meet people who have done the traineeship, hear what a day on placement is like, and find out how we support you along the way. There is no test and nothing to prepare. Just come as you are, and bring someone with you if that helps.

The traineeship starts on {starts_on}. If you have any questions before then, or need anything to make the session easier for you to attend, please get in touch. We are happy to help.

We look forward to meeting you.

Best wishes,

The Learning and Development team""",
}

INTERVIEW = {
    "subject": "Your interview for the {programme}",
    "body": """Dear {first_name},

Thank you for applying to the {programme}. We enjoyed reading your application, and we would like to invite you to an interview for the {intake}.

The interview is a friendly conversation, not a test. We will ask about you, what you hope to get from the traineeship and what support would help you. There are no trick questions, and you are welcome to ask us anything too.

If the date or time does not suit you, or if you need any adjustments, just let us know and we will sort something out together.

The traineeship starts on {starts_on}.

Best wishes, and good luck,

The Learning and Development team""",
}

OFFER = {
    "subject": "We are delighted to offer you a place on the {programme}",
    "body": """Dear {first_name},

Congratulations! We are delighted to offer you a place on the {programme}, {intake}, starting on {starts_on}.

Before you start, we need to complete a few pre-employment checks: a DBS check, two references, your right to work, occupational health and some HR paperwork. We will guide you through each one, so please do not worry if any of it is new to you.

During the traineeship you will have a placement supervisor in your team and a life coach who is there for you outside work. We will meet together every few months to see how things are going.

Please let us know that you accept this offer, and tell us if there is anything that would help you settle in.

We are really looking forward to working with you.

Best wishes,

The Learning and Development team""",
}

DEFAULTS = {
    "information_session": INFORMATION_SESSION,
    "interview": INTERVIEW,
    "offer": OFFER,
}
