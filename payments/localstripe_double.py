"""TEST DOUBLE ONLY: Stripe's bank payment methods (iDEAL, Bancontact, Przelewy24, BLIK, PayPal) on localstripe.

localstripe 1.15 knows card and SEPA Debit PaymentMethods only, and refuses ``payment_method_data`` and
``return_url`` on confirm. ``install()`` (called by ``payments.localstripe_runner`` before it starts the server,
never by the shop) adds what the shop uses, written from Stripe's API reference and its test-mode behaviour:

* PaymentMethods of types ``ideal``, ``bancontact``, ``p24``, ``blik``, ``paypal`` (``POST /v1/payment_methods``,
  or inline as ``payment_method_data`` on confirm). Stripe's currency rules are enforced on confirm: iDEAL and
  Bancontact EUR, Przelewy24 EUR or PLN, BLIK PLN, PayPal EUR/PLN/GBP/CHF/... (400 otherwise); Bancontact and
  PayPal want ``billing_details.name``, Przelewy24 ``billing_details.email``.
* ``POST /v1/payment_intents/{id}/confirm`` with ``payment_method_data`` and ``return_url`` (redirect methods):
  the PaymentIntent becomes ``requires_action`` with ``next_action.type == "redirect_to_url"`` and
  ``next_action.redirect_to_url.url`` pointing at this server's authorisation page
  (``GET /pm-redirects/authorize/{intent id}``), which has the two buttons Stripe's test mode shows,
  "Authorise test payment" and "Fail test payment". Either one redirects the browser to ``return_url`` with
  Stripe's query parameters ``payment_intent``, ``payment_intent_client_secret`` and ``redirect_status``
  (``succeeded`` or ``failed``). Authorised: a charge is made, the intent ``succeeded``, webhook
  ``payment_intent.succeeded``. Failed: ``requires_payment_method`` with ``last_payment_error.code ==
  "payment_intent_authentication_failure"``, webhook ``payment_intent.payment_failed``. A shopper who never
  presses either button leaves the intent in ``requires_action`` (as at Stripe) until it is cancelled.
* BLIK: confirm with ``payment_method_data[type]=blik`` and ``payment_method_options[blik][code]`` (6 digits;
  400 otherwise) gives ``requires_action`` with ``next_action.type == "blik_authorize"``; the "bank app" then
  answers after ``BLIK_ANSWER_SECONDS``. The double's codes (Stripe's test mode has its own; these are ours):
  ``000000`` invalid code (402 at confirm, ``code_invalid``), ``111111`` refused in the app
  (``customer_declined``), ``222222`` never approved: fails after ``BLIK_TIMEOUT_SECONDS`` (Stripe's 60 s) with
  ``code_expired``; any other 6 digits are approved. Failures send ``payment_intent.payment_failed``.
* ``payment_intent.requires_action`` and ``payment_intent.canceled`` webhooks, which localstripe never sends.
* Refunds of these payments use localstripe's own refunds (the charge is an ordinary one).

The shop's code does not know about any of this: ``payments/gateway.py`` sends what real Stripe expects, and the
same code runs unchanged against Stripe test keys. See docs/payment-methods.md.
"""

from __future__ import annotations

import asyncio
import html
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from localstripe import resources
from localstripe.errors import UserError
from localstripe.webhooks import schedule_webhook

BANK_TYPES = ("ideal", "bancontact", "p24", "blik", "paypal")
REDIRECT_TYPES = ("ideal", "bancontact", "p24", "paypal")
# Stripe's documented presentment currencies for each type.
CURRENCIES = {
    "ideal": {"eur"},
    "bancontact": {"eur"},
    "p24": {"eur", "pln"},
    "blik": {"pln"},
    "paypal": {"eur", "pln", "gbp", "chf", "usd", "czk", "dkk", "nok", "sek", "huf"},
}
REQUIRED_BILLING = {"bancontact": "name", "paypal": "name", "p24": "email"}
BRANDS = {"ideal": "iDEAL", "bancontact": "Bancontact", "p24": "Przelewy24", "blik": "BLIK", "paypal": "PayPal"}

BLIK_INVALID = "000000"
BLIK_REFUSED = "111111"
BLIK_NEVER_APPROVED = "222222"
BLIK_ANSWER_SECONDS = 1.5
BLIK_TIMEOUT_SECONDS = 60.0

AUTHORIZE_PATH = "/pm-redirects/authorize/"

# Where this server is reachable (the authorisation page's absolute URL): set by the runner.
state = {"base_url": "http://127.0.0.1:8420"}

PaymentIntent = resources.PaymentIntent
PaymentMethod = resources.PaymentMethod
Event = resources.Event


