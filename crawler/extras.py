"""The optional extras of the distribution: the error that names one when its packages are missing."""

from __future__ import annotations

SCALE_MISSING = ("scale-out needs the optional packages redis and scrapy-redis: "
                 "pip install 'linktrail[scale]'")


class ScaleExtraMissing(ModuleNotFoundError):
    """The [scale] extra is not installed: `crawl --redis`, `workers` and `ingest` cannot run."""

    def __init__(self, name: str | None = None) -> None:
        super().__init__(SCALE_MISSING, name=name)
