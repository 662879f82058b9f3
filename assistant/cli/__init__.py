"""The command line, ``tdkt`` (Typer): a thin front end over the library and the application
layer. It imports them; nothing in the library imports it."""

from assistant.cli.main import app, main

__all__ = ["app", "main"]
