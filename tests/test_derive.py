"""Role-matching quiz derivation: behaviour on the corpus of tests/corpus and the seed, plus units."""

from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

import pytest
import yaml

from scormpack.derive import ActorRole, extract_pairs
from scormpack.derive.acronyms import _SKIPPABLE, MAX_RUN, _initials_end, find_expansions, is_acronym, matches
from scormpack.derive.description import enumerated_items, singular_lemma
from scormpack.derive.lexicon import fold
from scormpack.derive.scoring import EXPLICIT_SUBJECT_CAP, Signals, agentive, presented, score
from scormpack.derive.sentence_checks import _is_enumeration
from scormpack.derive.sentences import split_sentences
from scormpack.derive.tokens import normalise, render, span, tokenize
from scormpack.reader import read_resource
from scormpack.text import plain_text

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = sorted(CORPUS.glob("*.expected.yaml"))


def _load(expected_path: Path) -> tuple[dict, list[str], str]:
    """Expected answers, transcript paragraphs and description, as `scormpack.quiz.derive_quiz` reads them."""
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    source = expected_path.parent / expected.get("source", expected_path.name.replace(".expected.yaml", ".md"))
    resource = read_resource(source.resolve())
    return expected, list(resource.transcript_text), plain_text(resource.description)


@pytest.fixture(scope="module", params=EXPECTED, ids=[p.name.replace(".expected.yaml", "") for p in EXPECTED])
def case(request: pytest.FixtureRequest) -> tuple[dict, list[str], list[ActorRole]]:
    expected, paragraphs, description = _load(request.param)
    return expected, (paragraphs, description), extract_pairs(paragraphs, description)


def test_corpus_is_large_enough() -> None:
    assert len([p for p in EXPECTED if "source" not in yaml.safe_load(p.read_text(encoding="utf-8"))]) >= 8


def same_key(found: str, expected: str) -> bool:
    """Keys are identifier bases: « gestionnaire-division » designates the expected « gestionnaire »."""
    return found == expected or found.startswith(expected + "-") or expected.startswith(found + "-")


def _matched(found: list[ActorRole], expected_key: str) -> ActorRole | None:
    return next((p for p in found if same_key(p.key, expected_key)), None)


def test_actors_match_expected(case) -> None:
    expected, _, found = case
    want = [p["key"] for p in expected["pairs"]]
    missing = [k for k in want if _matched(found, k) is None]
    unexpected = [p.key for p in found if not any(same_key(p.key, k) for k in want)]
    matched_order = [k for p in found for k in want if same_key(p.key, k)]
    known = expected.get("known_issues", {})
    if not missing and unexpected and set(unexpected) == set(known.get("unexpected", [])):
        pytest.xfail(f"known false positives on a held-out text: {unexpected}")
    assert (missing, unexpected) == ([], [])
    assert matched_order == want


def test_roles_contain_keywords(case) -> None:
    expected, _, found = case
    failures = []
    for pair in expected["pairs"]:
        match = _matched(found, pair["key"])
        if match is None:
            continue  # reported by test_actors_match_expected
        role = fold(match.role)
        missing = [k for k in pair["role_keywords"] if fold(k) not in role]
        if missing:
            failures.append(pair["key"])
            print(f"{pair['key']}: {match.role!r} lacks {missing}")
    known = expected.get("known_issues", {}).get("keywords", [])
    if failures and set(failures) == set(known):
        pytest.xfail(f"known weaker role choice on a held-out text: {failures}")
    assert not failures


def _own_names(pair: ActorRole) -> list[str]:
    """What would give the answer away: the acronym and its expansion, or the head noun of the label."""
    label = pair.actor
    first = label.split(" ")[0]
    if is_acronym(first):
        names = [first]
        inside = re.search(r"\((.+)\)$", label)
        if inside:
            names.append(inside.group(1))
        return names
    words = [w for w in re.split(r"[\s']+", label) if w]
    return [words[1] if len(words) > 1 and fold(words[0]) in {"le", "la", "les", "l"} else words[0]]


def test_roles_do_not_name_their_actor(case) -> None:
    _check_roles_do_not_name_their_actor(case[2])


def _check_roles_do_not_name_their_actor(found: list[ActorRole]) -> None:
    for pair in found:
        role_words = set(re.findall(r"[\w-]+", fold(pair.role)))
        for name in _own_names(pair):
            if " " in name:
                assert fold(name) not in fold(pair.role), (pair.actor, pair.role)
            else:
                assert fold(name).strip("-") not in role_words, (pair.actor, pair.role)


def test_roles_are_one_clean_sentence(case) -> None:
    _check_roles_are_one_clean_sentence(case[2])


def _check_roles_are_one_clean_sentence(found: list[ActorRole]) -> None:
    for pair in found:
        role = pair.role
        assert role[0].isupper() and role.endswith("."), role
        assert len(split_sentences(role)) == 1, role
        assert "?" not in role and "par exemple" not in fold(role), role
        assert not re.match(r"(?i)(il|elle|ils|elles|je|j')\b", role), role
        assert len(role) <= 230, role
        assert not re.search(r"(?i)\b(euh|heu|hein|ben|bah)\b", role), role  # no hesitation left


