"""The contents of the demo student's work: the lab report's measurements and the written reflection."""

from __future__ import annotations

from decimal import Decimal

JUICE = [  # brand, price in dollars, size in ounces
    ("Sunny Orange", Decimal("3.20"), 64),
    ("Valley Fresh", Decimal("2.10"), 32),
    ("Maple Farms", Decimal("4.50"), 96),
]


REFLECTION_TEXT = """What I learned from our group project on the school garden

Our group measured the garden beds and worked out how much soil to order.
At first I did most of the measuring myself because I thought it would be faster.
Then Tia pointed out that we had measured one bed in feet and another in inches.
We decided to split the work: two people measure, one person checks the units,
and one person records. It took longer to plan but we made no more mistakes.

Next time I want to ask everyone what they are good at before we start,
and I want to check in with the group halfway through instead of at the end.
"""
