"""The plain data that flows through the pipeline: read → derive → render → package."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Credit:
    role: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    # Markdown source, inline formatting kept, the lines joined by single spaces.
    text: str


@dataclass(frozen=True)
class Heading:
    # As written in the source, 3 to 6 (`###` is the first level under the section's `##`).
    level: int
    text: str


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    # The first number of an ordered list (markdown numbers the items from it, whatever follows).
    start: int = 1
    # Items without empty lines between them: their paragraphs are not set apart.
    tight: bool = True


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


Block = Paragraph | Heading | ListBlock | Quote


def paragraphs_of(blocks: tuple[Block, ...]) -> list[str]:
    """The markdown of every paragraph, list items' and quotes' included, in reading order; not
    the sub-headings (what the quiz reads, as the reader's `transcript_text` does)."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.append(block.text)
        elif isinstance(block, Quote):
            found += paragraphs_of(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found += paragraphs_of(item.blocks)
    return found


@dataclass(frozen=True)
class Resource:
    """One markdown resource, as the content team wrote it."""

    source: Path
    slug: str
    area: str
    title: str
    description: str
    video_embed_src: str
    video_download_href: str | None
    # The transcript's blocks in order: paragraphs, sub-headings, lists (nested too), quotes. A plain
    # str is taken as a paragraph's markdown, as the field held before lists were read.
    transcript: tuple[Block, ...]
    credits: tuple[Credit, ...]
    # Free paragraphs of the credits section (e.g. « Ressource produite avec le soutien de … »).
    credits_notes: tuple[str, ...] = ()
    # 1-based line of the first transcript paragraph, for messages that point into the source.
    transcript_line: int = 0
    # The transcript paragraphs as a reader sees them (markdown markers removed), for the quiz.
    transcript_text: tuple[str, ...] = ()
    # The first and last source lines (1-based) of each of `transcript_text`, for the quiz's evidence.
    transcript_text_lines: tuple[tuple[int, int], ...] = ()
    # The front matter's `identifier:`, kept when the file is renamed; empty means the slug.
    identifier: str = ""

    def __post_init__(self) -> None:
        if any(isinstance(block, str) for block in self.transcript):
            blocks = tuple(Paragraph(b) if isinstance(b, str) else b for b in self.transcript)
            object.__setattr__(self, "transcript", blocks)

    @property
    def identity(self) -> str:
        """What the LMS knows the resource by (SCORM identifiers, quiz letters, H5P ids)."""
        return self.identifier or self.slug

    @property
    def video_id(self) -> str:
        return self.video_embed_src.rstrip("/").rsplit("/", 1)[-1]

    @property
    def video_page_url(self) -> str:
        """The PeerTube watch page of the embedded video (the embed URL minus `/embed`)."""
        return self.video_embed_src.replace("/videos/embed/", "/videos/watch/", 1)


@dataclass(frozen=True)
class Evidence:
    """A sentence a derived pair comes from, with its 1-based line in the source file."""

    line: int
    text: str


@dataclass(frozen=True)
class QuizPair:
    """An actor and the statement of its role; `id` is stable ASCII, safe as a SCORM identifier."""

    id: str
    actor: str
    role: str
    # 0–1 for a derived pair; None for a reviewed one (a person, not a score, vouches for it).
    confidence: float | None = None
    # Derived: the sentences presenting the actor and stating its role. Reviewed: the pair's line
    # in the .quiz.yaml.
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class LeftOut:
    """A candidate pair that is not in the package, and why (for the people who review quizzes)."""

    actor: str
    role: str
    reason: str
    confidence: float | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Quiz:
    pairs: tuple[QuizPair, ...]
    # "derived" from the transcript, or "file" when a reviewed <stem>.quiz.yaml was used.
    origin: str = "derived"
    warnings: tuple[str, ...] = field(default=())
    left_out: tuple[LeftOut, ...] = ()

    @property
    def playable(self) -> bool:
        return len(self.pairs) >= MIN_PAIRS


MIN_PAIRS = 3
# SCORM 1.2 matching responses use one character per source and target: 0-9 then a-z.
MAX_PAIRS = 36
