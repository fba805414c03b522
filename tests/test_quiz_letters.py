"""Quiz positions and letters depend on the resource's identity and the pairs' ids only."""

from __future__ import annotations

from pathlib import Path

from scormpack.model import Credit, Quiz, QuizPair, Resource
from scormpack.render import SOURCE_CHARS, TARGET_CHARS, quiz_view

PAIRS = tuple(QuizPair(f"acteur-{n}", f"Acteur {n}", f"Exerce le rôle numéro {n}.") for n in range(8))


def resource(slug: str = "ressource", identifier: str = "") -> Resource:
    return Resource(
        source=Path(f"{slug}.md"), slug=slug, area="A", title="T", description="D",
        video_embed_src="https://tube.example.org/videos/embed/0a1b2c3d-0000", video_download_href=None,
        transcript=("P.",), credits=(Credit("Scénario", ("X",)),), identifier=identifier,
    )


def layout(res: Resource, pairs) -> list[tuple[str, str, str]]:
    return [(item.id, item.source, item.answer) for item in quiz_view(res, Quiz(pairs=tuple(pairs)), 3).items]


def test_rewording_a_pair_moves_nothing():
    reworded = [QuizPair(p.id, p.actor + " (corrigé)", "Un tout autre rôle.") if p.id == "acteur-3" else p for p in PAIRS]
    assert layout(resource(), reworded) == layout(resource(), PAIRS)
    view = quiz_view(resource(), Quiz(pairs=tuple(reworded)), 3)
    before = quiz_view(resource(), Quiz(pairs=PAIRS), 3)
    assert [o.target for o in view.options] == [o.target for o in before.options]


def test_an_added_pair_keeps_the_others_and_gets_free_characters():
    for added in range(20):  # many ids, so that collisions with the others' first choices happen
        extra = QuizPair(f"nouveau-{added}", f"Nouvel acteur {added}", "Un rôle de plus.")
        old = layout(resource(), PAIRS)
        new = layout(resource(), [*PAIRS, extra])
        assert [entry for entry in new if entry[0] != extra.id] == old
        (_, source, answer) = next(entry for entry in new if entry[0] == extra.id)
        assert source not in {s for _, s, _ in old} and answer not in {a for _, _, a in old}


def test_identity_not_file_name_decides():
    renamed = resource("nouveau-nom", identifier="ressource")
    assert layout(renamed, PAIRS) == layout(resource(), PAIRS)
    assert layout(resource("autre"), PAIRS) != layout(resource(), PAIRS)


def test_characters_are_valid_and_distinct_and_never_give_the_answers_away():
    pairs = tuple(QuizPair(f"a{n}", f"A{n}", f"R{n}.") for n in range(36))
    for count in (3, 4, 5, 36):
        for slug in ("un", "deux", "trois", "quatre"):
            view = quiz_view(resource(slug), Quiz(pairs=pairs[:count]), 3)
            sources = [i.source for i in view.items]
            answers = [i.answer for i in view.items]
            assert len(set(sources)) == len(set(answers)) == count
            assert set(sources) <= set(SOURCE_CHARS) and set(answers) <= set(TARGET_CHARS)
            assert sources == sorted(sources, key=SOURCE_CHARS.index)
            assert [o.target for o in view.options] != answers



def test_a_pair_draws_its_characters_from_its_id_not_its_place():
    # Alone in a quiz, each pair takes the first characters of its own sequence. In the whole quiz it
    # keeps them unless a pair served before it holds them, so removing or reordering other pairs
    # moves few letters. Drawn by position instead, every pair alone would get the same ones.
    own = {pair.id: layout(resource(), [pair])[0][1:] for pair in PAIRS}
    for side in (0, 1):
        assert len({chars[side] for chars in own.values()}) > len(PAIRS) // 2, side
        held: set[str] = set()
        for pair_id, *chars in layout_in_quiz_order(resource(), PAIRS):
            if own[pair_id][side] not in held:
                assert chars[side] == own[pair_id][side], (pair_id, side)
            held.add(chars[side])


def layout_in_quiz_order(res: Resource, pairs) -> list[tuple[str, str, str]]:
    """The layout in the order the pairs are given (the order characters are drawn in)."""
    by_id = {entry[0]: entry for entry in layout(res, pairs)}
    return [by_id[pair.id] for pair in pairs]
