"""HTML pages of the dataset (landing page, downloads, editor, tables), rendered from
api/templates; every page extends `page.html`, which holds the navigation and the style."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

__all__ = ["TEMPLATES_DIR", "render_page"]

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"])
    )


def render_page(template: str, **context: Any) -> str:
    """The page `template` (a file name in api/templates) rendered with `context`."""
    return _environment().get_template(template).render(**context)
