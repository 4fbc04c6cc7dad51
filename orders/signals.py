from django.dispatch import Signal

# Sent after commit when an order changes status: kwargs order, from_status, to_status.
order_status_changed = Signal()
