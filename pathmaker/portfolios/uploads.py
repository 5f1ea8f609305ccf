"""An upload handler that keeps an oversized portfolio file from ever filling the disk or memory.

Django stores an uploaded file whole (in memory, then in a temporary file) before a view sees it.
Put first in the request's handlers, this one passes a file's bytes on to Django's usual handlers up
to the portfolio's limit, then only counts the rest. An oversized file reaches the view as an empty
placeholder that carries its real size, so the size check refuses it with the usual clear message
("“video.mp4” is 23.4 MB; the limit is 10 MB") and nothing is kept.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class PortfolioUploadLimit(FileUploadHandler):
    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.seen = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        return raw_data if self.seen <= self.limit else None  # None: the next handlers never see it

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.seen <= self.limit:
            return None  # the usual handlers hold the whole file
        return UploadedFile(
            io.BytesIO(),
            name=self.file_name,
            content_type=self.content_type,
            size=self.seen,
            charset=self.charset,
        )
