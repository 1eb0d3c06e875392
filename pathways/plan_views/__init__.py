"""Views of the plan part of pathways: the candidate page, skills assessments, the development
plan (objectives, activities, evidence, sign-off), reviews, "My mentees" and mentors' load.

Every view starts from `Enrolment.objects.visible_to(user)` (a 404 for an enrolment the user may
not see) and asks pathways/permissions.py who may write (a 403 for one they may only read).
"""
