"""Demo policies for an EU web shop, each with two versions so the history and the diff are visible.

Idempotent: a policy that already has versions is left alone. Texts are realistic but belong to a demo shop
(Trustmark B.V., a fictitious company); they are not legal advice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from demo.seeding import policy_texts as t
from demo.seeding.payments import seed_payment_config
from policies.models import Policy, PolicyVersion
from policies.services import policy_get_or_create, policy_publish
from returns.models import ReturnsTerms
from returns.policy_facts import RETURN_WINDOW
from returns.services import returns_terms_change

# The returns terms: the first version granted 14 days, the second (its new terms) 30. Policy texts show them
# through their [[return_window]] block; no number is written in the prose.
FIRST_RETURN_WINDOW = 14
RETURN_WINDOW_DAYS = 30
RETURN_CONDITIONS = "Unused, in the original packaging, with all accessories."
TRADER = "Trustmark B.V., Keizersgracht 100, 1015 AA Amsterdam, the Netherlands"


def _email(box: str) -> str:
    return f"{box}@{settings.SHOP_EMAIL_DOMAIN}"


def _returns() -> str:
    """The returns policy's prose; its numbers are fact blocks, filled in from the returns terms and rules."""
    return f"""
<p>We want you to be sure before you buy. On top of your legal right of withdrawal you get a longer, no-questions
return window from us.</p>
<h2>Your legal right of withdrawal</h2>
<p>As a consumer in the European Union you may withdraw from your purchase within [[withdrawal_period]] of the day
you (or someone you name) receive the goods, without giving any reason (Directive 2011/83/EU, Article 9). To
withdraw, send us a clear statement, for example with our <a href="/policies/withdrawal-form/">model withdrawal
form</a> or by e-mail to <a href="mailto:{_email('returns')}">{_email('returns')}</a>.</p>
<h2>Our returns promise</h2>
<p>You may return any unused item in its original packaging within [[return_window]] of delivery. This promise
comes on top of the legal withdrawal period and does not limit it.</p>
<ul>
<li>We refund the price of the goods and the standard delivery cost within [[refund_time]] of receiving your
withdrawal, using the payment method you used.</li>
<li>We may wait with the refund until the goods are back with us or you show proof that you sent them.</li>
<li>Return shipping within the EU is free: print the prepaid label from your order page.</li>
<li>You are liable only for any loss in value caused by handling the goods beyond what is needed to check them.</li>
</ul>
<h2>Exceptions</h2>
<p>Sealed hygiene products that were unsealed after delivery, and goods made to your specifications, cannot be
returned (Article 16).</p>
<h2>Warranty</h2>
<p>Independently of returns, you have the legal guarantee of conformity of at least two years from delivery.</p>
"""


def _shipping(tracking: str) -> str:
    """The shipping policy's prose; zones, prices, times, free-delivery thresholds and the cut-off are fact
    blocks, filled in from the delivery options checkout charges by."""
    return f"""
<p>We ship from our warehouse in Amsterdam, the Netherlands. Orders placed before [[cutoff_time]] on a working
day leave the same day; later orders leave on the next working day.</p>
<p>[[delivery_table]]</p>
<p>Free delivery applies to every option of a destination once your items reach the amount shown; the product
page, the cart and the checkout show how far you are from it.</p>
<h2>Customs and import duties</h2>
<p>Within the EU there are no customs formalities and the price you see includes VAT.</p>
<p>For destinations outside the EU, checkout shows whether import VAT and duties are collected with your order
or by the carrier on delivery, and how much. We state the goods' country of origin and commodity code on the
customs declaration so preferential duty rates apply where they exist.</p>
<p>If you refuse a parcel because of import charges, we refund the goods once the parcel is back with us, minus
the return shipping the carrier charges us.</p>
{tracking}"""


