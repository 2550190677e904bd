"""
Load every app's demo data (演示数据) in its declared order, or delete it in the reverse order.

    python manage.py load_demo            # once; later runs change nothing
    python manage.py load_demo --delete   # before going live: remove it all, and nothing else

Each app names its loader in `demo_loader` on its AppConfig (contributions.declare.DemoLoader);
deleting in the reverse order keeps each step's links valid (feedback, Q&A and reports are
publications).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from contributions.collect import in_order


def demo_loaders():
    """Every app's DemoLoader, in loading order."""
    return in_order("demo_loader")


class Command(BaseCommand):
    help = (
        "按各应用声明的顺序载入演示数据；--delete 按相反顺序删除全部演示数据（正式数据不受影响）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="按相反顺序删除全部演示数据，正式数据不受影响。"
        )

    def handle(self, *args, delete=False, **options):
        loaders = demo_loaders()
        for loader in reversed(loaders) if delete else loaders:
            arguments = [loader.delete] if delete else []
            call_command(loader.command, *arguments, stdout=self.stdout, stderr=self.stderr)
