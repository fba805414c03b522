"""Generate a synthetic catalogue of N French video resources for the benchmark.

Each resource reads like the real ones (see seeds/): front matter, a transcript that introduces
3 to 7 institutional actors (acronym, expansion, role), examples and connecting sentences, then
credits. Lengths are realistic: 400 to 1,000 words, and one resource in a hundred is a
10,000-word one (a long conference transcript). One in ten has a reviewed `<stem>.quiz.yaml`.

The text blocks below are our own; they are combined with a fixed seed, so that the same N always
gives the same bytes (and so the same build work) on every machine.

    python bench/gen.py 1000 /tmp/catalogue
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

SEED = 20240611
LONG_EVERY = 100  # resource i is a 10,000-word one when i % LONG_EVERY == LONG_AT
LONG_AT = 37
QUIZ_FILE_EVERY = 10
VIDEO_HOST = "tube.reseau-canope.fr"


@dataclass(frozen=True)
class Actor:
    acronym: str
    expansion: str  # without article
    article: str  # "le", "la" or "l'"
    roles: tuple[str, ...]  # verb phrases in the third person, without subject


ACTORS: tuple[Actor, ...] = (
    Actor("eRUN", "enseignant référent pour les usages du numérique", "l'", (
        "forme et accompagne les enseignants dans leurs usages pédagogiques du numérique",
        "apporte une expertise à l'inspecteur et aux équipes pour adapter le matériel aux besoins",
        "anime des projets de circonscription autour de la lecture, de l'écriture et du code",
    )),
    Actor("CPD", "conseiller pédagogique départemental", "le", (
        "repère, accompagne et valorise les innovations pédagogiques des écoles du département",
        "assiste l'inspecteur dans l'animation du réseau des formateurs",
        "fait le lien entre les équipes de terrain et les services académiques",
    )),
    Actor("DRANE", "délégation régionale académique au numérique éducatif", "la", (
        "propose et met en œuvre la stratégie académique pour le numérique éducatif",
        "coordonne la formation des personnels aux usages du numérique",
        "noue des partenariats avec les collectivités, la recherche et les entreprises",
    )),
    Actor("DSI", "direction des systèmes d'information", "la", (
        "assure le support technique des services et des établissements",
        "conçoit, déploie et maintient les applications académiques",
        "garantit la disponibilité et la sécurité des réseaux",
    )),
    Actor("MDPH", "maison départementale des personnes handicapées", "la", (
        "accueille, informe et oriente les familles d'enfants en situation de handicap",
        "évalue les besoins de l'élève avec une équipe pluridisciplinaire",
        "instruit les demandes d'aide humaine et de matériel adapté",
    )),
    Actor("AESH", "accompagnant des élèves en situation de handicap", "l'", (
        "apporte une aide humaine au quotidien dans la classe",
        "facilite l'accès aux apprentissages sans faire à la place de l'élève",
        "aide l'élève à gagner en autonomie dans les gestes de la vie scolaire",
    )),
    Actor("CPE", "conseiller principal d'éducation", "le", (
        "organise la vie scolaire et veille à l'assiduité des élèves",
        "anime l'équipe des assistants d'éducation",
        "accompagne les délégués et fait vivre la démocratie lycéenne",
    )),
    Actor("PsyEN", "psychologue de l'Éducation nationale", "le", (
        "accompagne les élèves dans la construction de leur projet d'orientation",
        "contribue au repérage des difficultés scolaires et au suivi des élèves fragiles",
        "conseille les équipes sur le développement de l'enfant et de l'adolescent",
    )),
    Actor("IEN", "inspecteur de l'Éducation nationale", "l'", (
        "pilote la circonscription et évalue les enseignants du premier degré",
        "impulse la formation continue des équipes de son secteur",
        "veille à la mise en œuvre des programmes et des priorités nationales",
    )),
    Actor("DASEN", "directeur académique des services de l'Éducation nationale", "le", (
        "met en œuvre la politique éducative dans le département",
        "répartit les moyens d'enseignement entre les écoles et les collèges",
        "préside les instances départementales de l'Éducation nationale",
    )),
    Actor("RSSI", "responsable de la sécurité des systèmes d'information", "le", (
        "définit la politique de sécurité des systèmes d'information de l'académie",
        "sensibilise les personnels aux bonnes pratiques face aux attaques",
        "pilote la réponse aux incidents de sécurité",
    )),
    Actor("DPD", "délégué à la protection des données", "le", (
        "conseille les responsables de traitement sur le respect du règlement européen",
        "tient le registre des traitements de données personnelles",
        "répond aux questions des familles sur leurs droits",
    )),
    Actor("EAFC", "école académique de la formation continue", "l'", (
        "construit l'offre de formation continue des personnels",
        "accompagne les formateurs dans la conception de leurs parcours",
        "recense les besoins de formation exprimés par les équipes",
    )),
    Actor("CIO", "centre d'information et d'orientation", "le", (
        "accueille tout public pour l'informer sur les études et les métiers",
        "met à disposition une documentation sur les formations et leurs débouchés",
        "organise des entretiens de conseil avec les psychologues",
    )),
    Actor("DDFPT", "directeur délégué aux formations professionnelles et technologiques", "le", (
        "organise les enseignements professionnels et les périodes en entreprise",
        "entretient les relations avec les entreprises partenaires du lycée",
        "gère les équipements des ateliers et leur mise en sécurité",
    )),
    Actor("ATSEM", "agent territorial spécialisé des écoles maternelles", "l'", (
        "assiste l'enseignant dans l'accueil et l'hygiène des jeunes enfants",
        "prépare et range le matériel des ateliers de la classe",
        "participe à la communauté éducative de l'école maternelle",
    )),
    Actor("RASED", "réseau d'aides spécialisées aux élèves en difficulté", "le", (
        "apporte une aide spécialisée aux élèves qui rencontrent des difficultés persistantes",
        "aide les enseignants à analyser les situations et à adapter leurs pratiques",
        "dialogue avec les familles pour construire une réponse adaptée",
    )),
    Actor("CDI", "centre de documentation et d'information", "le", (
        "met à disposition des ressources documentaires pour les élèves et les enseignants",
        "forme les élèves à la recherche et à l'évaluation de l'information",
        "accueille des projets d'éducation aux médias et à l'information",
    )),
    Actor("CLEMI", "centre pour l'éducation aux médias et à l'information", "le", (
        "forme les enseignants à l'éducation aux médias",
        "organise la Semaine de la presse et des médias dans l'école",
        "accompagne la création de médias scolaires",
    )),
    Actor("DAAC", "délégation académique à l'action culturelle", "la", (
        "développe les partenariats entre les établissements et les structures culturelles",
        "accompagne les projets d'éducation artistique et culturelle",
        "valorise les pratiques artistiques des élèves",
    )),
    Actor("GRETA", "groupement d'établissements pour la formation des adultes", "le", (
        "propose des formations qualifiantes aux adultes",
        "accompagne la validation des acquis de l'expérience",
        "s'appuie sur les plateaux techniques des lycées du réseau",
    )),
    Actor("SDJES", "service départemental à la jeunesse, à l'engagement et aux sports", "le", (
        "accompagne les accueils collectifs de mineurs",
        "soutient les associations de jeunesse et d'éducation populaire",
        "promeut l'engagement des jeunes dans le service civique",
    )),
    Actor("CARDIE", "cellule académique recherche, développement, innovation et expérimentation", "la", (
        "accompagne les équipes qui conduisent des projets innovants",
        "met en relation les écoles avec des laboratoires de recherche",
        "diffuse les pratiques innovantes repérées dans l'académie",
    )),
    Actor("UPE2A", "unité pédagogique pour élèves allophones arrivants", "l'", (
        "accueille les élèves nouvellement arrivés en France pour un apprentissage intensif du français",
        "organise l'inclusion progressive de ces élèves dans leur classe ordinaire",
        "évalue les acquis des élèves dans leur langue d'origine",
    )),
    Actor("CASNAV", "centre académique pour la scolarisation des enfants allophones nouvellement arrivés", "le", (
        "forme les enseignants qui accueillent des élèves allophones",
        "conseille les équipes sur l'évaluation et les parcours de ces élèves",
        "produit des ressources pour l'enseignement du français langue seconde",
    )),
    Actor("SEGPA", "section d'enseignement général et professionnel adapté", "la", (
        "accueille des élèves qui présentent des difficultés scolaires graves et durables",
        "propose des enseignements adaptés et une découverte des champs professionnels",
        "prépare les élèves à une formation qualifiante après le collège",
    )),
    Actor("GPDS", "groupe de prévention du décrochage scolaire", "le", (
        "repère les élèves qui risquent de décrocher",
        "construit avec eux des réponses individualisées",
        "associe les familles et les partenaires extérieurs au suivi",
    )),
    Actor("PRIO", "plateforme de suivi et d'appui aux décrocheurs", "la", (
        "recontacte les jeunes sortis sans diplôme",
        "leur propose une solution de retour en formation",
        "coordonne les acteurs locaux de la lutte contre le décrochage",
    )),
    Actor("INSPE", "institut national supérieur du professorat et de l'éducation", "l'", (
        "forme les futurs enseignants et conseillers principaux d'éducation",
        "organise les stages d'observation et de pratique accompagnée",
        "contribue à la recherche en éducation",
    )),
    Actor("DANE", "délégation académique au numérique éducatif", "la", (
        "accompagne les projets numériques des établissements",
        "assure la veille sur les outils et les ressources numériques",
        "conseille les collectivités sur l'équipement des écoles",
    )),
)

THEMES: tuple[tuple[str, str, str], ...] = (
    ("Domaine 1", "Les acteurs du numérique éducatif", "du numérique éducatif"),
    ("Domaine 2", "Accompagner les élèves à besoins éducatifs particuliers", "de l'école inclusive"),
    ("Domaine 3", "La vie scolaire au collège", "de la vie scolaire"),
    ("Domaine 4", "L'orientation des lycéens", "de l'orientation"),
    ("Domaine 5", "La sécurité des données à l'école", "de la protection des données"),
    ("Domaine 1", "Former les enseignants tout au long de la carrière", "de la formation continue"),
    ("Domaine 2", "L'éducation artistique et culturelle", "de l'éducation artistique"),
    ("Domaine 3", "Prévenir le décrochage scolaire", "de la persévérance scolaire"),
    ("Domaine 4", "Accueillir les élèves allophones", "de la scolarisation des allophones"),
    ("Domaine 5", "La voie professionnelle", "de la formation professionnelle"),
    ("Domaine 1", "L'école maternelle", "de la première scolarisation"),
    ("Domaine 2", "L'éducation aux médias et à l'information", "de l'éducation aux médias"),
)

TITLE_FORMS = (
    "{theme} : qui fait quoi ?",
    "{theme} : les acteurs et leurs missions",
    "Le domaine {topic} : le rôle de chacun",
    "{theme}, un travail d'équipe",
    "Qui contacter ? {theme}",
)

FIRST_NAMES = (
    "Aurélie", "Loïc", "Nadia", "Théo", "Mélanie", "Karim", "Sophie", "Julien", "Inès", "Hugo",
    "Camille", "Yasmine", "Bastien", "Claire", "Mathis", "Élodie", "Rémi", "Sarah", "Antoine",
    "Fatou", "Gaëlle", "Nicolas", "Léa", "Mehdi", "Pauline", "Adrien", "Chloé", "Samuel",
)
PLACES = (
    "Saint-Malo", "Versailles", "Saint-Jean-de-Maurienne", "Sélestat", "Limoges", "Bastia",
    "Roubaix", "Mende", "Pointe-à-Pitre", "Aurillac", "Besançon", "Quimper", "Perpignan",
    "Annecy", "Châteauroux", "Nancy", "Dax", "Saint-Denis", "Vannes", "Orléans",
)
PROJECTS = (
    "un journal scolaire en ligne", "une web radio de collège", "un rallye lecture numérique",
    "un projet d'écriture de bande dessinée", "une classe dehors", "un atelier de robotique",
    "un jumelage avec une école italienne", "un parcours de découverte des métiers",
    "une chorale inter-écoles", "un potager pédagogique", "un concours d'éloquence",
    "une exposition sur le patrimoine local",
)

INTROS = (
    "{acronyms}... Ils sont nombreux à intervenir autour de l'élève. À {place1}, à {place2} ou "
    "à {place3}, les choses ne se passent pas tout à fait de la même manière. Pourtant, tous "
    "poursuivent le même objectif : permettre à chaque élève de réussir son parcours.",
    "Qui fait quoi dans le domaine {topic} ? La question revient souvent dans les salles des "
    "professeurs. Les sigles se multiplient, les interlocuteurs changent d'une académie à "
    "l'autre, et l'on ne sait pas toujours à qui s'adresser. Découvrons ensemble les principaux "
    "acteurs : {acronyms}.",
    "Lorsqu'on arrive dans un nouvel établissement, on découvre vite que le domaine {topic} mobilise de "
    "nombreux acteurs. Chacun a sa mission, son échelon et ses interlocuteurs privilégiés. "
    "Suivons {name} pendant une année scolaire à {place1} pour comprendre le rôle de chacun.",
)

CONNECTORS = (
    "Mais ce n'est pas tout.",
    "À un autre niveau, d'autres acteurs prennent le relais.",
    "Ce travail ne se fait jamais seul : il repose sur un dialogue constant entre les équipes.",
    "Chaque académie s'organise un peu différemment, mais les grandes missions restent les mêmes.",
    "Les échanges sont fréquents, par courriel comme lors de réunions de bassin.",
    "Cette organisation peut sembler complexe ; elle permet pourtant de répondre au plus près "
    "des besoins.",
    "Les familles ne connaissent pas toujours ces interlocuteurs, d'où l'importance de bien les "
    "présenter dès la rentrée.",
    "Au fil de l'année, les priorités évoluent et les collaborations se renforcent.",
    "Il faut parfois plusieurs semaines pour qu'une demande aboutisse, le temps que chacun "
    "apporte sa contribution.",
    "Un calendrier partagé permet d'anticiper les temps forts de l'année.",
    "Les textes officiels précisent ces missions, mais c'est sur le terrain qu'elles prennent "
    "tout leur sens.",
    "Les rencontres entre équipes, même brèves, évitent bien des malentendus.",
    "Les outils institutionnels facilitent ce suivi, à condition d'être utilisés par tous.",
    "Rien ne remplace toutefois un échange direct quand une situation devient délicate.",
    "Ce fonctionnement en réseau est l'une des forces du service public d'éducation.",
    "Les réunions de rentrée sont l'occasion de rappeler qui fait quoi.",
)

EXAMPLES = (
    "Prenons l'exemple de {name}, professeur des écoles à {place}. Pour mener {project}, {name} "
    "s'est tourné vers {actor_def}, qui l'a aidé à préciser ses objectifs et à trouver les bons "
    "partenaires.",
    "À {place}, {name} coordonne {project}. Au moment de diffuser les productions des élèves, une "
    "question se pose sur le droit à l'image : {actor_def} lui a fourni les formulaires et "
    "rappelé les règles à respecter.",
    "Par exemple, quand {name} a voulu lancer {project} dans son collège de {place}, c'est "
    "{actor_def} qui a organisé la première réunion avec les partenaires.",
    "{name}, enseignante à {place}, raconte : « Sans {actor_short}, je n'aurais jamais su par où "
    "commencer. On m'a écoutée, conseillée, puis on m'a laissée avancer. »",
    "Pour {project}, {name} a obtenu une aide matérielle et un accompagnement de quelques séances. "
    "Le bilan, présenté en fin d'année à {place}, a donné envie à d'autres écoles de se lancer.",
)

DETAILS = (
    "Ses interventions se font le plus souvent à la demande des équipes, mais aussi dans le cadre "
    "de plans de formation.",
    "Son action s'inscrit dans les priorités nationales, déclinées à l'échelle de l'académie.",
    "Au quotidien, {definite} travaille en lien étroit avec les corps d'inspection et les chefs d'établissement.",
    "Ses coordonnées figurent sur le site de l'académie et dans l'annuaire de l'établissement.",
    "Son rôle est souvent méconnu, alors qu'il intervient à chaque étape du parcours de l'élève.",
    "On peut solliciter {definite} directement, sans passer par la voie hiérarchique.",
    "{acronym_article} participe aussi à des groupes de travail qui produisent des ressources pour tous.",
    "Les demandes les plus fréquentes concernent l'organisation, le matériel et la formation.",
)

CLOSINGS = (
    "{acronyms} : chacun apporte sa pierre à l'édifice. Que vous soyez à {place1} ou à {place2}, "
    "n'hésitez pas à les solliciter !",
    "Vous l'avez compris : derrière chaque sigle se trouvent des personnes prêtes à vous "
    "accompagner. À vous de jouer !",
    "Retenez surtout qu'aucun de ces acteurs ne travaille seul : c'est ensemble qu'ils font "
    "avancer le domaine {topic}.",
)

CREDIT_ROLES = ("Scénario", "Réalisation", "Montage", "Conception pédagogique", "Graphisme")
CREDIT_NAMES = (
    "Corentine Gasquet", "Hélène Baradat", "Thomas Ferrand", "Jeanne Moreau-Lamy", "Paul Rivière",
    "Amina Diallo", "Lucas Perrin", "Margaux Tessier", "Olivier Nguyen", "Salomé Girard",
)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _definite(actor: Actor) -> str:
    """« la délégation régionale… » / « l'enseignant référent… »."""
    return f"{actor.article}{'' if actor.article.endswith(chr(39)) else ' '}{actor.expansion}"


