"""datamuni: publicación de datos abiertos municipales de Chile."""

__version__ = "0.1.0"