def _privacy(retention_years: int) -> str:
    return f"""
<p>{TRADER} is the controller of your personal data under the General Data Protection Regulation (GDPR).
Contact our data protection contact at <a href="mailto:{_email('privacy')}">{_email('privacy')}</a>.</p>
<h2>What we collect and why</h2>
<ul>
<li>Account and order data (name, e-mail, addresses, order history): to perform our contract with you
(Article 6(1)(b) GDPR).</li>
<li>Payment data: handled by Stripe; we receive only the payment status and the last four digits of your card.</li>
<li>Invoices: kept for {retention_years} years because tax law requires it (Article 6(1)(c)).</li>
<li>Security logs (IP address, sign-in times): to protect your account, our legitimate interest
(Article 6(1)(f)).</li>
</ul>
<p>We do not sell your data and we use no advertising or tracking cookies. The only cookies we set keep you signed
in, remember your cart and protect forms against forgery.</p>
<h2>Who receives your data</h2>
<p>Stripe (payments), our carrier (delivery address) and our hosting provider in the EU, each under a data
processing agreement. Transfers outside the EEA rely on the EU Standard Contractual Clauses.</p>
<h2>Your rights</h2>
<p>You may ask for access, correction, erasure, restriction, portability, and object to processing. You may also
complain to your data protection authority, in the Netherlands the Autoriteit Persoonsgegevens.</p>
"""


def _terms(court: str) -> str:
    return f"""
<h2>1. Who we are</h2>
<p>These terms apply to every order placed with {TRADER}, registered with the Dutch Chamber of Commerce under
number 00000000 (demo). Customer service: <a href="mailto:{_email('help')}">{_email('help')}</a>.</p>
<h2>2. Orders and contract</h2>
<p>The contract is concluded when we confirm your paid order by e-mail. Prices include VAT for deliveries within
the EU. If an item turns out to be unavailable after payment we refund you in full within [[refund_time]].</p>
<h2>3. Payment</h2>
<p>You can pay with the methods below. Any fee is shown at checkout before you pay; card payments go through
Stripe, and your bank may ask you to confirm them with 3-D Secure.</p>
<p>[[payment_fees]]</p>
<p>For a bank transfer, pay to the account below with your order number as the reference:</p>
<p>[[bank_details]]</p>
<h2>4. Withdrawal and returns</h2>
<p>Your right of withdrawal and our returns promise are described in our
<a href="/policies/returns/">returns policy</a>.</p>
<h2>5. Guarantee</h2>
<p>You have the legal guarantee of conformity. Our commercial warranty, where a product page states one, comes on
top of it.</p>
<h2>6. Disputes</h2>
<p>Dutch law applies, without depriving you of the protection of the mandatory law of your country of residence.
Disputes go to {court}, or to the courts of your place of residence if you prefer. You may also use the EU's
online dispute resolution platform.</p>
"""


def _payment_security(extra: str) -> str:
    return f"""
<p>Your card details never touch our servers. Here is how a payment works at Trustmark.</p>
<h2>Stripe processes your card</h2>
<p>Card payments are handled by Stripe, a payment provider certified to PCI DSS Level 1, the highest level of
the card industry's security standard. The card form on our checkout page is served by Stripe in a secure frame:
what you type goes straight to Stripe, and we receive only a reference to the payment, its status and the last
four digits of the card.</p>
<h2>3-D Secure</h2>
<p>Your bank may ask you to confirm the payment in your banking app or with a code (3-D Secure, required for most
card payments in the EU under PSD2 strong customer authentication). We never see that step's data either.</p>
<h2>What we store</h2>
<ul>
<li>No card number, expiry date or security code, ever.</li>
<li>The amount, currency and status of each payment, to fulfil and refund your order.</li>
</ul>
<h2>Connection</h2>
<p>Every page is served over HTTPS only, with HTTP Strict Transport Security and a strict Content Security Policy
that lets scripts load only from our own domain and from Stripe.</p>
{extra}
"""


