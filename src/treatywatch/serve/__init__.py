"""Talking to people and programs: the CLI, the export writers, the web server."""
