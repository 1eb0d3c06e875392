"""Pathways pages, one module per part of the app:
- flow_*: the pathways and their ladders, nominations, status steps;
- candidate, assessments, plan, evidence, reviews, mentees: one candidate's development (every view
  starts from `Enrolment.objects.visible_to(user)`, a 404 for an enrolment the user may not see,
  and asks pathways/permissions.py who may write, a 403 for one they may only read);
- succession: succession by role, its export, the talent grid.
"""
