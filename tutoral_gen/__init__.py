"""tutoral_gen: tutoring-engineering handbooks (ingénierie tutorale, after Jacques Rodet).

content/ (YAML + Markdown) -> load -> validate -> compute -> render -> write -> MkDocs -> site/
"""
