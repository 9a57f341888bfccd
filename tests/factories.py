import datetime

import factory
from django.contrib.auth import get_user_model

from plans.models import (
    Action,
    Lead,
    Milestone,
    Organisation,
    Plan,
    RagUpdate,
    Rating,
    Section,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    name = factory.Sequence(lambda n: f"Lead {n}")
    key = factory.LazyAttribute(lambda lead: lead.name.lower().replace(" ", ""))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Mental health action plan {n}")
    area = "Telford and Wrekin"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")
    order = factory.Sequence(lambda n: n)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    section = factory.LazyAttribute(lambda action: SectionFactory(plan=action.plan))
    text = factory.Sequence(lambda n: f"Do the thing number {n}")
    order = factory.Sequence(lambda n: n)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = "Task group established"


class RagUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RagUpdate

    action = factory.SubFactory(ActionFactory)
    rating = Rating.GREEN
    commentary = "On track."
    reported_on = datetime.date(2026, 6, 30)
