"""``manage.py policy_facts_refresh``: publish new policy versions for facts whose data changed without a model
save (the bank details come from settings: run this after a deploy that changes them)."""

from django.core.management.base import BaseCommand

from policies.services import policy_facts_refresh


class Command(BaseCommand):
    help = "Publish a new version of every policy that shows a fact whose data has changed."

    def handle(self, *args, **options) -> None:
        for version in policy_facts_refresh():
            self.stdout.write(f"{version.policy.kind} v{version.number}: {version.change_summary}")