WITHDRAWAL_FORM = """
<p>(complete and return this form only if you wish to withdraw from the contract)</p>
<ul>
<li>To {trader}, e-mail: <a href="mailto:{email}">{email}</a>:</li>
<li>I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following goods
(*)/for the provision of the following service (*),</li>
<li>Ordered on (*)/received on (*),</li>
<li>Name of consumer(s),</li>
<li>Address of consumer(s),</li>
<li>Signature of consumer(s) (only if this form is notified on paper),</li>
<li>Date</li>
</ul>
<p>(*) Delete as appropriate.</p>
{note}
"""


def _withdrawal(note: str) -> str:
    return WITHDRAWAL_FORM.format(trader=TRADER, email=_email("returns"), note=note)


Version = tuple[str, str, dict[str, str], dict[str, str]]  # English text, summary, translations, summaries


def _texts() -> dict[str, tuple[Version, ...]]:
    """kind -> versions: (English text, English summary, {language: text}, {language: summary}); the returns
    policy's second version comes from its new terms (``_seed_returns_terms``)."""
    first = t.FIRST_VERSION
    returns_box, privacy_box, help_box = _email("returns"), _email("privacy"), _email("help")
    return {
        Policy.Kind.RETURNS: (
            (_returns(), "First published version.", {"pl": t.returns_pl(returns_box), "nl": t.returns_nl(returns_box)},
             first),
        ),
        Policy.Kind.SHIPPING: (
            (_shipping(""), "First published version.",
             {"pl": t.SHIPPING_PL.format(tracking=""), "nl": t.SHIPPING_NL.format(tracking="")}, first),
            (
                _shipping(
                    "<h2>Tracking</h2><p>When your parcel leaves our warehouse we e-mail you the carrier's tracking "
                    "number; it is also on your order page.</p>"
                ),
                "Added how you can follow your parcel.",
                {
                    "pl": t.SHIPPING_PL.format(tracking=t.TRACKING_PL),
                    "nl": t.SHIPPING_NL.format(tracking=t.TRACKING_NL),
                },
                t.SUMMARIES["tracking"],
            ),
        ),
        Policy.Kind.PRIVACY: (
            (_privacy(10), "First published version.",
             {"pl": t.privacy_pl(privacy_box, 10), "nl": t.privacy_nl(privacy_box, 10)}, first),
            (_privacy(7), "Invoices are kept for 7 years (the Dutch legal minimum) instead of 10.",
             {"pl": t.privacy_pl(privacy_box, 7), "nl": t.privacy_nl(privacy_box, 7)}, t.SUMMARIES["privacy"]),
        ),
        Policy.Kind.TERMS: (
            (_terms("the court of Amsterdam"), "First published version.",
             {code: getattr(t, f"terms_{code}")(help_box, t.COURT["first"][code]) for code in ("pl", "nl")}, first),
            (
                _terms("the competent court in Amsterdam"),
                "Clarified which court handles disputes; your home courts remain available.",
                {code: getattr(t, f"terms_{code}")(help_box, t.COURT["second"][code]) for code in ("pl", "nl")},
                t.SUMMARIES["terms"],
            ),
        ),
        Policy.Kind.PAYMENT_SECURITY: (
            (_payment_security(""), "First published version.",
             {"pl": t.PAYMENT_SECURITY_PL.format(extra=""), "nl": t.PAYMENT_SECURITY_NL.format(extra="")}, first),
            (
                _payment_security(
                    "<h2>Report a problem</h2><p>Seen a payment you do not recognise? Write to "
                    f'<a href="mailto:{_email("security")}">{_email("security")}</a>: we answer within '
                    "[[support_response_time]].</p>"
                ),
                "Added how to report a payment you do not recognise.",
                {
                    "pl": t.PAYMENT_SECURITY_PL.format(extra=t.report_pl(_email("security"))),
                    "nl": t.PAYMENT_SECURITY_NL.format(extra=t.report_nl(_email("security"))),
                },
                t.SUMMARIES["report"],
            ),
        ),
        Policy.Kind.WITHDRAWAL_FORM: (
            (_withdrawal(""), "First published version (Directive 2011/83/EU, Annex I(B)).",
             {"pl": t.withdrawal_pl(returns_box, ""), "nl": t.withdrawal_nl(returns_box, "")},
             t.SUMMARIES["withdrawal_first"]),
            (
                _withdrawal(
                    "<p>You may also withdraw from your order page, or send this text by e-mail; using this form "
                    "is not obligatory.</p>"
                ),
                "Added that the form is optional and that withdrawal also works from the order page.",
                {"pl": t.withdrawal_pl(returns_box, t.WITHDRAWAL_NOTE_PL),
                 "nl": t.withdrawal_nl(returns_box, t.WITHDRAWAL_NOTE_NL)},
                t.SUMMARIES["withdrawal"],
            ),
        ),
    }


