"""Factories shared by the tests and the demo seed."""

import factory

from orders.lifecycle import ORDER_LIFECYCLE
from orders.models import Order, OrderLine, PaymentMethod
from orders.services.transitions import order_event
from shop.factories import ProductFactory


class OrderFactory(factory.django.DjangoModelFactory):
    """An order as placed; move it through its lifecycle with ``order_move``, never by assignment."""

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


def order_move(*, order: Order, to_status: str, cause: str = "test", actor=None) -> Order:
    """Seed data and tests: apply the one event of ``ORDER_LIFECYCLE`` that leads from the order's status to
    ``to_status``, with a free-text cause."""
    event = ORDER_LIFECYCLE.event_between(order.status, to_status)
    return order_event(order=order, event=event, cause="", cause_text=cause, actor=actor)
