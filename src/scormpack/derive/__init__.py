"""Derive a « who does what » matching quiz from a French transcript, with rules of the language.

`extract_pairs(paragraphs)` returns the actors the text presents (acronym with its expansion, or a
noun phrase such as « Le directeur d'école ») with one sentence stating each one's role.
"""

from scormpack.derive.extract import ActorRole, Derivation, derive_candidates, extract_pairs

__all__ = ["ActorRole", "Derivation", "derive_candidates", "extract_pairs"]
