"""Reporters: each turns a result into text in one named format."""