def test_keys_are_ascii_identifiers(case) -> None:
    _, _, found = case
    for pair in found:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", pair.key), pair.key


def test_mentioned_only_acronyms_are_not_actors(case) -> None:
    _check_mentioned_only(*case[::2])


def _check_mentioned_only(expected: dict, found: list[ActorRole]) -> None:
    keys = {p.key for p in found}
    named = {p.actor.split(" ")[0] for p in found}  # an acronym label starts with the actor's acronym
    for acronym in expected.get("mentioned_only", []):
        assert fold(acronym) not in keys, acronym
        assert acronym not in named, acronym


def test_deterministic(case) -> None:
    _, (paragraphs, description), found = case
    assert extract_pairs(list(paragraphs), description) == found
    assert extract_pairs(tuple(paragraphs), description) == found


# --- units ---------------------------------------------------------------------------------------


def test_sentence_splitter_knows_abbreviations_and_numbers() -> None:
    text = (
        "M. Martin, cf. la note p. 12, voit le CPE etc. Il arrive à 8 h. Le taux est de 2.5 % en 2023. "
        "Qui décide ? Le maire... Il signe (voir J. Dupont). « C'est clair. » Elle part!"
    )
    assert split_sentences(text) == [
        "M. Martin, cf. la note p. 12, voit le CPE etc.",
        "Il arrive à 8 h.",
        "Le taux est de 2.5 % en 2023.",
        "Qui décide ?",
        "Le maire...",
        "Il signe (voir J. Dupont).",
        "« C'est clair. »",
        "Elle part!",
    ]


def test_sentence_splitter_keeps_lowercase_continuations() -> None:
    assert split_sentences("Il travaille avec la DSI, p. ex. pour les outils. Puis il part.") == [
        "Il travaille avec la DSI, p. ex. pour les outils.",
        "Puis il part.",
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("DSI", True),
        ("eRUN", True),
        ("PsyEN", True),
        ("IA-DASEN", True),
        ("INSPÉ", True),
        ("BDnF", True),
        ("Éduscol", False),
        ("FileSender", False),
        ("XXIe", False),
        ("A", False),
        ("Le", False),
    ],
)
def test_acronym_detection(word: str, expected: bool) -> None:
    assert is_acronym(word) is expected


def _expansions(*sentences: str) -> dict[str, str]:
    found = find_expansions([(s, tokenize(s)) for s in sentences])
    return {k: v.text for k, v in found.items()}


def test_expansions_in_every_position() -> None:
    assert _expansions(
        "Le conseiller principal d'éducation (CPE) suit les absences.",
        "La DSI (Direction des systèmes d'information) gère le réseau.",
        "L'enseignant référent pour les usages du numérique, ou eRUN, forme.",
        "La MDPH, Maison départementale des personnes handicapées, évalue.",
        "Le SSE, c'est le service de santé étudiante.",
        "Il existe aussi le PIAL et l'ENT.",
    ) == {
        "CPE": "conseiller principal d'éducation",
        "DSI": "Direction des systèmes d'information",
        "eRUN": "enseignant référent pour les usages du numérique",
        "MDPH": "Maison départementale des personnes handicapées",
        "SSE": "service de santé étudiante",
    }


def test_expansion_given_elsewhere_in_the_text() -> None:
    found = _expansions(
        "Le RUPN pilote le projet.",
        "Chaque lycée dispose d'un référent pour les usages pédagogiques du numérique.",
    )
    assert found == {"RUPN": "référent pour les usages pédagogiques du numérique"}


def test_role_carried_by_pronouns_across_sentences() -> None:
    pairs = extract_pairs(
        [
            "Dans chaque département, on trouve une conseillère technique de service social. "
            "Elle conseille le directeur académique et anime le réseau des assistants sociaux.",
            "Le médecin scolaire, quant à lui, n'est pas présent chaque jour. Il réalise les bilans de santé "
            "des élèves de six ans. Par exemple, il voit Léo en grande section.",
            "Quant à la secrétaire de direction, elle gère le courrier et les agendas de l'équipe de direction.",
        ]
    )
    assert [(p.key, p.role) for p in pairs] == [
        (
            "conseillere-technique-service",
            "Conseille le directeur académique et anime le réseau des assistants sociaux.",
        ),
        ("medecin-scolaire", "Réalise les bilans de santé des élèves de six ans."),
        ("secretaire-direction", "Gère le courrier et les agendas de l'équipe de direction."),
    ]


def test_plural_subject_matched_to_singular_label_and_first_person() -> None:
    pairs = extract_pairs(
        [
            "Le référent numérique (RN) est nommé par le chef d'établissement. Les RN ont pour mission "
            "d'accompagner les collègues.",
            "Je suis gestionnaire. Je gère le budget, je prépare les marchés et j'encadre les agents.",
            "Le directeur d'école organise les services. Il ne remplace pas l'IEN.",
        ]
    )
    by_key = {p.key: p for p in pairs}
    assert by_key["rn"].role == "A pour mission d'accompagner les collègues."
    assert by_key["gestionnaire"].role == "Gère le budget, prépare les marchés et encadre les agents."
    assert by_key["directeur-ecole"].role == "Organise les services."
    assert by_key["directeur-ecole"].actor == "Le directeur d'école"