POLICY_TITLES = {
    Policy.Kind.RETURNS: ("Polityka zwrotów", "Retourbeleid"),
    Policy.Kind.SHIPPING: ("Wysyłka i cło", "Verzending en douane"),
    Policy.Kind.PRIVACY: ("Polityka prywatności", "Privacybeleid"),
    Policy.Kind.TERMS: ("Regulamin sklepu", "Algemene voorwaarden"),
    Policy.Kind.PAYMENT_SECURITY: ("Bezpieczeństwo płatności", "Veilig betalen"),
    Policy.Kind.WITHDRAWAL_FORM: ("Formularz odstąpienia od umowy", "Modelformulier voor herroeping"),
}


@transaction.atomic
def seed_policies() -> list[Policy]:
    """Create the six policies with two versions each (first 90 days ago, second 30 days ago)."""
    seed_payment_config()  # the facts the shipping policy shows: its first version records them
    today = timezone.localdate()
    first_date, second_date = today - datetime.timedelta(days=90), today - datetime.timedelta(days=30)
    policies = []
    for kind, versions in _texts().items():
        policy = policy_get_or_create(kind=kind)
        policies.append(policy)
        if not policy.title_pl:
            policy.title_en = policy.title_en or str(Policy.Kind(kind).label)
            policy.title_pl, policy.title_nl = POLICY_TITLES[kind]
            policy.save(update_fields=["title_en", "title_pl", "title_nl"])
        if policy.versions.exists():
            continue
        for (body, summary, translations, summaries), date in zip(versions, (first_date, second_date), strict=False):
            version = policy_publish(
                policy=policy,
                body_html=body,
                translations=translations,
                change_summaries=summaries,
                change_summary=summary,
                effective_date=date,
                author=None,
                backdating_allowed=True,
                facts={RETURN_WINDOW.key: {"days": FIRST_RETURN_WINDOW}},
            )
            if kind == Policy.Kind.RETURNS:
                _seed_returns_terms(first=version, second_date=second_date)
    return policies


def _seed_returns_terms(*, first: PolicyVersion, second_date: datetime.date) -> None:
    """The first returns version grants the first window; new terms then publish the second version."""
    ReturnsTerms.objects.create(
        policy_version=first,
        window_days=FIRST_RETURN_WINDOW,
        conditions_en=RETURN_CONDITIONS,
        conditions_pl=t.RETURN_CONDITIONS["pl"],
        conditions_nl=t.RETURN_CONDITIONS["nl"],
        return_shipping_paid_by=ReturnsTerms.ShippingPaidBy.SHOP,
    )
    terms = returns_terms_change(
        window_days=RETURN_WINDOW_DAYS,
        conditions=RETURN_CONDITIONS,
        return_shipping_paid_by=ReturnsTerms.ShippingPaidBy.SHOP,
        author=None,
        effective_date=second_date,
        backdating_allowed=True,
    )
    ReturnsTerms.objects.filter(pk=terms.pk).update(
        conditions_pl=t.RETURN_CONDITIONS["pl"], conditions_nl=t.RETURN_CONDITIONS["nl"]
    )
