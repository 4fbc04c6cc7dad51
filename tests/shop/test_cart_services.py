import pytest

from accounts.factories import UserFactory
from core.errors import ApplicationError
from shop.factories import ProductFactory
from shop.models import Cart
from shop.services import cart_add, cart_merge_guest_into_user, quantity_parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw", ["abc", "", None, "1.5", "0", "-3", "100", "99999999999"])
def test_quantity_parse_rejects_bad_input_with_a_message(raw):
    with pytest.raises(ApplicationError) as excinfo:
        quantity_parse(raw=raw)
    assert excinfo.value.message


def test_cart_add_refuses_more_than_stock_and_leaves_cart_unchanged():
    product = ProductFactory(stock=2)
    cart = Cart.objects.create(guest_token="t1")
    cart_add(cart=cart, product=product, quantity=2)
    with pytest.raises(ApplicationError, match="Only 2"):
        cart_add(cart=cart, product=product, quantity=1)
    assert cart.lines.get().quantity == 2


def test_guest_cart_merges_into_account_cart_at_login():
    product, other = ProductFactory(stock=5), ProductFactory(stock=5)
    user = UserFactory()
    account_cart = Cart.objects.create(user=user)
    cart_add(cart=account_cart, product=product, quantity=1)
    guest = Cart.objects.create(guest_token="guest")
    cart_add(cart=guest, product=product, quantity=2)
    cart_add(cart=guest, product=other, quantity=1)

    cart_merge_guest_into_user(guest_token="guest", user=user)

    quantities = {line.product_id: line.quantity for line in account_cart.lines.all()}
    assert quantities == {product.pk: 3, other.pk: 1}
    assert not Cart.objects.filter(guest_token="guest").exists()


def test_login_signal_merges_the_session_cart(client):
    product = ProductFactory(stock=5)
    user = UserFactory()
    guest = Cart.objects.create(guest_token="from-session")
    cart_add(cart=guest, product=product, quantity=2)
    session = client.session
    session["cart_guest_token"] = "from-session"
    session.save()

    client.force_login(user)

    assert Cart.objects.get(user=user).lines.get().quantity == 2
