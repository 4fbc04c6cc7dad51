"""Factories shared by the tests and the demo seed (`seed_demo`)."""

import datetime

import factory

from policies.models import Policy, PolicyVersion


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy
        django_get_or_create = ("kind",)

    kind = Policy.Kind.RETURNS
    title = factory.LazyAttribute(lambda o: str(Policy.Kind(o.kind).label))


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    policy = factory.SubFactory(PolicyFactory)
    number = factory.LazyAttribute(lambda o: o.policy.versions.count() + 1)
    body_html = "<p>You may return any item within 30 days of delivery.</p>"
    change_summary = "First version"
    effective_date = factory.LazyFunction(datetime.date.today)
