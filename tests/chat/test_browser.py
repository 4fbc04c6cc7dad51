"""Two browsers through a live uvicorn (the real ASGI app, Redis channel layer): a shopper on a phone and a staff
member at a desk exchange messages; a browser whose WebSocket is refused falls back to polling."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import pytest
from channels.routing import ProtocolTypeRouter
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application
from playwright.sync_api import expect

from chat.models import StaffPresence
from tests.chat.conftest import session_cookie
from tests.conftest import free_port, wait_for_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def asgi_server(transactional_db) -> Iterator[str]:
    """uvicorn serving config.asgi's routing in a thread of this process (so it sees the test database), with
    static files served as runserver would."""
    import uvicorn

    from config.asgi import application

    app = ProtocolTypeRouter({
        "http": ASGIStaticFilesHandler(get_asgi_application()),
        "websocket": application.application_mapping["websocket"],
    })
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                           ws="websockets-sansio"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def wait_until(check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def staff_page(browser, url: str, staff):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": session_cookie(staff), "url": url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def open_chat(page, url: str) -> None:
    page.set_default_timeout(10_000)
    page.goto(url + "/")
    page.get_by_role("button", name="Chat with us").click()
    page.get_by_label("Your name").fill("Gus Guest")
    page.get_by_label("Email").fill("gus@example.com")
    page.get_by_label("How can we help?").fill("Did my card payment go through?")


def test_shopper_and_staff_chat_in_two_browsers(browser, phone_page, asgi_server, staff):
    desk = staff_page(browser, asgi_server, staff)
    desk.goto(asgi_server + "/chat/staff/")
    wait_until(lambda: StaffPresence.objects.filter(user=staff).exists())  # the inbox's socket is the presence

    shopper = phone_page
    open_chat(shopper, asgi_server)
    # The availability line is fetched after the window opens: wait for it rather than read it at once.
    expect(shopper.locator("#chat-availability")).to_contain_text("online now")
    assert "never ask for your card number" in shopper.locator(".chat-safety").inner_text()
    shopper.get_by_role("button", name="Start chat").click()
    shopper.get_by_text("You are in the queue").wait_for()

    desk.get_by_text(re.compile("New chat from Gus Guest")).wait_for()  # announced live, no reload
    desk.locator("#staff-waiting a").first.click()
    desk.get_by_text("Did my card payment go through?").wait_for()
    desk.get_by_label("Reply").fill("Hello Gus, yes: it went through.")
    desk.get_by_role("button", name="Send reply").click()

    log = shopper.locator("#chat-log")
    assert log.get_attribute("aria-live") == "polite" and log.get_attribute("role") == "log"
    log.get_by_text("Hello Gus, yes: it went through.").wait_for()
    shopper.get_by_text("You are chatting with Sam").wait_for()

    shopper.get_by_label("Your message").fill("Thanks! My card was 4242 4242 4242 4242 <b>ok</b>")
    shopper.keyboard.press("Enter")
    desk.locator("#staff-log").get_by_text("Thanks! My card was •••• •••• •••• 4242 <b>ok</b>").wait_for()
    assert desk.locator("#staff-log b").count() == 0  # shown as text, not markup

    # Keyboard: Escape closes the window (no focus trap) and focus goes back to its button.
    shopper.keyboard.press("Escape")
    assert shopper.locator("#chat-panel").is_hidden()
    assert shopper.evaluate("document.activeElement.id") == "chat-toggle"
    desk.context.close()


def test_without_websockets_the_chat_falls_back_to_polling(browser, desktop_page, asgi_server, staff):
    from chat import services
    from chat.models import Conversation

    services.staff_presence_beat(user=staff)
    page = desktop_page
    page.route_web_socket(re.compile(r".*/ws/chat/.*"), lambda ws: ws.close())  # a proxy that drops WebSockets
    open_chat(page, asgi_server)
    page.get_by_role("button", name="Start chat").click()
    page.get_by_text("checking for new messages every few seconds").wait_for()
    conversation = Conversation.objects.get()
    # In a thread of its own: Playwright's event loop runs in this one, and the service pushes to the layer.
    reply = threading.Thread(target=lambda: services.message_from_staff(
        conversation=conversation, author=staff, body="Answered while you poll."))
    reply.start()
    reply.join()
    page.locator("#chat-log").get_by_text("Answered while you poll.").wait_for()
    page.get_by_label("Your message").fill("Sent over plain HTTP")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("#chat-log").get_by_text("Sent over plain HTTP").wait_for()
    assert conversation.ticket.messages.filter(body="Sent over plain HTTP").exists()
