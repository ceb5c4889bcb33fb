"""Validation: Table Schema checks and Great Expectations suites, findings, quarantine, policy."""
