"""Reading policy files: YAML text in, a located tree of plain Python data out."""
