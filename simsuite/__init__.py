"""simsuite: simulation-based training on trafficking in persons and mass-event safety."""

__version__ = "0.1.0"
