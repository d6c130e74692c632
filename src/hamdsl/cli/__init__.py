"""The command line: the argparse parser and entry (``main``), one thin module per command."""
