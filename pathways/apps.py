from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Career pathways"

    def ready(self):
        from pathways import permissions
        from workforce.permissions import register_scope_rule

        permissions.register_abilities()

        from pathways.indicators import register_pathway_indicators

        register_pathway_indicators()

        # Mentors' reviews due and activities awaiting sign-off join the weekly digest.
        from pathways import digests

        digests.register()

        # Pathways' change history on the core's audit page.
        from pathways import audit

        audit.register()

        # A mentor sees their current mentees' staff records (and so their units' names), as the
        # core's manager rule lets a manager see their unit: the core never imports pathways.
        register_scope_rule("pathways.mentees", mentors_see_their_mentees)

        # A mentor's home page leads with their mentees (before the action owner's panel, 10).
        from pathways.views.mentees import mentees_panel
        from workforce.home_panels import register_home_panel

        register_home_panel(
            "pathways.mentees", "pathways/partials/_home_mentees.html", mentees_panel, order=5
        )


def mentors_see_their_mentees(user, me):
    from django.db.models import Q

    from pathways.models import MentorAssignment

    # A subquery, not a join: a person on two pathways must not appear twice in a list.
    mentees = MentorAssignment.objects.current().filter(mentor=me).values("enrolment__staff_member_id")
    return Q(pk__in=mentees)
