import datetime

import factory

from actionplans.models import (
    Action,
    ActionPlan,
    FocusArea,
    Milestone,
    Output,
    Priority,
    ProgressUpdate,
    ResponsibilityMapping,
    Risk,
)
from workforce.tests.factories import StaffMemberFactory


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Workforce Development Action Plan {n}")
    status = ActionPlan.Status.ACTIVE
    period_start = datetime.date(2025, 4, 1)
    period_end = datetime.date(2028, 3, 31)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Priority {n}")
    position = factory.Sequence(lambda n: n)


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    priority = factory.SubFactory(PriorityFactory)
    number = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Area of focus {n}")
    position = factory.Sequence(lambda n: n)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    focus_area = factory.SubFactory(FocusAreaFactory)
    priority = factory.LazyAttribute(lambda a: a.focus_area.priority if a.focus_area else PriorityFactory())
    plan = factory.LazyAttribute(lambda a: a.priority.plan)
    number = factory.Sequence(lambda n: f"1.1.{n + 1}")
    description = factory.Sequence(lambda n: f"Action {n}: benchmark trainer capacity")
    position = factory.Sequence(lambda n: n)


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    action = factory.SubFactory(ActionFactory)
    letter = "a"
    description = factory.Sequence(lambda n: f"Output {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    description = factory.Sequence(lambda n: f"Milestone {n}")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    action = factory.SubFactory(ActionFactory)
    description = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 4


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    note = "Work in progress"
    rag = "green"


class ResponsibilityMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityMapping

    written = factory.Sequence(lambda n: f"T{n}")
    token = factory.LazyAttribute(lambda mapping: mapping.written.upper())
    staff_member = factory.SubFactory(StaffMemberFactory)
