"""Configuration: the ``Option`` type and settings discovery and loading."""