def test_mentions_without_role_and_things_are_not_actors() -> None:
    pairs = extract_pairs(
        [
            "Le logiciel LSU (livret scolaire unique) enregistre les bilans. "
            "L'application Pronote affiche les notes. La loi du 8 juillet 2013 organise le numérique.",
            "Le CPE travaille avec la DRANE et la DSI. Il suit l'assiduité des élèves.",
        ]
    )
    assert [p.key for p in pairs] == ["cpe"]
    assert len(pairs) < 3


def test_no_text_no_pairs() -> None:
    assert extract_pairs([]) == []
    assert extract_pairs(["", "   "]) == []


# --- fast paths kept equivalent to the straightforward code ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Qu’aujourd’hui, l’IA-DASEN… jusqu’au CPD (p. ex. apps.education.fr) !",
            [
                ("Qu'", 0, 3, "qu'", True),
                ("aujourd'hui", 3, 14, "aujourd'hui", True),
                (",", 14, 15, ",", False),
                ("l'", 16, 18, "l'", True),
                ("IA-DASEN", 18, 26, "ia-dasen", True),
                ("…", 26, 27, "…", False),
                ("jusqu'", 28, 34, "jusqu'", True),
                ("au", 34, 36, "au", True),
                ("CPD", 37, 40, "cpd", True),
                ("(", 41, 42, "(", False),
                ("p", 42, 43, "p", True),
                (".", 43, 44, ".", False),
                ("ex", 45, 47, "ex", True),
                (".", 47, 48, ".", False),
                ("apps.education.fr", 49, 66, "apps.education.fr", True),
                (")", 66, 67, ")", False),
                ("!", 68, 69, "!", False),
            ],
        ),
        (
            "L'enseignant·e d'EPS -- lorsqu'il\u00a0vient, QU'ON _x_ 2.5 % ...",
            [
                ("L'", 0, 2, "l'", True),
                ("enseignant", 2, 12, "enseignant", True),
                ("·", 12, 13, "·", False),
                ("e", 13, 14, "e", True),
                ("d'", 15, 17, "d'", True),
                ("EPS", 17, 20, "eps", True),
                ("-", 21, 22, "-", False),
                ("-", 22, 23, "-", False),
                ("lorsqu'", 24, 31, "lorsqu'", True),
                ("il", 31, 33, "il", True),
                ("vient", 34, 39, "vient", True),
                (",", 39, 40, ",", False),
                ("QU'", 41, 44, "qu'", True),
                ("ON", 44, 46, "on", True),
                ("_", 47, 48, "_", False),
                ("x", 48, 49, "x", True),
                ("_", 49, 50, "_", False),
                ("2.5", 51, 54, "2.5", True),
                ("%", 55, 56, "%", False),
                ("...", 57, 60, "...", False),
            ],
        ),
    ],
)
def test_tokenizer_elisions_offsets_and_punctuation(text: str, expected: list[tuple]) -> None:
    normalised = normalise(text)
    assert len(normalised) == len(text)  # offsets stay those of the text as written
    tokens = tokenize(normalised)
    assert [tuple(t) for t in tokens] == expected
    assert all(normalised[t.start : t.end] == t.text for t in tokens)


def test_render_without_replacement_is_the_span() -> None:
    text = "Le CPD  assiste, (souvent) l'IEN."
    tokens = tokenize(text)
    for first in range(len(tokens)):
        for last in range(first, len(tokens) + 1):
            assert render(text, tokens, first, last, {}) == span(text, tokens, first, last)


