"""Packaging: deterministic Frictionless data packages (datapackage.json + CSV + public reports)."""

from datamuni.packaging.builder import BuiltPackage, build_package

__all__ = ["BuiltPackage", "build_package"]
