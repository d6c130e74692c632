"""Plugins: the hook specifications, the plugin host, the shared pipeline, and the public API
for plugin authors (``hamdsl.plugins.api``)."""
