"""The French UI strings of the H5P package use the typographic apostrophe.

Moodle's H5P core HTML-escapes a straight apostrophe in plain-text fields (`&#039;`), and DragText
copies some of those strings into aria-label without decoding them: a screen reader then reads
« l&#039;étiquette ». The typographic apostrophe (’) is not escaped, and is the French one anyway.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from support import SEED

from scormpack.config import Settings
from scormpack.exporters.h5p import H5PExporter
from scormpack.h5p.strings import h5p_strings
from scormpack.model import Quiz, QuizPair
from scormpack.reader import read_resource


def _texts(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, f"{where}/{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, f"{where}/{index}")
    elif isinstance(value, str):
        yield where, value


def test_french_ui_strings_have_no_straight_apostrophe() -> None:
    strings = {key: value for key, value in h5p_strings("fr").items() if key != "authors"}
    straight = [where for where, text in _texts(strings) if "'" in text]
    assert straight == []
    assert strings["dragtext"]["contains"] == "La zone de dépôt @index contient l’étiquette @draggable."


def test_built_dragtext_strings_reach_the_package_typographic() -> None:
    quiz = Quiz(pairs=tuple(QuizPair(id=f"a{i}", actor=f"Acteur {i}", role=f"Rôle {i}") for i in range(4)))
    files = H5PExporter().files(read_resource(SEED), quiz, Settings(formats=("h5p",)))
    content = json.loads(files["content/content.json"])
    drag = next(
        item["content"]["params"] for item in content["content"]
        if item["content"]["library"].startswith("H5P.DragText ")
    )
    ui = {key: value for key, value in drag.items() if key in h5p_strings("fr")["dragtext"]}
    assert ui and all("'" not in text for _, text in _texts(ui)), ui
    assert "l’étiquette" in ui["contains"] and "l’indice" in ui["tipLabel"]
    assert all("'" not in r["feedback"] for r in drag["overallFeedback"])


def test_dragtext_statements_and_answers_use_the_typographic_apostrophe() -> None:
    # The statements and the draggable answers are plain text too, and DragText puts them in aria-labels.
    quiz = Quiz(pairs=(
        QuizPair(id="dsi", actor="L'équipe d'assistance", role="Répond aux demandes d'aide des écoles."),
        QuizPair(id="ien", actor="IEN", role="Pilote l'inspection de la circonscription."),
        QuizPair(id="url", actor="Service d'accueil", role="Publie le guide sur l'ENT à l'adresse a.example/b'c."),
    ))
    files = H5PExporter().files(read_resource(SEED), quiz, Settings(formats=("h5p",)))
    content = json.loads(files["content/content.json"])
    text_field = next(
        item["content"]["params"]["textField"] for item in content["content"]
        if item["content"]["library"].startswith("H5P.DragText ")
    )
    assert "*L’équipe d’assistance*" in text_field and "demandes d’aide" in text_field
    assert "l’inspection" in text_field and "Service d’accueil" in text_field
    assert "'" not in text_field
