"""The upload handler that keeps an oversized portfolio file from ever filling the disk or memory.

It is the shared `pathmaker.components.uploads.UploadLimit` (the resource library uses it too); put
first in the request's handlers with the portfolio's limit, an oversized file reaches the view as an
empty placeholder carrying its real size, so the size check refuses it and nothing is kept.
"""

from __future__ import annotations

from pathmaker.components.uploads import UploadLimit as PortfolioUploadLimit

__all__ = ["PortfolioUploadLimit"]
