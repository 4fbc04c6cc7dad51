"""Factories shared by the tests and the demo seed."""

import factory
from django.utils import timezone

from support.models import FaqEntry, FraudReport, Ticket, TicketMessage


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket as the contact form leaves it; answer it with ``support.services.ticket_reply``."""

    class Meta:
        model = Ticket

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"asker{n}@example.com")
    topic = Ticket.Topic.ORDER
    created_at = factory.LazyFunction(timezone.now)


class TicketMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketMessage

    ticket = factory.SubFactory(TicketFactory)
    body = "Where is my parcel? It has been a week."
    created_at = factory.LazyAttribute(lambda o: o.ticket.created_at)


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    question = factory.Sequence(lambda n: f"Question number {n}?")
    answer = "<p>An answer.</p>"
    topic = FaqEntry.Topic.PAYMENTS


class FraudReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FraudReport

    kind = FraudReport.Kind.PHISHING_EMAIL
    details = "An email asked me to confirm my card number."
    contact_email = factory.Sequence(lambda n: f"reporter{n}@example.com")
