"""Document registry: the expected legal framework, validity on a date, supersession,
citation strings and cross-references."""

from assistant.registry.catalog import Registry
from assistant.registry.citations import (
    find_citations,
    find_provision,
    parse_citation,
    parse_citations,
    resolve_citation,
    resolve_ref,
)
from assistant.registry.coverage import CoverageRow
from assistant.registry.entries import RegistryEntry
from assistant.registry.framework import DEFAULT_FRAMEWORK_PATH, Framework, load_framework
from assistant.registry.lookup import ProvisionLookup
from assistant.registry.refs import CitationRef
from assistant.registry.validity import Validity
from assistant.registry.xref import (
    Reference,
    ReferenceReport,
    find_references,
    reference_report,
    resolve_references,
)

__all__ = [
    "DEFAULT_FRAMEWORK_PATH",
    "CitationRef",
    "CoverageRow",
    "Framework",
    "ProvisionLookup",
    "Reference",
    "ReferenceReport",
    "Registry",
    "RegistryEntry",
    "Validity",
    "find_citations",
    "find_provision",
    "find_references",
    "load_framework",
    "parse_citation",
    "parse_citations",
    "reference_report",
    "resolve_citation",
    "resolve_ref",
    "resolve_references",
]
