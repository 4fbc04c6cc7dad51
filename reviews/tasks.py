"""Background work for reviews (django-tasks: the db worker in the demo, immediate in tests)."""

from django_tasks import task

from reviews.services import review_request_send


@task()
def send_review_request(order_id: int) -> bool:
    """The one review request email for a delivered order (a second run sends nothing)."""
    return review_request_send(order_id=order_id)
