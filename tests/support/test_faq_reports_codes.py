"""FAQ search and sanitising, the fraud report form and its acknowledgement, order verification codes."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse

from demo.seeding.support import seed_support
from orders.factories import OrderFactory
from support.factories import FaqEntryFactory
from support.models import FaqEntry, FraudReport
from support.selectors import CROCKFORD_ALPHABET, order_verification_code
from support.services import FRAUD_REPORTS_PER_HOUR

pytestmark = pytest.mark.django_db


# --- FAQ -------------------------------------------------------------------------------------------


def test_faq_is_grouped_by_topic_and_hides_unpublished(client):
    FaqEntryFactory(topic=FaqEntry.Topic.RETURNS, question="How long can I return items?")
    FaqEntryFactory(topic=FaqEntry.Topic.PAYMENTS, question="Can I pay by card?")
    FaqEntryFactory(topic=FaqEntry.Topic.PAYMENTS, question="Secret draft?", published=False)
    body = client.get(reverse("support:faq")).content.decode()
    assert body.index('id="faq-payments"') < body.index('id="faq-returns"')
    assert "Can I pay by card?" in body and "How long can I return items?" in body
    assert "Secret draft?" not in body
    assert 'id="faq-security"' not in body  # no empty topics


def test_faq_search_matches_questions_and_answers(client):
    FaqEntryFactory(question="Do you store my card?", answer="<p>No, Stripe handles it.</p>")
    FaqEntryFactory(topic=FaqEntry.Topic.CUSTOMS, question="Import VAT?", answer="<p>Shown at checkout for the UK.</p>")
    FaqEntryFactory(topic=FaqEntry.Topic.DELIVERY, question="Parcel lockers?", answer="<p>Yes.</p>")
    body = client.get(reverse("support:faq"), {"q": "stripe"}).content.decode()
    assert "Do you store my card?" in body and "Import VAT?" not in body and "Parcel lockers?" not in body
    body = client.get(reverse("support:faq"), {"q": "CHECKOUT"}).content.decode()
    assert "Import VAT?" in body and "Do you store my card?" not in body
    body = client.get(reverse("support:faq"), {"q": "zeppelin"}).content.decode()
    assert "No questions match" in body


def test_faq_answers_are_sanitised_and_plain_text_escaped(client):
    FaqEntryFactory(question="Evil?", answer='<p onclick="steal()">Hi<script>alert(1)</script>'
                                             '<a href="javascript:alert(2)">x</a></p>')
    FaqEntryFactory(question="Plain?", answer="Fees < 5 & more\n\nSecond paragraph", topic=FaqEntry.Topic.SECURITY)
    body = client.get(reverse("support:faq")).content.decode()
    assert "<script>alert(1)" not in body and "onclick" not in body and "javascript:" not in body
    assert "<p>Fees &lt; 5 &amp; more</p><p>Second paragraph</p>" in body  # plain text: escaped, paragraphs kept


def test_faq_admin_stores_the_answer_sanitised():
    from support.services import faq_entry_save

    entry = faq_entry_save(entry=FaqEntry(question="Q?", topic="security",
                                          answer='<p>ok</p><img src=x onerror="alert(1)"><script>x</script>'))
    entry.refresh_from_db()
    assert entry.answer == "<p>ok</p>"


def test_seeded_faq_covers_every_topic(client):
    seed_support()
    seed_support()  # idempotent
    assert FaqEntry.objects.count() == len({q for q in FaqEntry.objects.values_list("question", flat=True)})
    assert set(FaqEntry.objects.values_list("topic", flat=True)) == set(FaqEntry.Topic.values)


# --- Fraud reports ---------------------------------------------------------------------------------

REPORT = {
    "kind": "phishing_sms",
    "details": "A text message asked me to pay a 2 euro customs fee through a link.",
    "order_number": "",
    "sender": "https://trustmark-customs.example/pay",
    "contact_email": "ada@example.com",
    "website": "",
}


def test_fraud_report_is_queued_and_acknowledged_with_a_reference(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support:report"), REPORT, follow=True)
    report = FraudReport.objects.get()
    assert report.status == FraudReport.Status.NEW
    assert report.kind == "phishing_sms" and report.sender == REPORT["sender"]
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("support:report_received")
    assert report.reference in body
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    assert report.reference in mail.outbox[0].subject and report.reference in mail.outbox[0].body
    report.refresh_from_db()
    assert report.acknowledged_at is not None


def test_received_page_without_a_report_goes_back_to_the_form(client):
    response = client.get(reverse("support:report_received"))
    assert response.status_code == 302 and response["Location"] == reverse("support:report")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": ""}, "kind", "required"),
        ({"kind": "prank"}, "kind", "valid choice"),
        ({"details": "help"}, "details", "at least 10 characters"),
        ({"contact_email": "nope"}, "contact_email", "valid email"),
        ({"sender": "x" * 501}, "sender", "at most 500 characters"),
    ],
)
def test_bad_report_input_shows_an_error_and_stores_nothing(client, changes, field, message):
    response = client.post(reverse("support:report"), {**REPORT, **changes})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in body and message in body
    assert not FraudReport.objects.exists() and mail.outbox == []


def test_report_honeypot_and_rate_limit(client):
    client.post(reverse("support:report"), {**REPORT, "website": "filled"})
    assert not FraudReport.objects.exists()
    for n in range(FRAUD_REPORTS_PER_HOUR):
        client.post(reverse("support:report"), {**REPORT, "contact_email": f"a{n}@example.com"})
    response = client.post(reverse("support:report"), REPORT)
    assert "several reports in the last hour" in response.content.decode()
    assert FraudReport.objects.count() == FRAUD_REPORTS_PER_HOUR


# --- Verification codes and the phishing page -------------------------------------------------------


def test_order_verification_code_is_short_stable_and_keyed(settings):
    order = OrderFactory()
    code = order_verification_code(order=order)
    assert re.fullmatch(f"[{CROCKFORD_ALPHABET}]{{6}}", code)
    assert order_verification_code(order=order) == code
    assert order_verification_code(order=OrderFactory()) != code
    settings.SECRET_KEY = "another-secret-key-entirely-" + "x" * 30
    assert order_verification_code(order=order) != code  # a phisher without our key cannot compute it


def test_verification_code_include_renders_the_code():
    order = OrderFactory()
    html = Template('{% include "support/includes/verification_code.html" %}').render(Context({"order": order}))
    assert order_verification_code(order=order) in html
    text = Template('{% include "support/includes/verification_code.txt" %}').render(Context({"order": order}))
    assert f"Verification code: {order_verification_code(order=order)}" in text


def test_phishing_page_says_what_we_never_ask_for(client, settings):
    settings.SHOP_EMAIL_DOMAIN = "shop.example"
    body = client.get(reverse("support:phishing")).content.decode()
    assert "@shop.example" in body
    for phrase in ["card PIN", "full card number", "password", "two-factor code", "Remote access"]:
        assert phrase in body
    assert reverse("support:report") in body


def test_merchant_admin_pages_for_support_and_trust_open(client):
    """The fraud queue (with its status), FAQ, tickets and both settings singletons open in the admin."""
    from support.factories import TicketFactory
    from tests.accounts.helpers import sign_in, totp_enable, user_make

    staff = user_make(username="boss", superuser=True)
    sign_in(client, staff, secret=totp_enable(staff))
    FaqEntryFactory()
    TicketFactory()
    order = OrderFactory(email="a@example.com")
    report = FraudReport.objects.create(kind="unrecognised_order", details="I never ordered this.",
                                        contact_email="a@example.com", order_number=order.number)
    for name in ("support_fraudreport", "support_faqentry", "support_ticket", "support_supportsettings",
                 "trust_trustsettings"):
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
    response = client.get(reverse("admin:support_fraudreport_changelist"))
    assert report.reference in response.content.decode() and "Triaged" in response.content.decode()
    detail = client.get(reverse("admin:support_fraudreport_change", args=[report.pk])).content.decode()
    assert order.number in detail and "reporter&#x27;s email matches the order" in detail
