"""The render side: every page of the handbook as Markdown in memory, from the model and figures.

One module owns every output path (``urls``), the nav is typed (``nav``), each part of the
handbook is a section (``section``), and all escaping goes through ``markup``.
"""
