"""Factories shared by the tests and the demo seed (`seed_demo`)."""

import factory
from django.utils.text import slugify

from shop.models import Category, Product


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