def _pm_init(original):
    def __init__(self, type=None, billing_details=None, metadata=None, **kwargs):  # noqa: A002 - Stripe's names
        if type not in BANK_TYPES:
            return original(self, type=type, billing_details=billing_details, metadata=metadata, **kwargs)
        details = kwargs.pop(type, None)
        if kwargs:
            raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
        if billing_details is not None and not isinstance(billing_details, dict):
            raise UserError(400, "Bad request")
        if details is not None and not isinstance(details, dict):
            raise UserError(400, "Bad request")
        resources.StripeObject.__init__(self)
        self.type = type
        self.billing_details = billing_details or {}
        setattr(self, type, dict(details or {}))
        self.customer = None
        self.metadata = metadata or {}
        return None

    return __init__


def _pi_init(original):
    def __init__(self, *args, payment_method_types=None, **kwargs):
        original(self, *args, payment_method_types=payment_method_types, **kwargs)
        types = payment_method_types
        if isinstance(types, dict):  # form-encoded lists arrive as {"0": "ideal"}
            types = list(types.values())
        self._pm_types = list(types or ["card"])
        self._ext_error = None
        self._blik_code = None

    return __init__


def _last_payment_error(original_property):
    def getter(self):
        error = getattr(self, "_ext_error", None)
        if error:
            return dict(error)
        return original_property.fget(self)

    return property(getter)


def _fail(intent, code: str, message: str) -> None:
    """The bank (or the shopper) said no: back to ``requires_payment_method`` with the error, webhook sent."""
    intent.next_action = None
    intent.payment_method = None
    intent._ext_error = {"code": code, "message": message, "type": "card_error"}
    schedule_webhook(Event("payment_intent.payment_failed", intent))


def _succeed(intent) -> None:
    intent.next_action = None
    intent._create_charge(on_failure_now=intent._report_failure)


def _confirm(original):
    def _api_confirm(id, payment_method_data=None, payment_method_options=None, return_url=None, **kwargs):  # noqa: A002
        if payment_method_data is None:  # localstripe's own confirm (cards, SEPA), with its own refusals
            if payment_method_options is not None:
                kwargs["payment_method_options"] = payment_method_options
            if return_url is not None:
                kwargs["return_url"] = return_url
            return original(id, **kwargs)
        if kwargs:
            raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
        intent = PaymentIntent._api_retrieve(id)
        if intent.status not in ("requires_payment_method", "requires_confirmation"):
            raise UserError(400, f"This PaymentIntent's status is {intent.status}: it cannot be confirmed.")
        if not isinstance(payment_method_data, dict) or payment_method_data.get("type") not in BANK_TYPES:
            raise UserError(400, "Invalid payment_method_data[type]")
        pm_type = payment_method_data["type"]
        if pm_type not in getattr(intent, "_pm_types", ["card"]):
            raise UserError(
                400, f"The payment method type {pm_type} is not in this PaymentIntent's payment_method_types."
            )
        if intent.currency.lower() not in CURRENCIES[pm_type]:
            raise UserError(400, f"The currency {intent.currency} is not supported by {pm_type}.")
        billing = payment_method_data.get("billing_details") or {}
        needed = REQUIRED_BILLING.get(pm_type)
        if needed and not (isinstance(billing, dict) and billing.get(needed)):
            raise UserError(400, f"Missing required param: payment_method_data[billing_details][{needed}].")
        code = None
        if pm_type == "blik":
            options = (payment_method_options or {}).get("blik") or {}
            code = str(options.get("code") or "")
            if len(code) != 6 or not code.isdigit():
                raise UserError(400, "payment_method_options[blik][code] must be 6 digits.")
        elif not return_url or urlsplit(str(return_url)).scheme not in ("http", "https"):
            raise UserError(400, "A return_url is required to confirm this PaymentIntent.")
        pm = PaymentMethod(type=pm_type, billing_details=billing, **({pm_type: {}}))
        intent.payment_method = pm.id
        intent._ext_error = None
        intent._authentication_failed = False
        if pm_type == "blik":
            if code == BLIK_INVALID:
                _fail(intent, "code_invalid", "The BLIK code is invalid.")
                raise UserError(402, "The BLIK code is invalid.", {"code": "code_invalid"})
            intent._blik_code = code
            intent.next_action = {"type": "blik_authorize", "blik_authorize": {}}
            asyncio.ensure_future(_blik_answer(intent, code))
        else:
            intent._return_url = str(return_url)
            intent.next_action = {
                "type": "redirect_to_url",
                "redirect_to_url": {
                    "url": f"{state['base_url']}{AUTHORIZE_PATH}{intent.id}?client_secret={intent.client_secret}",
                    "return_url": str(return_url),
                },
            }
        schedule_webhook(Event("payment_intent.requires_action", intent))
        return intent

    return _api_confirm


