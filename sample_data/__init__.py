"""The fictional sample municipality Norrvik, written in the import contract's format."""

from sample_data.municipality import generate

__all__ = ["generate"]
