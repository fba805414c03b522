"""A small resource and, written out by hand, the transcript file a reader of it expects."""

from __future__ import annotations

from pathlib import Path

from scormpack.model import Credit, Resource

NAME = "ressource-transcription.txt"


def small_resource() -> Resource:
    return Resource(
        source=Path("ressource.md"),
        slug="ressource",
        area="Domaine 2",
        title="Élèves et écrans : qui décide ?",
        description="Une *courte* présentation, voir [le guide](https://example.org/guide).",
        video_embed_src="https://tube.example.org/videos/embed/0a1b2c3d-0000-4000-8000-000000000000",
        video_download_href=None,
        transcript=(
            "Premier paragraphe : l'« école » et **son** équipe.",
            "Une adresse nue <https://example.org/a> reste telle quelle ; `code` aussi !",
        ),
        credits=(Credit("Scénario", ("Camille Durand", "Léo Martin")), Credit("Production", ("Réseau Canopé",))),
        credits_notes=("Avec le soutien de _tous_.",),
    )


# Written out by hand from small_resource(): what a reader of the source expects in the file.
EXPECTED = (
    "\ufeff"
    "Domaine 2\r\n"
    "Élèves et écrans\u00a0: qui décide\u00a0?\r\n"
    "===============================\r\n"
    "\r\n"
    "Une courte présentation, voir le guide (https://example.org/guide).\r\n"
    "\r\n"
    "Adresse de la vidéo\u00a0: https://tube.example.org/videos/watch/0a1b2c3d-0000-4000-8000-000000000000\r\n"
    "\r\n"
    "\r\n"
    "Transcription\r\n"
    "-------------\r\n"
    "\r\n"
    "Premier paragraphe\u00a0: l'«\u00a0école\u00a0» et son équipe.\r\n"
    "\r\n"
    "Une adresse nue https://example.org/a reste telle quelle\u00a0; code aussi\u00a0!\r\n"
    "\r\n"
    "\r\n"
    "Crédits\r\n"
    "-------\r\n"
    "\r\n"
    "Scénario\u00a0: Camille Durand, Léo Martin\r\n"
    "Production\u00a0: Réseau Canopé\r\n"
    "\r\n"
    "Avec le soutien de tous.\r\n"
).encode()


# A transcript as content teams write one when the steps matter: a numbered list with a nested
# list, a sub-heading and a quote, raw HTML and inline markdown inside the items.
STRUCTURED_SOURCE = """---
area: Domaine 3
title: Inscrire un enfant à l'école
description: Le maire, le directeur, l'IEN... Qui fait quoi ?
videoEmbedSrc: https://tube.reseau-canope.fr/videos/embed/0a1b2c3d-0000-4000-8000-000000000000
---

## Transcription

Trois étapes, dans cet ordre :

1. Le maire inscrit l'enfant sur la liste scolaire ; la famille présente le livret de famille.
2. Le directeur d'école admet l'élève :
   - il reçoit le certificat d'inscription ;
   - il vérifie les *vaccinations*.
3. L'IEN de circonscription est informé <script>alert(1)</script>.

### En cas de désaccord

> La famille peut saisir l'**IA-DASEN**.
>
> Il tranche.

#### Un exemple

- Lucas, 3 ans
- [Le guide](https://example.org/guide)

## Crédits

- **Scénario** : Camille Durand
"""

STRUCTURED_NAME = "inscription-transcription.txt"

# Written out by hand from STRUCTURED_SOURCE: the transcript section of its file.
STRUCTURED_TRANSCRIPT = (
    "Transcription\r\n"
    "-------------\r\n"
    "\r\n"
    "Trois étapes, dans cet ordre\u00a0:\r\n"
    "\r\n"
    "1. Le maire inscrit l'enfant sur la liste scolaire\u00a0; la famille présente le livret de famille.\r\n"
    "2. Le directeur d'école admet l'élève\u00a0:\r\n"
    "   - il reçoit le certificat d'inscription\u00a0;\r\n"
    "   - il vérifie les vaccinations.\r\n"
    "3. L'IEN de circonscription est informé <script>alert(1)</script>.\r\n"
    "\r\n"
    "En cas de désaccord\r\n"
    "\r\n"
    "    La famille peut saisir l'IA-DASEN.\r\n"
    "\r\n"
    "    Il tranche.\r\n"
    "\r\n"
    "Un exemple\r\n"
    "\r\n"
    "- Lucas, 3 ans\r\n"
    "- Le guide (https://example.org/guide)\r\n"
    "\r\n"
    "\r\n"
    "Crédits\r\n"
)
