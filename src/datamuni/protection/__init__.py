"""Personal-data protection: rules, detectors on every cell, pseudonyms, k-anonymity, audit."""

from datamuni.protection.logfilter import RedactionFilter, install_redaction, redact_text
from datamuni.protection.protector import Protector
from datamuni.protection.report import ProtectionReport
from datamuni.protection.rules import validate_protection

__all__ = [
    "ProtectionReport",
    "Protector",
    "RedactionFilter",
    "install_redaction",
    "redact_text",
    "validate_protection",
]