def test_initials_scan_agrees_with_strict_matching() -> None:
    """`_initials_end` is the one-pass form of trying `matches(..., strict=True)` on every candidate end."""
    rng = random.Random(20240611)
    vocabulary = [
        "de",
        "la",
        "l'",
        "des",
        "et",
        "pour",
        "au",
        "a",
        "d'",
        "sur",
        "conseiller",
        "pedagogique",
        "departemental",
        "direction",
        "services",
        "academique",
        "numerique",
        "delegue",
        "region",
        "-x",
        "ia-dasen",
        "c",
        "p",
        "d",
        "e",
        ",",
        "(",
    ]
    for _ in range(20000):
        tokens = tokenize(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 18))))
        start = rng.randrange(len(tokens))
        if not tokens[start].is_word:
            continue
        letters = "".join(rng.choice("cpdnase") for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.7:  # the initials of the words that follow: a match is likely
            run = tokens[start : start + rng.randint(1, 9)]
            letters = "".join(t.fold[:1] for t in run if t.is_word and t.fold not in _SKIPPABLE) or letters
        expected = None
        for end in range(start + 2, min(len(tokens), start + MAX_RUN) + 1):
            if not tokens[end - 1].is_word:
                break
            if matches(letters, [t.fold for t in tokens[start:end]], strict=True):
                expected = end
                break
        assert _initials_end(tokens, start, letters) == expected, (tokens, start, letters)


# --- rules added for texts written blind (oral, administrative, interview, report) ------------------


def _roles(*paragraphs: str) -> dict[str, ActorRole]:
    return {p.key: p for p in extract_pairs(list(paragraphs))}


def test_left_dislocated_subject_taken_up_by_a_pronoun() -> None:
    # Speech sets the subject out first: « Le X, (en fait,) il … ». The pronoun is the X, not the topic before.
    pairs = _roles(
        "Les apprentis préparent un BTS. Le syndicat mixte, en fait, il gère le ramassage scolaire du canton.",
    )
    assert [(k, p.role) for k, p in pairs.items()] == [("syndicat-mixte", "Gère le ramassage scolaire du canton.")]


def test_pronoun_must_agree_in_number_with_the_topic() -> None:
    # « Elle » cannot take up « les animateurs »: it speaks of the person named just before, whose
    # function (« elle est coordinatrice … ») becomes the topic.
    pairs = _roles(
        "Le soir, l'accueil est assuré par les animateurs du centre. Ils comptent sur Nadia Perrin. "
        "Elle est coordinatrice du périscolaire. Elle établit les plannings et accueille les familles.",
    )
    assert list(pairs) == ["coordinatrice-periscolaire"]
    assert pairs["coordinatrice-periscolaire"].role == "Établit les plannings et accueille les familles."


def test_cleft_forms_and_generic_definitions_take_up_the_topic() -> None:
    pairs = _roles(
        "Il y a ensuite le maître de stage. C'est la personne, sur le chantier, qui est responsable du stagiaire.",
        "Ce sont les surveillants qui gèrent les entrées du matin. "
        "Enfin, l'animateur ouvre la salle. C'est également lui qui prépare le goûter.",
    )
    assert pairs["maitre-stage"].role == "Est responsable du stagiaire."
    assert pairs["surveillants"].role == "Gèrent les entrées du matin."
    assert pairs["animateur"].role == "Prépare le goûter."


def test_first_person_cleft() -> None:
    pairs = _roles(
        "Je suis gestionnaire de scolarité. Pour les bourses, c'est moi qui instruis les demandes des familles."
    )
    assert pairs["gestionnaire-scolarite"].role == "Instruit les demandes des familles."


def test_other_gender_doublet_is_one_actor() -> None:
    pairs = _roles("Chaque classe a un tuteur ou une tutrice. Elle organise le planning des révisions.")
    assert [(p.actor, p.key, p.role) for p in pairs.values()] == [
        ("Le tuteur ou la tutrice", "tuteur", "Organise le planning des révisions.")
    ]


def test_existential_introduces_its_object_only() -> None:
    # « il y a une visite, au conseil de quartier » introduces a visit (a thing), not the council.
    pairs = _roles(
        "Il y a aussi une visite possible, organisée au conseil de quartier. Il vote le budget participatif.",
        "Dans chaque commune, il existe une instance qui s'appelle le CCAS. Il attribue les aides sociales.",
    )
    assert list(pairs) == ["CCAS".lower()]


def test_insertions_between_dashes_and_long_relative_clauses() -> None:
    pairs = _roles(
        "Les techniciens de laboratoire — on disait autrefois aides de laboratoire — préparent les "
        "expériences des classes de sciences.",
        "Le gestionnaire, qui, en vertu des textes applicables aux établissements, est placé sous l'autorité "
        "du chef d'établissement, exécute le budget voté par le conseil d'administration.",
        "Dans chaque bassin, le coordonnateur de bassin, désigné par le recteur parmi les personnels de "
        "direction volontaires et installé dans un lycée du secteur, recense les besoins de formation.",
    )
    assert pairs["techniciens-laboratoire"].role == "Préparent les expériences des classes de sciences."
    assert pairs["gestionnaire"].role == "Exécute le budget voté par le conseil d'administration."
    assert pairs["coordonnateur-bassin"].role == "Recense les besoins de formation."


def test_expansions_named_by_a_clause_long_or_with_commas() -> None:
    assert _expansions(
        "Le service régional de l'orientation, de l'information et de l'insertion, que l'on désigne "
        "couramment sous le sigle SROII, publie les guides.",
        "Elle est chargée de mission de liaison école-entreprise, ce que les collègues abrègent en CMLEE.",
        "Le CRIDJ — centre régional d'information, de documentation et de jeunesse — informe.",
        "Le PAAEF reçoit les parents.",
        "Chaque collège ouvre le pôle de l'accueil et de l'accompagnement des élèves et des familles.",
    ) == {
        "SROII": "service régional de l'orientation, de l'information et de l'insertion",
        "CMLEE": "chargée de mission de liaison école-entreprise",
        "CRIDJ": "centre régional d'information, de documentation et de jeunesse",
        # Found away from the acronym, over 13 words of which only 5 give a letter.
        "PAAEF": "pôle de l'accueil et de l'accompagnement des élèves et des familles",
    }


def test_two_acronyms_in_a_row_and_expansion_running_to_its_punctuation() -> None:
    pairs = _roles(
        "Il est conseiller pédagogique de circonscription en langues vivantes étrangères, ce que tout le "
        "monde abrège en CPC LVE. Il anime les stages de langue.",
        "Le matin, le tournoi était organisé par la FSCF, la Fédération sportive et culturelle de France. "
        "Cette fédération rassemble des associations de quartier et forme leurs animateurs.",
    )
    assert pairs["cpc-lve"].actor.startswith("CPC LVE (conseiller pédagogique de circonscription en langues")
    assert pairs["fscf"].actor == "FSCF (Fédération sportive et culturelle de France)"


def test_body_followed_by_its_proper_name() -> None:
    pairs = _roles("Au niveau national, l'office Jeunesse Solidarité, association reconnue, finance les séjours.")
    assert pairs["office-jeunesse-solidarite"].actor == "L'office Jeunesse Solidarité"


def test_interviewer_names_the_speaker() -> None:
    pairs = _roles(
        "— Vous êtes psychologue de l'Éducation nationale à Lille. Que faites-vous ?",
        "— Je suis psychologue. Je reçois les élèves en difficulté scolaire.",
        "— Il manque des psychologues ?",
    )
    assert [p.key for p in pairs.values()] == ["psychologue-education"]
    assert next(iter(pairs.values())).role == "Reçoit les élèves en difficulté scolaire."


def test_possessive_subjects_and_non_actor_expansions_are_not_actors() -> None:
    pairs = _roles(
        "La FFE, la Fédération française des échecs, organise les championnats. "
        "Ses comités départementaux forment les arbitres.",
        "Le BIA, brevet d'initiation aéronautique, prépare aux métiers de l'air. Il attire les collégiens.",
    )
    assert list(pairs) == ["ffe"]


def test_passive_and_membership_are_not_roles() -> None:
    pairs = _roles(
        "Le club est présidé par un bénévole. Les parents élus participent aussi au conseil d'école.",
    )
    assert pairs == {}


def test_statements_of_speech_lose_fillers_and_asides() -> None:
    pairs = _roles(
        "Le référent, euh, il tient le registre des présences, bon, c'est le cahier où on note tout.",
        "L'intendante, en fait, elle encaisse le prix des repas : leur montant dépend du quotient familial.",
        "L'assistant vérifie que le dossier est complet, il le transmet, et surtout c'est lui qui relance les familles.",
        "Le médiateur fait le lien entre les familles et l'équipe. Il assure la permanence du mercredi.",
    )
    assert pairs["referent"].role == "Tient le registre des présences."
    assert pairs["intendante"].role == "Encaisse le prix des repas."
    assert (
        pairs["assistant"].role == "Vérifie que le dossier est complet, le transmet, et surtout relance les familles."
    )
    assert pairs["mediateur"].role == "Fait le lien entre les familles et l'équipe."


def test_a_hesitation_inside_a_sentence_is_left_out() -> None:
    # Not set off by commas: « euh » in the middle of the statement, as speech has it.
    pairs = _roles(
        "L'infirmière scolaire reçoit euh les élèves malades. Le médecin scolaire établit heu les diagnostics. "
        "La psychologue accompagne les élèves en difficulté.",
    )
    assert pairs["infirmiere-scolaire"].role == "Reçoit les élèves malades."
    assert pairs["medecin-scolaire"].role == "Établit les diagnostics."


def test_an_oral_filler_inside_a_sentence_is_left_out() -> None:
    # « hein », « ben », « bah » are no hesitation sounds the sentence splitter removes: the role
    # statement itself must leave them out.
    pairs = _roles(
        "L'infirmière scolaire reçoit hein les élèves malades. Le médecin scolaire établit ben les diagnostics. "
        "La psychologue accompagne bah les élèves en difficulté.",
    )
    assert [(key, pair.role) for key, pair in pairs.items()] == [
        ("infirmiere-scolaire", "Reçoit les élèves malades."),
        ("medecin-scolaire", "Établit les diagnostics."),
        ("psychologue", "Accompagne les élèves en difficulté."),
    ]


def test_long_statements_are_cut_before_a_relative_clause() -> None:
    pairs = _roles(
        "La maison des adolescents est chargée d'accueillir, d'informer et d'accompagner les jeunes de seize à "
        "vingt-cinq ans sortis du système scolaire sans qualification dans leurs démarches d'insertion, "
        "laquelle passe par l'emploi, la formation et le logement, selon un parcours individualisé."
    )
    assert pairs["maison-adolescents"].role == (
        "Est chargée d'accueillir, d'informer et d'accompagner les jeunes de seize à vingt-cinq ans sortis "
        "du système scolaire sans qualification dans leurs démarches d'insertion."
    )


# --- texts written blind (tests/corpus/<folder>/) -----------------------------------------------------
# Each set was written by someone who never saw this code, measured once as it came (the figure
# that tells how the rules generalise), then used to improve them. Answers are judged with the
# bench's loose matching (same key base, or one name contained in the other), since a
# learner-facing label may be worded differently from the expected one. The floors sit below what
# is reached now, so that a regression fails.

BLIND_SETS = {  # folder: (texts at least, precision floor, recall floor)
    "heldout": (4, 0.9, 0.9),  # 0.50 / 0.35 as it came; 1.00 / 1.00 now
    "blind": (5, 0.9, 0.9),  # 0.76 / 0.48 as it came; 1.00 / 0.96 now
    "blind2": (6, 0.93, 0.7),  # 0.45 / 0.38 as it came; 0.95 / 0.73 now
    # Precision floor lowered from 0.9 in issue 9's first round (an antecedent taken up by a pronoun),
    # raised again in its second round, when the precision rules fixed that.
    "blind3": (6, 0.93, 0.65),  # 0.90 / 0.68 as it came; 0.95 / 0.68 now
    # Issue 9's sets (bench/README.md has all their figures). From issue 9's second round, blind5 and
    # blind6 are tuned on too; the honest figures are their first-sight rows in the bench README.
    "blind4": (10, 0.97, 0.78),  # 0.91 / 0.45 as it came; 1.00 / 0.82 now
    "blind5": (10, 0.93, 0.63),  # 0.81 / 0.43 as it came; 0.96 / 0.66 now
    "blind6": (10, 0.95, 0.64),  # 0.83 / 0.34 as it came (0.87 / 0.67 with the first round); 0.97 / 0.67 now
    # The lead's last hidden set, measured once at first sight on the final code of issue 9 and never
    # tuned on: its floors follow that measure (they guard against a regression, not a target).
    "blind7": (10, 0.8, 0.48),  # 0.85 / 0.41 before issue 9, 0.86 / 0.52 with both rounds, at first sight
}
BLIND_TEXTS = [path for folder in BLIND_SETS for path in sorted((CORPUS / folder).glob("*.expected.yaml"))]


def _bench_matching():
    """bench/quiz_accuracy.py, loaded from its file: the tests use its very matching function."""
    path = Path(__file__).parent.parent / "bench" / "quiz_accuracy.py"
    spec = importlib.util.spec_from_file_location("quiz_accuracy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._match


# Known faults of texts measured as they came, each to be fixed by a general rule (never by its words).
BLIND_KNOWN_FAULTS: dict[str, str] = {}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=BLIND_KNOWN_FAULTS[n], strict=True))
        if (n := f"{p.parent.name}/{p.name.removesuffix('.expected.yaml')}") in BLIND_KNOWN_FAULTS
        else p
        for p in BLIND_TEXTS
    ],
    ids=[f"{p.parent.name}/{p.name.removesuffix('.expected.yaml')}" for p in BLIND_TEXTS],
)
def test_blind_roles_are_clean_and_do_not_name_their_actor(path: Path) -> None:
    expected, paragraphs, description = _load(path)
    found = extract_pairs(paragraphs, description)
    _check_roles_are_one_clean_sentence(found)
    _check_roles_do_not_name_their_actor(found)
    _check_mentioned_only(expected, found)


