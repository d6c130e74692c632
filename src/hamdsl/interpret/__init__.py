"""Meaning: the exercise vocabulary, the interpreted model, the interpreter with its catalog, the
schedule."""
