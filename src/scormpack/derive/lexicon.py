"""General lexicons of French used by the extractor.

Nothing here names a particular resource: these are closed classes of the language (determiners,
pronouns, prepositions), common abbreviations, nouns that designate people, bodies or services (the
heads of actor noun phrases), nouns that designate things, and verbs that state what someone does.
Words are stored *folded* (lower-case, accents removed) unless said otherwise; see `fold`.
"""

from __future__ import annotations

import unicodedata
from functools import cache


def _words(text: str) -> frozenset[str]:
    """A lexicon written as whitespace-separated words."""
    return frozenset(text.split())


@cache
def fold(word: str) -> str:
    """Lower-case and strip accents, so that « Éducation » and « education » compare equal."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")


# --- sentence splitting --------------------------------------------------------------------------

# Words that end with a period without ending the sentence (compared folded, without the period).
# Not « départ », « art » or « vol »: words that end sentences (« … qui autorise le départ. »).
ABBREVIATIONS = _words(
    """m mm mme mmes mlle mlles dr pr me mgr st ste cf ex p pp env av apr al chap fig ed
    dept tel min max no n° etc ibid op cit resp hab approx coll sq"""
)
# Among them, « etc. » does end a sentence when a capitalised word follows.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc"})

# --- closed classes ------------------------------------------------------------------------------

DEFINITE = frozenset({"le", "la", "l'", "les"})
INDEFINITE = frozenset({"un", "une", "des"})
DEMONSTRATIVE = frozenset({"ce", "cet", "cette", "ces"})
THIRD_PERSON_POSSESSIVE = frozenset({"son", "sa", "ses", "leur", "leurs"})
POSSESSIVE = frozenset({"son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos"})
# Contracted preposition + article: « du DRAN », « au maire ».
CONTRACTED = frozenset({"du", "au", "aux", "des"})
# Determiners that make a noun phrase generic (« chaque agent », « tous les acteurs »): no actor there.
QUANTIFIERS = frozenset(
    {
        "chaque",
        "tout",
        "toute",
        "tous",
        "toutes",
        "plusieurs",
        "certains",
        "certaines",
        "aucun",
        "aucune",
        "nombreux",
        "nombreuses",
        "quelques",
        "beaucoup",
        "divers",
        "diverses",
        "differents",
        "differentes",
    }
)
DETERMINERS = DEFINITE | INDEFINITE | DEMONSTRATIVE | POSSESSIVE

PLURAL_DETERMINERS = frozenset({"les", "des", "ces", "ses", "leurs", "mes", "nos", "vos", "aux"})

SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})
FIRST_PERSON = frozenset({"je", "j'"})
# Pronouns that are never a presented actor when they are the subject.
OTHER_SUBJECT_PRONOUNS = frozenset({"on", "nous", "vous", "tu", "cela", "ca", "ceci", "chacun", "chacune", "tout"})
STRESSED_PRONOUNS = frozenset({"lui", "elle", "eux", "elles"})
# (plural, feminine) of the pronouns that take up an actor; None where the form does not tell.
PRONOUN_AGREEMENT: dict[str, tuple[bool | None, bool | None]] = {
    "il": (False, False),
    "elle": (False, True),
    "ils": (True, None),  # « ils » also takes up a mixed group
    "elles": (True, True),
    "lui": (False, False),
    "eux": (True, None),
}
# Determiners that tell the gender of their noun (« l' », « les », « leur » do not).
MASCULINE_DETERMINERS = frozenset({"le", "un", "ce", "cet", "du", "au", "mon", "ton", "notre"})
FEMININE_DETERMINERS = frozenset({"la", "une", "cette", "ma", "ta", "sa"})
SINGULAR_DETERMINERS = MASCULINE_DETERMINERS | FEMININE_DETERMINERS | {"l'", "son", "chaque"}
# Endings of feminine nouns of persons (« formatrice », « technicienne », « infirmière », « coiffeuse »).
FEMININE_PERSON_ENDINGS = ("trice", "ienne", "iere", "euse", "trices", "iennes", "ieres", "euses")
# Object and reflexive clitics that may stand between a subject and its verb.
CLITICS = frozenset(
    {"ne", "n'", "se", "s'", "le", "la", "l'", "les", "lui", "leur", "y", "en", "me", "m'", "nous", "vous", "te", "t'"}
)
OBJECT_CLITICS = frozenset({"le", "la", "l'", "les", "lui", "leur", "y", "en"})

PREPOSITIONS_IN_NAMES = frozenset({"de", "d'", "du", "des", "a", "au", "aux", "en", "pour", "sur", "charge"})
# Prepositions that open a complement we keep in a short identifier (« directeur d'école »).
KEY_PREPOSITIONS = frozenset({"de", "d'", "du", "des", "en", "au", "aux"})
COORDINATIONS = frozenset({"et", "ou"})
# Words that start a subordinate clause: a verb after them belongs to another subject.
SUBORDINATORS = frozenset(
    {
        "qui",
        "que",
        "qu'",
        "dont",
        "ou",
        "lorsque",
        "lorsqu'",
        "quand",
        "si",
        "pour",
        "afin",
        "comme",
        "puisque",
        "puisqu'",
        "parce",
        "lequel",
        "laquelle",
        "lesquels",
        "lesquelles",
        "sans",
        "avant",
        "apres",
    }
)
# Adverbs that may stand between « c'est » and the focus of a cleft (« c'est également elle qui »).
LINKING_ADVERBS = frozenset(
    {
        "souvent",
        "aussi",
        "donc",
        "alors",
        "bien",
        "encore",
        "surtout",
        "egalement",
        "d'ailleurs",
        "toujours",
        "justement",
        "plutot",
        "ensuite",
        "enfin",
        "d'abord",
        "vraiment",
        "notamment",
        "parfois",
        "pourtant",
    }
)
NEGATIONS = frozenset({"pas", "plus", "jamais", "guere", "nullement", "aucun", "aucune", "rien"})

# Sentences that illustrate rather than state a role.
EXAMPLE_OPENERS = (
    ("par", "exemple"),
    ("prenons",),
    ("imaginons",),
    ("ainsi",),
    ("comme", "le", "montre"),
    ("pour", "illustrer"),
    ("c'est", "le", "cas"),
    ("c'", "est", "le", "cas"),
)
EXAMPLE_MARKERS = frozenset({"exemple", "illustration", "anecdote"})

# Words that cannot be a proper name even when capitalised at the start of a sentence.
FUNCTION_WORDS = (
    DETERMINERS
    | CONTRACTED
    | QUANTIFIERS
    | SUBJECT_PRONOUNS
    | OTHER_SUBJECT_PRONOUNS
    | CLITICS
    | frozenset(
        {
            "de",
            "d'",
            "a",
            "en",
            "dans",
            "par",
            "pour",
            "sur",
            "sous",
            "avec",
            "sans",
            "chez",
            "entre",
            "vers",
            "depuis",
            "pendant",
            "apres",
            "avant",
            "et",
            "ou",
            "mais",
            "donc",
            "or",
            "ni",
            "car",
            "enfin",
            "ensuite",
            "puis",
            "d'abord",
            "aussi",
            "ainsi",
            "c'",
            "ce",
            "qui",
            "que",
            "qu'",
            "quant",
            "premier",
            "premiere",
            "autre",
            "au",
            "aux",
            "si",
            "lorsque",
            "quand",
            "comme",
            "voici",
            "voila",
            "j'",
            "je",
            "derriere",
            "grace",
            "selon",
            "concretement",
            "desormais",
            "aujourd'hui",
            "parfois",
            "souvent",
            "toujours",
            "non",
        }
    )
    | frozenset({"alors", "puis", "bref", "voila", "euh", "heu", "ben", "bah", "bon", "hein", "quoi"})
)

# Oral hesitations and discourse markers: they carry no content, and are left out of role statements.
# The first are fillers wherever they stand; the others only when set off by punctuation (« bon »
# is an adjective in « le bon fonctionnement », « quoi » a pronoun in « ce qu'il fait, quoi que… »).
FILLERS = frozenset({"euh", "heu", "hein", "ben", "bah"})
SET_OFF_FILLERS = frozenset(
    {"bon", "alors", "quoi", "voila", "enfin", "bref", "franchement", "concretement", "honnetement", "justement"}
)
# Two-word discourse markers, set off by punctuation: « en fait », « du coup », « vous voyez ».
SET_OFF_FILLER_PAIRS = frozenset({("en", "fait"), ("du", "coup"), ("vous", "voyez"), ("tu", "vois"), ("je", "crois")})

# Words after which a phrase names what precedes: « qui s'appelle le CESCE », « dénommé ERAEI »,
# « sous le sigle X », « ce qu'on abrège en X ».
NAMING_WORDS = _words(
    """appelle appellent appele appelee appeles appelees nomme nomment nommee nommes nommees denomme
    denomment denommee denommes denommees designe designent designee designes designees sigle acronyme
    abrege abregent abregee abreges abregees abreviation"""
)

# --- nouns ---------------------------------------------------------------------------------------

# Heads of noun phrases that designate a person, a function, a body or a service (folded, both
# genders and numbers listed through `actor_head`).
ACTOR_HEADS = _words(
    """enseignant enseignante professeur professeure instituteur institutrice formateur formatrice
    conseiller conseillere inspecteur inspectrice directeur directrice delegue deleguee delegation
    direction service bureau pole agent agente accompagnant accompagnante assistant
    assistante infirmier infirmiere medecin psychologue maire adjoint adjointe proviseur principal
    principale recteur rectrice rectorat secretaire gestionnaire intendant intendante responsable
    referent referente coordonnateur coordonnatrice coordinateur coordinatrice chef cheffe tuteur tutrice
    animateur animatrice educateur educatrice surveillant surveillante documentaliste correspondant
    correspondante chargee charge president presidente vice-president doyen doyenne administrateur
    administratrice ingenieur ingenieure technicien technicienne commission maison
    institut agence inspection academie ministere prefet prefete juge orthophoniste ergotherapeute
    mediateur mediatrice defenseur defenseure aumonier auxiliaire intervenant intervenante expert
    experte pilote superviseur superviseure manager cadre employeur office observatoire centre
    laboratoire maitre maitresse federation union syndicat comite conseil operateur operatrice organisme
    caisse fondation structure collectivite ambassadeur elu division benevole"""
)

# Nouns that, set after a noun of people or of a group (« les parents élus » aside), make it a function:
# « l'équipe ressource », « la personne ressource », « le professeur relais ».
FUNCTION_APPOSITIONS = _words("ressource ressources relais")

# Heads of establishments: places in most sentences, but a body when an acronym names them
# (« l'École académique de la formation continue, ou EAFC »).
ESTABLISHMENT_HEADS = _words("ecole college lycee etablissement universite")

# Generic heads that name a group of people: a body when an acronym names them (« l'équipe
# académique Valeurs de la République, l'EAVR »).
COLLECTIVE_HEADS = _words("equipe cellule instance")

# Heads of bodies and services, which may be followed by their proper name (« l'agence Erasmus+ »).
ORGANISATION_HEADS = _words(
    """agence office institut centre federation union association maison direction service delegation
    comite conseil reseau mission chambre observatoire laboratoire commission syndicat fondation
    inspection academie ministere bureau pole structure collectivite division"""
)

# Heads that look like actors in some texts but designate things, places or texts.
NON_ACTOR_HEADS = _words(
    """application appli applications logiciel outil outils plateforme site portail programme programmes
    loi decret arrete circulaire reglement code texte livret projet plan dispositif document dossier
    fichier formulaire registre espace reseau carte label certificat diplome examen concours periode
    stage journee semaine annee cycle classe ecole college lycee etablissement universite campus
    batiment salle cours epreuve politique strategie charte guide referentiel contrat convention
    credit credits parcours bouquet service-public procedure demarche"""
)

# Generic heads that only sum up (« ces acteurs », « les professionnels »): never a presented actor.
GENERIC_HEADS = _words(
    """acteur acteurs professionnel professionnels personne personnes personnel personnels membre membres
    partenaire partenaires interlocuteur interlocuteurs gens monde famille familles parent parents eleve
    eleves etudiant etudiants enfant enfants jeune jeunes collegien collegiens lyceen lyceens usager
    usagers public citoyen citoyens equipe equipes cellule instance instances"""
)

# « Mon rôle, c'est de… », « Sa mission est de… »: nouns that introduce a statement of role.
ROLE_NOUNS = frozenset({"role", "mission", "missions", "fonction", "metier", "travail", "tache", "taches", "objectif"})

# --- verbs ---------------------------------------------------------------------------------------

# First-group verbs (infinitive, folded) frequent in descriptions of functions. Their present-tense
# forms are recognised by rule (see `verbs.py`), including the usual stem changes (gère, emploie…).
ER_VERBS = _words(
    """accompagner accueillir aider analyser animer apporter appuyer arbitrer assister assurer attribuer
    aller accorder acheter adapter administrer affecter alerter alimenter aménager amener anticiper appeler
    appliquer apprecier arreter articuler associer autoriser avancer baser chercher collaborer collecter
    commander communiquer completer concevoir conduire conseiller constater consulter contacter contribuer
    controler coordonner creer decider declarer deleguer demander deployer designer developper diagnostiquer
    diffuser diriger documenter donner echanger eclairer editer elaborer employer encadrer encourager engager
    enregistrer enseigner entretenir envoyer epauler equiper etudier evaluer examiner expliquer exercer
    faciliter favoriser financer fixer former gerer guider harmoniser identifier impulser informer initier
    inciter inspecter installer instruire intervenir inventorier jouer lancer lier mandater mener mesurer
    mobiliser moderer modifier monter motiver negocier noter notifier observer occuper operer orchestrer
    organiser orienter outiller participer partager penser piloter planifier porter poser pratiquer preciser
    preparer presenter preserver presider prevenir prioriser proceder programmer promouvoir proposer
    prospecter proteger rappeler rassembler rechercher recenser recruter rediger reformuler relayer remonter
    remplacer rencontrer renseigner reperer repartir reporter representer repondre reserver respecter
    rester retrouver reunir rythmer sauvegarder securiser sensibiliser signaler signer solliciter souligner
    soutenir stimuler structurer superviser suivre surveiller tester traiter transmettre travailler trouver
    utiliser valider valoriser veiller verifier visiter accompagner adresser amorcer arreter assumer
    cadrer centraliser certifier clarifier confier coacher concerter consolider cooperer corriger coucher
    demarcher dispenser distribuer dresser eduquer entamer entourer etablir exploiter fonder garder incarner
    inscrire instaurer integrer interroger inviter justifier localiser maintenir manager marquer mutualiser
    nommer objectiver optimiser oeuvrer parrainer pointer prescrire presider prevoir produire quantifier
    raconter rapprocher realiser recevoir reconnaitre recommander recueillir reguler relancer
    relever remettre renforcer reorienter reparer repartir reperer rendre resoudre saisir scolariser
    specifier subventionner tenir temoigner tisser tutorer venir viser visionner gagner laisser montrer
    passer placer regarder sembler tourner verser poursuivre apprendre arriver chiffrer classer dialoguer
    dedier garantir ecouter aimer ajuster apaiser cuisiner nettoyer servir gouter noter photographier
    conserver desservir entendre livrer payer remunerer regler reunir rassurer verbaliser regrouper
    charger preter prelever publier voter deliberer encaisser visiter contacter inspecter signaler"""
)

# Second-group verbs (-ir, « il définit / ils définissent »).
IR_VERBS = _words(
    """accomplir agir aboutir approfondir assainir bâtir batir choisir definir elargir enrichir etablir
    finir fournir garantir investir reagir remplir reunir reussir saisir unir affermir applaudir
    convertir desservir enrichir investir nourrir ralentir rebatir redefinir refleshir reflechir repartir
    resplendir reunir"""
)

# Finite present-tense forms that rules cannot derive (folded): singular → plural.
IRREGULAR_PRESENT = {
    "est": "sont",
    "a": "ont",
    "fait": "font",
    "va": "vont",
    "peut": "peuvent",
    "doit": "doivent",
    "veut": "veulent",
    "prend": "prennent",
    "met": "mettent",
    "suit": "suivent",
    "recoit": "recoivent",
    "intervient": "interviennent",
    "devient": "deviennent",
    "tient": "tiennent",
    "vient": "viennent",
    "obtient": "obtiennent",
    "maintient": "maintiennent",
    "soutient": "soutiennent",
    "contient": "contiennent",
    "appartient": "appartiennent",
    "conduit": "conduisent",
    "produit": "produisent",
    "construit": "construisent",
    "instruit": "instruisent",
    "inscrit": "inscrivent",
    "decrit": "decrivent",
    "prescrit": "prescrivent",
    "ecrit": "ecrivent",
    "dit": "disent",
    "lit": "lisent",
    "voit": "voient",
    "prevoit": "prevoient",
    "sait": "savent",
    "offre": "offrent",
    "ouvre": "ouvrent",
    "couvre": "couvrent",
    "accueille": "accueillent",
    "recueille": "recueillent",
    "rend": "rendent",
    "repond": "repondent",
    "defend": "defendent",
    "entend": "entendent",
    "attend": "attendent",
    "depend": "dependent",
    "vend": "vendent",
    "remet": "remettent",
    "emet": "emettent",
    "permet": "permettent",
    "transmet": "transmettent",
    "soumet": "soumettent",
    "promeut": "promeuvent",
    "resout": "resolvent",
    "connait": "connaissent",
    "reconnait": "reconnaissent",
    "parait": "paraissent",
    "apparait": "apparaissent",
    "part": "partent",
    "sort": "sortent",
    "sert": "servent",
    "dort": "dorment",
    "vit": "vivent",
    "poursuit": "poursuivent",
    "assure": "assurent",
    "mene": "menent",
    "concoit": "concoivent",
    "apprend": "apprennent",
    "comprend": "comprennent",
    "entreprend": "entreprennent",
    "reprend": "reprennent",
    "dispose": "disposent",
    "demeure": "demeurent",
    "reste": "restent",
    "previent": "previennent",
    "parvient": "parviennent",
    "detient": "detiennent",
    "acquiert": "acquierent",
    "court": "courent",
    "s'assoit": "s'assoient",
    "joint": "joignent",
    "rejoint": "rejoignent",
    "peint": "peignent",
    "craint": "craignent",
    "boit": "boivent",
    "croit": "croient",
    "doit-il": "doivent-ils",
}

# Infinitives of irregular forms, to tell whether a verb is a role verb (folded).
IRREGULAR_INFINITIVE = {
    "suit": "suivre",
    "suivent": "suivre",
    "conduit": "conduire",
    "conduisent": "conduire",
    "met": "mettre",
    "mettent": "mettre",
    "recoit": "recevoir",
    "recoivent": "recevoir",
    "soutient": "soutenir",
    "soutiennent": "soutenir",
    "accueille": "accueillir",
    "accueillent": "accueillir",
    "instruit": "instruire",
    "instruisent": "instruire",
    "concoit": "concevoir",
    "concoivent": "concevoir",
    "repond": "repondre",
    "repondent": "repondre",
    "transmet": "transmettre",
    "transmettent": "transmettre",
    "previent": "prevenir",
    "previennent": "prevenir",
    "promeut": "promouvoir",
    "promeuvent": "promouvoir",
}

# First-person singular → third-person singular, for forms that differ and that rules miss.
FIRST_TO_THIRD = {
    "suis": "est",
    "ai": "a",
    "fais": "fait",
    "vais": "va",
    "peux": "peut",
    "dois": "doit",
    "veux": "veut",
    "sais": "sait",
    "vois": "voit",
    "prevois": "prévoit",  # the values replace words as written: accents kept
    "recois": "reçoit",
    "conçois": "conçoit",
    "prends": "prend",
    "mets": "met",
    "suis-je": "est-il",
}

# Verbs whose presence makes a predicate a statement of role (folded infinitives or forms).
ROLE_VERBS = _words(
    """accompagner accueillir aider animer apporter assister assurer conseiller coordonner definir
    deployer diriger encadrer evaluer faciliter former gerer guider informer inspecter organiser orienter
    piloter preparer presider proposer reperer representer sensibiliser soutenir suivre superviser
    valoriser veiller controler garantir impulser elaborer conduire mettre instruire recevoir traiter
    prospecter repartir reunir signer financer fixer repondre accorder evaluer concevoir diffuser
    transmettre animer enseigner preparer prevenir proteger surveiller verifier valider
    autoriser decider examiner inscrire convoquer designer nommer recruter affecter arbitrer attribuer
    delivrer entretenir rediger alerter signaler saisir instruire harmoniser corriger noter accorder"""
)

# Expressions that mark an explicit statement of role (folded, matched on the predicate).
ROLE_MARKERS = (
    "est charge",
    "est chargee",
    "a pour",
    "pour mission",
    "pour role",
    "pour fonction",
    "pour objectif",
    "charge de",
    "chargee de",
    "charges de",
    "chargees de",
    "en charge",
    "responsable",
    "role de",
    "un role",
    "mission",
    "missions",
    "fait le lien",
    "assure le lien",
    "fait la liaison",
    "assure la liaison",
    "veille a",
    "veille au",
    "veille aux",
    "interlocuteur",
    "s'occupe",
    "se charge",
    "consiste",
    "garant",
    "garante",
    "referent",
)

# Predicates that only state a status or a place, not what the actor does.
STATUS_MARKERS = (
    "sous l'autorite",
    "sous la responsabilite",
    "rattache",
    "nomme par",
    "recrute",
    "place aupres",
    "se trouve",
    "est present",
    "est presente",
    "est fait pour",
    "travaille",
    "travaillent",
    "intervient",
    "interviennent",
    "sont organises",
    "est organise",
    "depend",
    "dependent",
    "releve",
    "relevent",
    # Belonging to a body says where one is, not what one does: « est membre de l'équipe … ».
    "est membre",
    "sont membres",
    "fait partie",
    "font partie",
)
