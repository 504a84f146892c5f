"""REFI-QDA XML read safely and checked against the official schema, each error with its line.

Untrusted XML is first read by defusedxml, which refuses DTDs, entity declarations and external
references (billion laughs, XXE); only XML that passes is parsed again by lxml, with entity
resolution and the network off, for the line numbers and XML Schema validation that
defusedxml's ElementTree lacks. The schemas are the package's own copies (`schema/`), so
validation never reaches the network.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from lxml import etree

from ingest.errors import DataFilesError
from ingest.refiqda.errors import QdaFileError

__all__ = [
    "CODEBOOK_NS",
    "PROJECT_NS",
    "SCHEMA_DIR",
    "local_name",
    "parse_checked",
    "schema",
    "schema_errors",
]

logger = logging.getLogger(__name__)

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
# Which schema file checks which kind of document.
_SCHEMA_FILES = {"Project": "Project.xsd", "Codebook": "Codebook.xsd"}
_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")
_NAMESPACE = re.compile(r"\{urn:QDA-XML:[^}]*\}")


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@functools.cache
def schema(kind: str) -> Any:
    """The compiled XML Schema for `Project` or `Codebook` documents."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / _SCHEMA_FILES[kind]), _parser()))


def local_name(element: Any) -> str:
    """`Code` for `{urn:QDA-XML:project:1.0}Code`."""
    return str(etree.QName(element).localname)


def schema_errors(root: Any, kind: str, archive: Path, member: str) -> list[QdaFileError]:
    """Every XML Schema error of a parsed document, located by line and element."""
    checker = schema(kind)
    if checker.validate(root.getroottree()):
        return []
    found = []
    for entry in checker.error_log:
        named = _ELEMENT.search(entry.message)
        message = _NAMESPACE.sub("", entry.message)
        found.append(
            QdaFileError(
                archive,
                member,
                entry.line,
                named.group(1) if named else "",
                f"not valid against {_SCHEMA_FILES[kind]}: {message}",
            )
        )
    return found


def parse_checked(data: bytes, kind: str, archive: Path, member: str) -> Any:
    """The lxml root of a REFI-QDA document that is safe, well-formed and valid, else
    DataFilesError with every problem located in `archive`'s `member`."""
    try:
        SafeElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise DataFilesError(
            [QdaFileError(archive, member, 0, "", f"refused: {exc} (DTDs and entities)")]
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if exc.position else 0
        raise DataFilesError(
            [QdaFileError(archive, member, line, "", f"not well-formed XML: {exc}")]
        ) from exc
    root = etree.fromstring(data, _parser())
    errors = schema_errors(root, kind, archive, member)
    if errors:
        logger.info("%s:%s: %d schema error(s)", archive, member, len(errors))
        raise DataFilesError(errors)
    return root
