"""What every stage shares: source spans, diagnostics, files, the cache folder, serialisation."""