def _with_article(actor: Actor, noun: str) -> str:
    """« La DRANE », « L'eRUN », « Le CPD », at the start of a sentence."""
    return _cap(actor.article) + ("" if actor.article.endswith("'") else " ") + noun


def _actor_paragraph(rng: random.Random, actor: Actor) -> str:
    roles = list(actor.roles)
    rng.shuffle(roles)
    form = rng.randrange(3)
    if form == 0:
        opening = f"{_cap(_definite(actor))}, ou {actor.acronym}, {roles[0]}."
    elif form == 1:
        article = _cap(actor.article) + ("" if actor.article.endswith("'") else " ")
        opening = f"{article}{actor.acronym} ({actor.expansion}) {roles[0]}."
    else:
        opening = f"{_cap(_definite(actor))} ({actor.acronym}) {roles[0]}."
    sentences = [opening]
    sentences += [f"{_with_article(actor, actor.acronym)} {r}."
                  for r in roles[1 : 1 + rng.randrange(1, 3)]]
    sentences += [d.format(
                      acronym=actor.acronym,
                      definite=_definite(actor),
                      acronym_article=_with_article(actor, actor.acronym),
                  )
                  for d in rng.sample(DETAILS, rng.randrange(1, 3))]
    return " ".join(sentences)


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def resource_text(index: int) -> tuple[str, str, str | None]:
    """(file stem, markdown, quiz yaml or None) of resource `index`; the same index, the same text."""
    rng = random.Random(f"{SEED}-{index}")
    area, theme, topic = rng.choice(THEMES)
    actors = rng.sample(ACTORS, rng.randint(3, 7))
    target = 10_000 if index % LONG_EVERY == LONG_AT else rng.randint(400, 1000)
    acronyms = ", ".join(a.acronym for a in actors)
    places = rng.sample(PLACES, 3)
    fill = {
        "acronyms": acronyms, "topic": topic, "theme": theme, "name": rng.choice(FIRST_NAMES),
        "place1": places[0], "place2": places[1], "place3": places[2],
    }
    title = rng.choice(TITLE_FORMS).format(**fill)
    title = _cap(title)
    paragraphs = [rng.choice(INTROS).format(**fill)]
    for actor in actors:
        paragraphs.append(_actor_paragraph(rng, actor))
        if rng.random() < 0.7:
            paragraphs.append(_example(rng, actor))
        if rng.random() < 0.5:
            paragraphs.append(" ".join(rng.sample(CONNECTORS, 2)))
    closing = rng.choice(CLOSINGS).format(**fill)
    # Grow to the target length with more examples and connections about the same actors.
    while _words(paragraphs) + len(closing.split()) < target:
        actor = rng.choice(actors)
        extra = _example(rng, actor) if rng.random() < 0.6 else " ".join(rng.sample(CONNECTORS, 3))
        paragraphs.insert(rng.randint(1, len(paragraphs)), extra)
    paragraphs.append(closing)

    video = uuid.UUID(int=rng.getrandbits(128), version=4)
    download = f"https://{VIDEO_HOST}/download/videos/{video}-720.mp4" if rng.random() < 0.5 else ""
    description = (
        f"{acronyms}... Ils sont nombreux à contribuer au domaine {topic}. Mais quels sont les rôles "
        "spécifiques de chacun ? Découvrons-le ensemble."
    )
    credits = [f"- **{role}** : {', '.join(rng.sample(CREDIT_NAMES, rng.randint(1, 2)))}"
               for role in rng.sample(CREDIT_ROLES, rng.randint(2, 4))]
    credits.append("- **Production** : Réseau Canopé")
    text = (
        "---\n"
        f"area: {area}\n"
        f"title: \"{title}\"\n"
        f"description: \"{description}\"\n"
        f"videoEmbedSrc: https://{VIDEO_HOST}/videos/embed/{video}\n"
        f"videoDownloadHref: {download}\n"
        "---\n\n## Transcription\n\n"
        + "\n\n".join(paragraphs)
        + "\n\n## Crédits\n\n"
        + "\n".join(credits)
        + "\n\nRessource produite avec le soutien du ministère de l'Éducation nationale\n"
    )
    stem = f"r{index:05d}-{slugify(theme)}"
    quiz = _quiz_yaml(actors) if index % QUIZ_FILE_EVERY == 3 else None
    return stem, text, quiz


