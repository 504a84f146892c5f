"""Errors of the FAIR publication layer, each carrying the fields a handler needs."""

from __future__ import annotations

__all__ = ["CitationError", "DumpNotFound", "FairError", "UnknownFigure"]


class FairError(Exception):
    """Base of the errors raised while publishing the dataset's metadata, dumps and figures."""


class DumpNotFound(FairError, LookupError):
    """A dump that this version of the data does not have (unknown format or a past version)."""

    def __init__(self, version: str, name: str) -> None:
        super().__init__(f"no dump {name!r} for version {version!r}")
        self.version = version
        self.name = name


class UnknownFigure(FairError, LookupError):
    """A figure name or format the service does not draw."""

    def __init__(self, name: str, fmt: str) -> None:
        super().__init__(f"no figure {name!r} as {fmt!r}")
        self.name = name
        self.fmt = fmt


class CitationError(FairError, ValueError):
    """CITATION.cff is missing or lacks a field the landing page cites."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
