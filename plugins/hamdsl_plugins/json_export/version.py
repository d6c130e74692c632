"""The version of the JSON export's document shape, apart so that the plugin and its renderer
both import it without importing each other."""

#: The version of the document's shape; the schema pins it with ``const``.
SCHEMA_VERSION = 2
