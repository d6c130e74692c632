"""The .ham language: syntax tree nodes, the parser and its grammar, the formatter."""