@pytest.mark.parametrize("folder", BLIND_SETS)
def test_blind_precision_and_recall_floor(folder: str) -> None:
    least, precision_floor, recall_floor = BLIND_SETS[folder]
    paths = sorted((CORPUS / folder).glob("*.expected.yaml"))
    match = _bench_matching()
    matched = found_count = expected_count = 0
    for path in paths:
        expected, paragraphs, description = _load(path)
        found = extract_pairs(paragraphs, description)
        matched += match(found, expected["pairs"])[0]
        found_count += len(found)
        expected_count += len(expected["pairs"])
    precision, recall = matched / found_count, matched / expected_count
    print(f"{folder}/: precision {precision:.2f}, recall {recall:.2f}")
    assert len(paths) >= least
    assert precision >= precision_floor and recall >= recall_floor, (precision, recall)


# --- rules added for the second blind set (tests/corpus/blind): narration, panel, step-by-step ----------


def test_announcements_do_not_count_as_the_first_mention() -> None:
    # The opening list and the questions name the actors before the text presents them.
    pairs = _roles(
        "Intendant, infirmière, assistante sociale... Quel est le rôle de l'intendant ? "
        "Tout commence par l'intendant. Il prépare le budget de l'établissement."
    )
    assert [(k, p.role) for k, p in pairs.items()] == [("intendant", "Prépare le budget de l'établissement.")]


