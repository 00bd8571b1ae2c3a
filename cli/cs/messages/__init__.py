"""Automatic messages: built-in texts, templates, language resolution."""
