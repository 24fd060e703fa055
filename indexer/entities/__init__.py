"""Find the shows and persons an article mentions, as named stages over shipped knowledge and the article's context.

    mentions  -> capitalised runs, quoted titles, Title Case headlines, with the words around each
    knowledge -> what the shipped lists know of a name (known title, known person, name frequencies, aliases)
    evidence  -> context cues, corpus votes across articles, the corpus's lower-case words
    decide    -> candidates weighed with the evidence, resolved per article ("Luna" -> "Diego Luna")
    link      -> one key per show or person across its names, for facets and the show: / person: filters

Cue words live in data/cues.toml, the knowledge in data/knowledge.json.gz (built by build_knowledge), the
editors' additions in an entities.toml gazetteer. Knows nothing of Whoosh: text in, lists of names out.
"""
from .corpus_words import CommonWords, lower_case_words
from .decide import Entities, EntityExtractor
from .evidence import Votes
from .gazetteer import Gazetteer
from .knowledge import Knowledge, load_knowledge
from .link import canonical_key, facet_key, facet_label, in_title_style
from .names import is_first_name
from .names import preload as _preload_names


def preload() -> None:
    """Load the first-name dictionary and the knowledge file now (before forking workers: they share one copy)."""
    _preload_names()
    load_knowledge()


__all__ = ["CommonWords", "Entities", "EntityExtractor", "Gazetteer", "Knowledge", "Votes", "canonical_key",
           "facet_key", "facet_label", "in_title_style", "is_first_name", "load_knowledge", "lower_case_words",
           "preload"]
