"""Factories shared by the tests and the demo seed."""

import factory

from orders.models import Order, OrderLine, PaymentMethod
from shop.factories import ProductFactory


class OrderFactory(factory.django.DjangoModelFactory):
    """An order as placed; move it through the state machine with ``order_transition``, never by assignment."""

    class Meta:
        model = Order

    email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    full_name = factory.Faker("name")
    address_line1 = factory.Faker("street_address")
    postal_code = "1011 AB"
    city = "Amsterdam"
    country = "NL"
    payment_method = PaymentMethod.CARD
    currency = "EUR"


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    product = factory.SubFactory(ProductFactory)
    sku = factory.LazyAttribute(lambda o: o.product.sku)
    name = factory.LazyAttribute(lambda o: o.product.name)
    unit_price_amount = factory.LazyAttribute(lambda o: o.product.price_amount)
    quantity = 1
