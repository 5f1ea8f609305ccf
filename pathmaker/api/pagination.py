"""Paging for the list endpoints: ninja's limit/offset, with both bounded.

Unbounded, `?offset=99999999999999999999` reaches the database as an OFFSET it cannot hold (a server
error); now it is a 422 naming the parameter, like any other bad input.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as _NinjaLimitOffset

MAX_LIMIT = 1000
MAX_OFFSET = 10**9  # far beyond any district's rows, far below the databases' 64-bit limit


class LimitOffsetPagination(_NinjaLimitOffset):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
