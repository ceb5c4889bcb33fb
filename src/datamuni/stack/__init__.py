"""The local real stack."""
