"""The schemas of schemas/h5p/ themselves, and a reading of built content.json against them.

The reading walks content.json with the schemas by hand (not through jsonschema-rs), so that a
required field left out, an unknown key or a wrong library string is caught even if the validator
were misconfigured. Only scormpack's own schemas are read here, never the libraries' semantics.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from support import SEED, replace_field, seed_text

from scormpack.config import H5P_PROFILES, Settings
from scormpack.data import schemas_dir
from scormpack.exporters.h5p import H5PExporter
from scormpack.h5p.html import ADVANCED_TEXT_TAGS, DRAG_TEXT_TASK_TAGS
from scormpack.h5p.profiles import PROFILES
from scormpack.h5p.schemas import PARAMS_SCHEMAS, schema_documents, validator_for
from scormpack.model import Quiz, QuizPair
from scormpack.reader import read_resource

MP4 = "https://tube.reseau-canope.fr/download/videos/f87f764b-5b4e-4219-a731-4e74cda01f25-720.mp4"
QUIZ = Quiz(pairs=tuple(QuizPair(id=f"a{i}", actor=f"Acteur {i}", role=f"Rôle {i}") for i in range(3)))
DOCS = schema_documents()


def test_every_schema_is_a_valid_draft_2020_12_schema():
    assert set(DOCS) >= {"h5p", "common", *PARAMS_SCHEMAS.values()}
    for name, doc in DOCS.items():
        assert jsonschema_rs.meta.is_valid(doc), name
        assert doc["$id"] == f"https://scormpack.invalid/schemas/h5p/{name}.schema.json"
        validator_for(name)  # every $ref resolves offline


def test_schema_files_are_the_only_ones_read():
    folder = schemas_dir() / "h5p"
    assert {p.name.removesuffix(".schema.json") for p in folder.glob("*.schema.json")} == set(DOCS)


def test_builder_tags_are_the_schemas_tags():
    assert DOCS["H5P.AdvancedText-1.1"]["properties"]["text"]["h5pTags"] == list(ADVANCED_TEXT_TAGS)
    assert DOCS["H5P.DragText-1.10"]["properties"]["taskDescription"]["h5pTags"] == list(DRAG_TEXT_TASK_TAGS)


@pytest.mark.parametrize("profile", H5P_PROFILES)
def test_profile_versions_are_offered_by_the_schemas(profile):
    column = DOCS["H5P.Column-1.18"]["properties"]["content"]["items"]["properties"]["content"]
    offered = column["properties"]["library"]["enum"]
    versions = PROFILES[profile].versions
    for name in versions:
        if name != "H5P.Column":
            assert PROFILES[profile].ref(name) in offered
            assert PROFILES[profile].ref(name) in PARAMS_SCHEMAS
    assert f"H5P.Column {versions['H5P.Column'][0]}.{versions['H5P.Column'][1]}" in PARAMS_SCHEMAS


# --- reading content.json with the schemas, by hand ----------------------------------------------
def resolve(node: dict[str, Any], doc: str) -> tuple[dict[str, Any], str]:
    while "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        doc = file.removesuffix(".schema.json") if file else doc
        target: Any = DOCS[doc]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, doc


def read(value: Any, node: dict[str, Any], doc: str, where: str, problems: list[str]) -> None:
    node, doc = resolve(node, doc)
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{where}: {value!r} not in {node['enum'][:5]}…")
    if node.get("h5pPlainText") and isinstance(value, str) and re.search(r"[<>]|&\w+;", value):
        problems.append(f"{where}: markup in plain text")
    if "h5pTags" in node:
        allowed = {*node["h5pTags"], "p", "div", "span", "br", "li"}
        for tag in re.findall(r"</?([a-z0-9]+)", value):
            if tag not in allowed:
                problems.append(f"{where}: tag <{tag}>")
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for name in node.get("required", []):
            if name not in value:
                problems.append(f"{where}/{name}: required field missing")
        library = value.get("library") if "params" in properties else None
        for name, child in value.items():
            if name not in properties:
                problems.append(f"{where}/{name}: unknown key")
            elif name == "params" and library in PARAMS_SCHEMAS:
                # A library field: its params follow the schema of the library it names.
                read(child, {"$ref": f"{PARAMS_SCHEMAS[library]}.schema.json"}, doc, f"{where}/params", problems)
            else:
                read(child, properties[name], doc, f"{where}/{name}", problems)
    elif isinstance(value, list) and "items" in node:
        for index, child in enumerate(value):
            read(child, node["items"], doc, f"{where}/{index}", problems)


@pytest.fixture(scope="module")
def resources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    with_mp4 = folder / SEED.name
    with_mp4.write_text(replace_field(seed_text(), "videoDownloadHref", f"videoDownloadHref: {MP4}"), encoding="utf-8")
    return {"no-mp4": read_resource(SEED), "mp4": read_resource(with_mp4)}


@pytest.mark.parametrize("profile", H5P_PROFILES)
@pytest.mark.parametrize("variant", ["no-mp4", "mp4"])
def test_built_content_reads_cleanly_against_the_schemas(resources, profile, variant):
    members = H5PExporter().files(resources[variant], QUIZ, Settings(formats=("h5p",), h5p_profile=profile))
    content = json.loads(members["content/content.json"])
    meta = json.loads(members["h5p.json"])
    problems: list[str] = []
    read(content, {"$ref": "H5P.Column-1.18.schema.json"}, "H5P.Column-1.18", "", problems)
    read(meta, {"$ref": "h5p.schema.json"}, "h5p", "h5p.json", problems)
    assert problems == []
    # Every library of the content was read with its own schema.
    assert {c["content"]["library"] for c in content["content"]} <= set(PARAMS_SCHEMAS)


def test_the_reading_catches_what_it_must(resources):
    members = H5PExporter().files(resources["mp4"], QUIZ, Settings(formats=("h5p",)))
    content = json.loads(members["content/content.json"])
    drag = content["content"][3]["content"]
    drag["params"].pop("a11yRetry")
    drag["params"]["stray"] = ""
    content["content"][2]["content"]["library"] = "H5P.Accordion 1.1"
    problems: list[str] = []
    read(content, {"$ref": "H5P.Column-1.18.schema.json"}, "H5P.Column-1.18", "", problems)
    joined = "\n".join(problems)
    assert "a11yRetry: required field missing" in joined
    assert "stray: unknown key" in joined
    assert "'H5P.Accordion 1.1' not in" in joined


def test_the_french_strings_fill_every_ui_field(resources):
    members = H5PExporter().files(resources["mp4"], QUIZ, Settings(formats=("h5p",)))
    content = json.loads(members["content/content.json"])
    video, drag = content["content"][1]["content"]["params"], content["content"][3]["content"]["params"]
    l10n = DOCS["H5P.Video-1.6"]["properties"]["l10n"]["required"]
    assert sorted(video["l10n"]) == sorted(l10n) and all(video["l10n"].values())
    schema = DOCS["H5P.DragText-1.10"]
    ui = [k for k, v in schema["properties"].items() if v.get("h5pPlainText") and k in schema["required"]]
    assert len(ui) == 22 and all(drag[k] for k in ui)
    # The placeholders the library replaces survive translation.
    assert "@index" in drag["dropZoneIndex"] and "@draggable" in drag["contains"]
    assert "@count" in drag["ariaDraggableIndex"]
    assert ":num" in drag["scoreBarLabel"] and ":total" in drag["scoreBarLabel"]


def test_no_shared_folder_is_read():
    for path in Path(__file__).parent.glob("test_h5p*.py"):
        assert "/shared" not in path.read_text(encoding="utf-8").replace('"/shared" not in', "")
