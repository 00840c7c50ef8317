"""The source side: find and read ``content/``, YAML with positions, validation, JSON Schema.

Raw files in, the typed model and located problems out. Imports the domain, never the renderer.
"""
