"""Factories shared by the tests and the demo seed."""

import factory
from django.utils import timezone

from chat.models import Conversation
from support.factories import TicketFactory, TicketMessageFactory


class ConversationFactory(factory.django.DjangoModelFactory):
    """A live chat waiting for staff, with the shopper's first message (as ``conversation_start`` leaves it)."""

    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    ticket = factory.SubFactory(TicketFactory, topic="other")
    created_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def first_message(self, create, extracted, **kwargs):
        if create:
            TicketMessageFactory(ticket=self.ticket, body=extracted or "Is my payment through?",
                                 created_at=self.created_at)