def test_what_frames_the_sentence_introduces_no_actor() -> None:
    pairs = _roles(
        "À l'échelle de l'académie, tout part du SAIO, c'est-à-dire le service académique d'information et "
        "d'orientation. Il coordonne l'action des centres d'orientation.",
        "Lorsqu'un conflit dépasse le cadre de la classe, la famille peut solliciter le médiateur scolaire. "
        "Il reçoit les élèves concernés.",
    )
    assert list(pairs) == ["saio", "mediateur-scolaire"]


def test_enumeration_is_a_verbless_list_of_names() -> None:
    assert _is_enumeration(tokenize("Délégation académique, équipe ressource, CPE, collectivités..."))
    assert not _is_enumeration(tokenize("Enfin, pas moi, hein, mais le maître de stage."))
    assert not _is_enumeration(tokenize("Le CPE écoute, note, transmet."))


def test_people_with_a_function_in_apposition_and_bodies() -> None:
    pairs = _roles(
        "Les élèves délégués recueillent l'avis de leurs camarades.",
        "La personne ressource répond aux questions des collègues.",
        "Les collectivités locales, communes, intercommunalités et départements, financent les transports scolaires.",
        "Enfin, Centre Info, service de la région, publie les guides des métiers.",
        "L'EMS (équipe mobile de sécurité) protège les établissements en cas de crise.",
        "L'ESEN (École supérieure de l'éducation nationale) forme les cadres.",
    )
    assert [(k, p.actor) for k, p in pairs.items()] == [
        ("eleves-delegues", "Les élèves délégués"),
        ("personne-ressource", "La personne ressource"),
        ("collectivites-locales", "Les collectivités locales"),
        ("centre-info", "Centre Info"),
        ("ems", "EMS (équipe mobile de sécurité)"),
        ("esen", "ESEN (École supérieure de l'éducation nationale)"),
    ]