def _example(rng: random.Random, actor: Actor) -> str:
    return rng.choice(EXAMPLES).format(
        name=rng.choice(FIRST_NAMES), place=rng.choice(PLACES), project=rng.choice(PROJECTS),
        actor_def=f"{_definite(actor)} ({actor.acronym})", actor_short=actor.acronym,
    )


def _quiz_yaml(actors: list[Actor]) -> str:
    lines = ["# Reviewed quiz (bench)", "pairs:"]
    for actor in actors:
        lines += [
            f"  - id: {slugify(actor.acronym)}",
            f"    actor: \"{actor.acronym} ({actor.expansion})\"",
            f"    role: \"{_cap(actor.roles[0])}.\"",
        ]
    return "\n".join(lines) + "\n"


def generate(n: int, folder: Path) -> list[Path]:
    """Write resources 0..n-1 into `folder` (created); returns their paths in build order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        stem, text, quiz = resource_text(index)
        path = folder / f"{stem}.md"
        path.write_text(text, encoding="utf-8")
        if quiz is not None:
            (folder / f"{stem}.quiz.yaml").write_text(quiz, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    paths = generate(args.n, args.folder)
    words = [len(p.read_text(encoding="utf-8").split()) for p in paths]
    average = sum(words) // len(words)
    print(f"{len(paths)} resources in {args.folder}: {min(words)}–{max(words)} words, {average} on average")


if __name__ == "__main__":
    main()
