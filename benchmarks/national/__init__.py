"""National-scale benchmark: 345 synthetic municipalities × 9 kinds against the local CKAN."""