def test_a_named_person_acts_as_the_function_the_text_presents() -> None:
    # « M. Petit » is the tutor: no new actor « professeur de sciences »; Mme Roussel acts as the gestionnaire.
    pairs = _roles(
        "Troisième étape : la gestionnaire. M. Petit, professeur de sciences, est le tuteur de Léa. "
        "Mme Roussel, gestionnaire du collège, prépare le budget."
    )
    assert [(k, p.actor, p.role) for k, p in pairs.items()] == [
        ("gestionnaire", "La gestionnaire", "Prépare le budget.")
    ]


def test_speaker_labels_tell_who_says_je() -> None:
    pairs = _roles(
        "Paul Girard, intendant : Je gère le budget du lycée.",
        "Anne Morel, animatrice : Merci. Lucie Faure, vous êtes formatrice ?",
        "Lucie Faure, formatrice : Je suis membre de la cellule académique. Je suis chargée de suivre les stagiaires.",
        "Paul Girard : Je vérifie aussi les factures des fournisseurs.",
        "Inès Bernard, proviseure adjointe d'un lycée de Caen : Je prépare l'emploi du temps des classes.",
    )
    assert [(k, p.actor) for k, p in pairs.items()] == [
        ("intendant", "L'intendant"),
        ("formatrice", "La formatrice"),  # « chargée de suivre » is a participle, not a function
        ("proviseure-adjointe", "La proviseure adjointe"),
    ]
    assert pairs["formatrice"].role == "Est chargée de suivre les stagiaires."  # not her membership


def test_indefinite_cleft_takes_up_the_group_just_named() -> None:
    pairs = _roles(
        "Le collège s'appuie sur un réseau de tuteurs bénévoles. "
        "Ce sont des enseignants retraités qui aident les élèves à faire leurs devoirs."
    )
    assert [(k, p.actor, p.role) for k, p in pairs.items()] == [
        ("tuteurs-benevoles", "Les tuteurs bénévoles", "Aident les élèves à faire leurs devoirs.")
    ]


def test_a_definition_between_commas_is_an_aside() -> None:
    pairs = _roles("Le conseiller en formation continue, c'est l'intitulé officiel, construit les plans de formation.")
    assert pairs["conseiller-formation"].role == "Construit les plans de formation."


# --- the description's enumeration and the scoring of candidates (new sentences) -----------------------


@pytest.mark.parametrize(
    ("description", "heads"),
    [
        ("SAMU, infirmière de garde, médecin régulateur… Une nuit aux urgences.", ["samu", "infirmier", "medecin"]),
        ("Le maire, les agents techniques et la DDT... Qui entretient les routes ?", ["maire", "agent", "ddt"]),
        ("Une émission où l'on découvre : gardiens de phare, marins et capitaine.", ["gardien", "marin", "capitaine"]),
        ("Horaires, vacances, emploi du temps... Tout savoir sur le calendrier.", ["horaire", "vacance", "emploi"]),
        ("Ils sont nombreux, elles aussi… Un reportage.", []),
        ("Un reportage sur la vie au port de Brest.", []),
        ("", []),
        (None, []),
    ],
)
def test_description_enumeration_items(description, heads) -> None:
    assert [item.head for item in enumerated_items(description)] == heads


def test_description_items_keep_complements_apart_from_qualifiers() -> None:
    item = enumerated_items("Chef de quai, grutier portuaire, ASN...")[0]
    assert (item.head, item.complements, item.qualifiers) == ("chef", ("quai",), ())
    grutier, asn = enumerated_items("Chef de quai, grutier portuaire, ASN...")[1:]
    assert (grutier.head, grutier.qualifiers) == ("grutier", ("portuaire",))
    assert asn.acronym == "ASN"


def test_feminine_and_plural_variants_meet() -> None:
    assert singular_lemma("Animatrices") == singular_lemma("animateur")
    assert singular_lemma("Déléguées") == singular_lemma("délégué")
    assert singular_lemma("pharmaciennes") == singular_lemma("pharmacien")


