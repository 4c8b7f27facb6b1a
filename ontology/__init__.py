"""The prospectus-kg ontology: prospectus.ttl (the source of truth), shapes.ttl, and the code derived from it.

``namespace`` (generated) gives the Python names of the terms; ``generate`` regenerates the derived
files; ``validate`` and ``reason`` check and extend built graphs (they import pySHACL and owlready2
lazily, inside their functions).
"""