async def _blik_answer(intent, code: str) -> None:
    """The shopper's bank app: approves, refuses, or never answers (the 60 s window runs out)."""
    wait = BLIK_TIMEOUT_SECONDS if code == BLIK_NEVER_APPROVED else BLIK_ANSWER_SECONDS
    await asyncio.sleep(wait)
    if intent.status != "requires_action" or intent._blik_code != code:
        return  # cancelled meanwhile, or a newer confirmation
    if code == BLIK_REFUSED:
        _fail(intent, "customer_declined", "The customer declined the payment in the banking app.")
    elif code == BLIK_NEVER_APPROVED:
        _fail(intent, "code_expired", "The customer did not approve the payment in time.")
    else:
        _succeed(intent)
    resources.store.dump_to_disk()


def _cancel(original):
    def _api_cancel(id, **kwargs):  # noqa: A002
        intent = original(id, **kwargs)
        schedule_webhook(Event("payment_intent.canceled", intent))
        return intent

    return _api_cancel


def _page(intent, pm) -> str:
    brand = BRANDS.get(pm.type, pm.type)
    amount = f"{int(intent.amount) / 100:.2f} {intent.currency.upper()}"
    secret = html.escape(intent.client_secret)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{brand} test payment page</title></head>
<body>
<main>
<p><strong>Test double</strong>: this page stands in for {brand} (Stripe test mode). No money moves.</p>
<h1>{brand} test payment</h1>
<p>Amount: {html.escape(amount)}</p>
<form method="post">
<input type="hidden" name="client_secret" value="{secret}">
<button type="submit" name="action" value="authorize">Authorise test payment</button>
<button type="submit" name="action" value="fail">Fail test payment</button>
</form>
</main>
</body></html>"""


async def _authorize(request: web.Request) -> web.Response:
    intent_id = request.path[len(AUTHORIZE_PATH) :].strip("/")
    try:
        intent = PaymentIntent._api_retrieve(intent_id)
    except UserError:
        return web.Response(status=404, text="No such payment")
    secret = request.query.get("client_secret", "")
    if request.method == "POST":
        data = await request.post()
        secret = str(data.get("client_secret", ""))
    if secret != intent.client_secret:
        return web.Response(status=401, text="Unauthorised")
    next_action = intent.next_action or {}
    if request.method == "GET":
        if next_action.get("type") != "redirect_to_url":
            return web.Response(status=410, text="This payment page is no longer active.")
        pm = PaymentMethod._api_retrieve(intent.payment_method)
        return web.Response(text=_page(intent, pm), content_type="text/html")
    return_url = getattr(intent, "_return_url", "")
    if next_action.get("type") == "redirect_to_url":
        if data.get("action") == "authorize":
            _succeed(intent)
        else:
            _fail(intent, "payment_intent_authentication_failure", "The customer failed the authentication.")
        resources.store.dump_to_disk()
    status = "succeeded" if intent.status in ("succeeded", "processing", "requires_capture") else "failed"
    params = urlencode(
        {"payment_intent": intent.id, "payment_intent_client_secret": intent.client_secret, "redirect_status": status}
    )
    separator = "&" if "?" in return_url else "?"
    raise web.HTTPSeeOther(return_url + separator + params)


@web.middleware
async def authorize_page_middleware(request: web.Request, handler):
    """The authorisation page is opened by the shopper's browser, without an API key (localstripe's auth
    middleware would refuse it), so it is served before that middleware runs."""
    if request.path.startswith(AUTHORIZE_PATH) and request.method in ("GET", "POST"):
        return await _authorize(request)
    return await handler(request)


def install(*, base_url: str, blik_timeout: float | None = None) -> None:
    """Patch localstripe's classes and route table. Call before ``localstripe.server`` is imported."""
    state["base_url"] = base_url.rstrip("/")
    global BLIK_TIMEOUT_SECONDS
    if blik_timeout is not None:
        BLIK_TIMEOUT_SECONDS = blik_timeout
    PaymentMethod.__init__ = _pm_init(PaymentMethod.__init__)
    PaymentIntent.__init__ = _pi_init(PaymentIntent.__init__)
    PaymentIntent.last_payment_error = _last_payment_error(PaymentIntent.__dict__["last_payment_error"])
    confirm = _confirm(PaymentIntent._api_confirm)
    cancel = _cancel(PaymentIntent._api_cancel)
    for index, (method, url, _func) in enumerate(resources.extra_apis):
        if (method, url) == ("POST", "/v1/payment_intents/{id}/confirm"):
            resources.extra_apis[index] = (method, url, confirm)
        elif (method, url) == ("POST", "/v1/payment_intents/{id}/cancel"):
            resources.extra_apis[index] = (method, url, cancel)


def install_middleware(app: web.Application) -> None:
    app.middlewares.insert(0, authorize_page_middleware)
