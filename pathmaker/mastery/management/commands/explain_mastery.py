"""`pathmaker explain-mastery`: try a mastery rule on some scores and see every step of the arithmetic.

For district staff choosing a rule before adopting it. Scores are taken as demonstrated in the order
given; the last line is always `level: X` (two decimals) or `level: not yet determined`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.management.base import BaseCommand, CommandError

from pathmaker.mastery.engine import Method, Rule, in_given_order, level
from pathmaker.mastery.explain import explain


def explanation_lines(values: Sequence[float], rule: Rule) -> list[str]:
    """What the command prints: one line per step, then `level: X`."""
    result = level(in_given_order(values), rule)
    return [step.text for step in explain(result, dated=False)] + [f"level: {result.display()}"]


class Command(BaseCommand):
    help = "Show how a mastery rule turns scores (oldest first) into a level, step by step."

    def add_arguments(self, parser):
        parser.add_argument("scores", nargs="+", type=float, metavar="SCORE", help="scores, oldest first")
        parser.add_argument("--method", required=True, choices=[m.value for m in Method])
        parser.add_argument("--weight", type=float, default=0.65, help="weighted and decaying averages")
        parser.add_argument("--n", type=int, default=5, help="n_times: scores at or above mastery needed")
        parser.add_argument("--mastery", type=float, default=3.0, help="the level that means mastery")
        parser.add_argument("--scale-min", type=float, default=1.0)
        parser.add_argument("--scale-max", type=float, default=4.0)

    def handle(self, *args, scores, method, weight, n, mastery, scale_min, scale_max, **options):
        try:
            rule = Rule(
                Method(method), weight=weight, n=n, mastery=mastery, scale_min=scale_min, scale_max=scale_max
            )
            lines = explanation_lines(scores, rule)
        except ValueError as refusal:
            raise CommandError(str(refusal)) from refusal
        for line in lines:
            self.stdout.write(line)
