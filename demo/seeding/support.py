"""Demo support data: the merchant's channels, a realistic FAQ and a few answered tickets.

The tickets give the trust centre's response-time badge real figures; replies go through ``ticket_reply`` (the
same code the admin uses), with their emails switched off.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from demo.seeding import faq_texts
from support.factories import FaqEntryFactory, TicketFactory, TicketMessageFactory
from support.models import FaqEntry, SupportSettings, Ticket
from support.selectors import faq_answer_sanitise
from support.services import ticket_reply

T = FaqEntry.Topic
FAQ: list[tuple[str, str, str]] = [
    (T.PAYMENTS, "Which payment methods can I use?",
     "<p>Cards (Visa, Mastercard, American Express), SEPA Direct Debit, bank transfer and, in the Netherlands and "
     "Belgium, cash on delivery. Every fee is shown on the <a href=\"{fees_url}\">fee table</a> and in your basket "
     "before you pay.</p>"),
    (T.PAYMENTS, "Do you charge a fee for paying by card?",
     "<p>No. EU law forbids surcharges on consumer card payments and SEPA payments, and we follow it. Only cash on "
     "delivery has a handling fee, which the checkout shows before you choose it.</p>"),
    (T.PAYMENTS, "Why did my bank ask me to confirm the payment?",
     "<p>That is 3-D Secure: your bank checks that it is really you, usually in its banking app. The request comes "
     "from your bank, only while you are paying on our checkout. We never call or text you to confirm a payment.</p>"),
    (T.PAYMENTS, "My payment failed. Was I charged?",
     "<p>No. A failed or declined payment is not taken. Your bank may show a pending reservation for a few days; it "
     "disappears on its own. You can try again or choose another method from your order page.</p>"),
    (T.SECURITY, "Do you store my card details?",
     "<p>No. Card details are typed into fields that belong to Stripe, our payment provider, and go straight to "
     "them. Our servers never receive your card number, expiry date or security code.</p>"),
    (T.SECURITY, "How can I tell an email really comes from you?",
     "<p>Our emails only come from addresses ending in @" + settings.SHOP_EMAIL_DOMAIN + ". Every email about an "
     "order shows a 6-character verification code: the same code is on your order page. If the codes differ, the "
     "email is not from us.</p>"),
    (T.SECURITY, "Will you ever ask for my password or a code?",
     "<p>Never. We do not ask for passwords, two-factor codes, your card PIN, your full card number or remote access "
     "to your computer, by email, text message or phone.</p>"),
    (T.SECURITY, "How do I turn on two-factor authentication?",
     "<p>Sign in, open your account's security page and add an authenticator app. From then on, signing in needs "
     "your password and a code from the app.</p>"),
    (T.DELIVERY, "How long does delivery take?",
     "<p>1–2 working days in the Netherlands and Belgium, 2–5 in the rest of the EU. The checkout shows the "
     "estimated delivery date for your address before you pay.</p>"),
    (T.DELIVERY, "How do I track my parcel?",
     "<p>When your order ships we email you a tracking number; it is also on your order page.</p>"),
    (T.CUSTOMS, "Will I pay customs duties or import VAT?",
     "<p>Not inside the EU. For the United Kingdom, Switzerland and Norway the checkout shows any duties and import "
     "VAT and lets you pay them up front, so nothing is collected at the door.</p>"),
    (T.CUSTOMS, "A courier texted me asking for a customs fee. Is that you?",
     "<p>Almost certainly not. Any duties are shown and paid at our checkout. Do not click the link; "
     "<a href=\"/support/report/\">report the message to us</a>.</p>"),
    (T.RETURNS, "How many days do I have to return an item?",
     "<p>30 days from delivery, on top of your legal 14-day right of withdrawal. See the returns policy for the "
     "details.</p>"),
    (T.RETURNS, "When do I get my money back?",
     "<p>Within 14 days of receiving your return, on the payment method you used. Your order page shows each "
     "refund as soon as we send it.</p>"),
]

DEMO_TICKETS: list[tuple[str, str, float, float]] = [
    # (topic, message, days ago, hours to first answer)
    (Ticket.Topic.DELIVERY, "My parcel has not moved in the tracking for two days. Is it lost?", 21, 3.5),
    (Ticket.Topic.PAYMENT, "I was charged twice, I think? My banking app shows two amounts.", 14, 2.0),
    (Ticket.Topic.RETURNS, "Can I return the lamp if I have already unpacked it?", 9, 5.25),
    (Ticket.Topic.ACCOUNT, "I received an email asking me to confirm my password. Was that you?", 4, 0.75),
    (Ticket.Topic.ORDER, "Could you change the delivery address on my order?", 2, 6.0),
]
REPLIES = {
    Ticket.Topic.DELIVERY: "We checked with the carrier: your parcel is at the depot and will be delivered tomorrow.",
    Ticket.Topic.PAYMENT: "Only one payment was taken; the second amount is a reservation your bank releases within "
                          "a few days.",
    Ticket.Topic.RETURNS: "Yes: unpacking to inspect the item is fine. Start the return from your order page.",
    Ticket.Topic.ACCOUNT: "That email was not from us. We never ask for your password. Thank you for checking; "
                          "please report it with the form so we can warn others.",
    Ticket.Topic.ORDER: "Done: the new address is on your order page. You will get a tracking number when it ships.",
}


def seed_support_settings() -> SupportSettings:
    row = SupportSettings.objects.order_by("pk").first()
    if row is None:
        row = SupportSettings.objects.create(
            email=f"help@{settings.SHOP_EMAIL_DOMAIN}",
            phone="+31 20 555 0142",
            opening_hours="Monday to Friday, 9:00–17:00 (Amsterdam time)",
            first_response_hours=24,
        )
    return row


def seed_faq() -> None:
    try:
        fees_url = reverse("checkout:fees")
    except NoReverseMatch:
        fees_url = "/support/faq/"
    for position, (topic, question, answer) in enumerate(FAQ):
        answer = answer.replace("{fees_url}", fees_url)
        if not FaqEntry.objects.filter(question_en=question).exists():
            FaqEntryFactory(topic=topic, question=question, answer=faq_answer_sanitise(html=answer),
                            position=position * 10)
        translated = faq_texts.FAQ.get(question)
        if translated:
            (question_pl, answer_pl), (question_nl, answer_nl) = translated
            fill = {"fees_url": fees_url, "domain": settings.SHOP_EMAIL_DOMAIN}
            FaqEntry.objects.filter(question_en=question, question_pl__isnull=True).update(
                question_pl=question_pl,
                answer_pl=faq_answer_sanitise(html=answer_pl.format(**fill)),
                question_nl=question_nl,
                answer_nl=faq_answer_sanitise(html=answer_nl.format(**fill)),
            )


def seed_tickets() -> None:
    User = get_user_model()
    shopper = User.objects.filter(email="shopper@trustmark.example").first()
    merchant = User.objects.filter(email="merchant@trustmark.example").first()
    if shopper is None or Ticket.objects.filter(user=shopper).exists():
        return
    now = timezone.now()
    for topic, message, days_ago, hours in DEMO_TICKETS:
        created = now - datetime.timedelta(days=days_ago)
        ticket = TicketFactory(user=shopper, name=shopper.get_full_name() or "Demo Shopper", email=shopper.email,
                               topic=topic, created_at=created)
        TicketMessageFactory(ticket=ticket, author=shopper, body=message)
        ticket_reply(ticket=ticket, author=merchant, body=REPLIES[topic],
                     now=created + datetime.timedelta(hours=hours), notify=False)


def seed_support() -> None:
    seed_support_settings()
    seed_faq()
    seed_tickets()