_PORT = [
    "Dans chaque port, une capitainerie veille à la sécurité des navires. "
    "Elle attribue les places à quai et surveille les mouvements des bateaux.",
    "Les lamaneurs amarrent les navires à leur arrivée. Ils travaillent de jour comme de nuit.",
]


def test_listed_item_turns_a_thing_into_an_actor() -> None:
    # « les vigies » is no listed noun of function: alone it is a guess (a definite subject that acts),
    # kept with a low confidence; the description's list makes it a sure actor.
    text = ["Les vigies observent l'entrée du port et signalent chaque navire au poste de contrôle."]
    [guessed] = extract_pairs(text)
    pairs = extract_pairs(text, "Vigies, pilotes, lamaneurs... Le port au quotidien.")
    assert [p.key for p in pairs] == ["vigies"]
    assert guessed.confidence < pairs[0].confidence


def test_listed_item_is_not_an_actor_unless_the_text_presents_it() -> None:
    pairs = extract_pairs(_PORT, "Capitainerie, lamaneurs, douaniers... Le port au quotidien.")
    assert [p.key for p in pairs] == ["capitainerie", "lamaneurs"]  # no « douaniers »


def test_score_signals_one_by_one() -> None:
    base = Signals(explicit=1, agentive=True)
    assert presented(base)
    assert score(Signals(listed=True, explicit=1)) > score(Signals(explicit=1))
    assert score(Signals(announced=True, resolved=1)) > score(Signals(resolved=1))
    assert score(Signals(explicit=2)) > score(Signals(explicit=1))
    assert score(Signals(explicit=5)) == score(Signals(explicit=EXPLICIT_SUBJECT_CAP))
    assert score(Signals(resolved=2, paragraph_topic=True)) > score(Signals(resolved=2))
    assert not presented(Signals(resolved=2, paragraph_topic=True, agentive=True, time_or_place=True))
    assert not presented(Signals(resolved=1, agentive=True, generic_institution=True))
    assert not presented(Signals(resolved=2, agentive=True, attribute=True))
    assert not presented(Signals(resolved=1, agentive=True, outside_description=True))
    assert not presented(Signals(resolved=2, agentive=True, complement_only=True))


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("grutier", False),  # no agentive ending: the lexicon or the description must tell
        ("soudeur", True),
        ("pharmacien", True),
        ("fleuriste", True),
        ("mandataire", True),
        ("surveillant", True),
        ("capitainerie", False),
        ("agence", True),
        ("document", False),
        ("deplacement", False),
    ],
)
def test_agentive_head_by_lexicon_or_ending(head: str, expected: bool) -> None:
    assert agentive(head) is expected


def test_time_and_place_nouns_are_not_actors() -> None:
    pairs = _roles(
        "Le directeur du refuge accueille les randonneurs. Il est arrivé avant la Pentecôte.",
        "Depuis la Pentecôte, elle organise les réservations et elle répond aux appels.",
    )
    assert list(pairs) == ["directeur-refuge"]


def test_generic_institution_only_framing_is_not_an_actor() -> None:
    pairs = _roles(
        "Le dossier est envoyé au ministère. Il publie ensuite la liste des lauréats chaque printemps.",
        "Le comité régional classe les candidats et rédige un rapport.",
    )
    assert list(pairs) == ["comite-regional"]


def test_a_description_of_the_actor_just_presented_is_not_another_actor() -> None:
    pairs = _roles(
        "Le médiateur de la consommation règle les litiges à l'amiable. "
        "Il s'agit souvent d'un ancien magistrat du tribunal. Il reçoit les deux parties et propose une solution."
    )
    assert list(pairs) == ["mediateur-consommation"]


def test_passive_agent_is_introduced_as_the_topic() -> None:
    pairs = _roles(
        "Les apprentis pâtissiers progressent vite. Ils sont encadrés par le chef pâtissier du restaurant. "
        "Il corrige leurs gestes et valide chaque étape de leur formation."
    )
    assert pairs["chef-patissier-restaurant"].role.startswith("Corrige leurs gestes")


def test_an_acronym_and_its_expansion_found_apart_are_one_actor() -> None:
    from scormpack.derive.extract import ActorRole, merge_acronym_doubles

    pairs = [
        ActorRole("Le comité de pilotage numérique", "Fixe les priorités de l'année.", "comite-pilotage"),
        ActorRole("Les parents", "Accompagnent les sorties.", "parents"),
        ActorRole("Le CPN", "Se réunit chaque trimestre.", "cpn"),
    ]
    merged = merge_acronym_doubles(pairs)
    assert merged == [
        ActorRole("CPN (comité de pilotage numérique)", "Fixe les priorités de l'année.", "cpn"),
        ActorRole("Les parents", "Accompagnent les sorties.", "parents"),
    ]
    # An acronym that does not spell the other label is another actor.
    assert merge_acronym_doubles([pairs[1], ActorRole("La DSI", "Conseille.", "dsi")]) == [
        pairs[1],
        ActorRole("La DSI", "Conseille.", "dsi"),
    ]
