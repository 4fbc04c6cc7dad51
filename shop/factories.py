"""Factories shared by the tests and the demo seed (`seed_demo`)."""

import datetime

import factory
from django.utils.text import slugify

from shop.models import Category, Policy, PolicyVersion, Product


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.Faker("sentence")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("sku",)

    category = factory.SubFactory(CategoryFactory)
    sku = factory.Sequence(lambda n: f"TM-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.name}-{o.sku}"))
    description = factory.Faker("paragraph")
    brand = "Trustmark Goods"
    price_amount = 2500
    currency = "EUR"
    stock = 10
    weight_grams = 500
    country_of_origin = "PL"
    warranty_months = 24
    authenticity_statement = "Sourced directly from the maker; every unit carries its serial number."


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
