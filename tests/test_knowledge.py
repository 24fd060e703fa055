"""The knowledge stage: the shipped file is what the build script makes of ../shared/knowledge, look-ups fold
spellings, aliases link, and a missing file leaves extraction working on context alone."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from indexer.entities import EntityExtractor, facet_key
from indexer.entities import knowledge as knowledge_module  # the module (the loader is load_knowledge)
from indexer.entities.knowledge import KNOWLEDGE_FILE, Knowledge, load_knowledge, name_key, title_key

from .conftest import ROOT, SHARED


def test_title_keys_fold_what_does_not_matter():
    assert title_key("The Dawson's Creek (TV series)") == "dawsons creek"
    assert title_key("Law & Order") == title_key("Law and Order") == "law and order"
    assert title_key("Amélie") == "amelie"
    assert title_key("Spider-Man 2") == "spider man 2"
    assert name_key("Gisele Bündchen") == "gisele bundchen"


def test_the_shipped_file_is_what_the_script_builds(tmp_path, shared):
    """Rebuilt from ../shared/knowledge, the knowledge file comes out byte for byte as shipped: never hand-edited."""
    out = tmp_path / "knowledge.json.gz"
    code = ("import sys; from pathlib import Path; from indexer.entities.build_knowledge import build; "
            f"print(build(Path({str(SHARED / 'knowledge')!r}), Path({str(out)!r})))")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    assert out.read_bytes() == KNOWLEDGE_FILE.read_bytes()
    data = json.loads(gzip.decompress(out.read_bytes()))
    assert data["attribution"].startswith("Titles from TVmaze (CC BY-SA 4.0)")
    assert len(data["titles"]) > 130_000 and len(data["people"]) > 100_000


def test_the_build_script_names_a_wrong_folder(tmp_path):
    r = subprocess.run([sys.executable, "-m", "indexer.entities.build_knowledge", "build", str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and f"{tmp_path}: no titles/ folder" in r.stderr


def test_look_ups():
    k = load_knowledge()
    assert k.title("Dawson's Creek").kinds == "t"
    assert "f" in k.title("Lost in Translation").kinds and k.title("Lost in Translation").year == 2003
    assert k.title("Qwzxv Blorft") is None
    assert k.is_person("Stephen Colbert") and not k.is_person("Times Square")
    assert k.is_place("Los Angeles") and k.is_place("Fargo")
    assert k.full_name("the Oscars") == "Academy Awards" and k.full_name("SNL") == "Saturday Night Live"
    assert k.person_spans("Bill Maher Shreds Donald Trump".split()) == [(0, 2), (3, 5)]


def test_aliases_share_one_facet_key():
    assert facet_key("show", "Oscars") == facet_key("show", "the Academy Awards") == "academy awards"
    assert facet_key("show", "SNL") == facet_key("show", "Saturday Night Live")
    assert facet_key("show", "The Aviator") == facet_key("show", "Aviator")
    assert facet_key("show", "Oscars") != facet_key("show", "Emmys")
    assert facet_key("person", "Oscars") == "oscars"  # aliases are shows' only
    assert facet_key("person", "Donald Trump Jr.") == facet_key("person", "Donald Trump Jr")
    assert facet_key("person", "J.J. Abrams") == facet_key("person", "J. J. Abrams")


def test_a_missing_knowledge_file_leaves_context_working(tmp_path, capsys):
    empty = knowledge_module.load_knowledge.__wrapped__(tmp_path / "none.json.gz")
    assert isinstance(empty, Knowledge) and not empty.titles
    assert "knowledge file" in capsys.readouterr().err
    ex = EntityExtractor(known=empty)
    e = ex.extract("", "The actress Doris Day starred in the film Calamity Jane.")
    assert e.shows == ["Calamity Jane"] and e.persons == ["Doris Day"]


def test_a_damaged_cache_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MARQUEE_CACHE_DIR", str(tmp_path))
    first = knowledge_module.load_knowledge.__wrapped__()
    (cached,) = tmp_path.glob("knowledge-*.pickle")
    cached.write_bytes(b"not a pickle")
    again = knowledge_module.load_knowledge.__wrapped__()
    assert again.titles == first.titles and len(again.people) == len(first.people)


@pytest.mark.parametrize("text, show", [
    ("Heavy snow closed schools in the city of Fargo on Monday. Fargo police warned drivers.", False),
    ("The FX series Fargo returns for a fifth season, with Jon Hamm joining the cast.", True),
])
def test_an_ambiguous_title_needs_context(text, show):
    """Fargo is a listed film and series and a city: the list alone does not make it a show."""
    assert (EntityExtractor().extract("", text).shows == ["Fargo"]) is show


def test_a_known_place_after_in_or_near_is_the_place_whatever_the_corpus_votes():
    """The corpus knows Atlanta as the FX series; an article about a building near Atlanta still means the city."""
    ex = EntityExtractor()
    ex.learn(["The FX series Atlanta returns with Donald Glover.", "The comedy Atlanta won two awards.",
              "Fans of the drama Atlanta cheered the new season."])
    assert ex.extract("Explosion Collapses Part Of Apartment Building Near Atlanta", "").shows == []
    assert ex.extract("", "Schools closed in Atlanta on Monday.").shows == []
    assert ex.extract("", "Donald Glover's series Atlanta returns.").shows == ["Atlanta"]
    assert "Casablanca" in ex.extract("", "She grew up watching Bogart in Casablanca (1942).").shows


def test_a_list_of_listed_titles_backs_each_other_up():
    e = EntityExtractor().extract("", "The directors of Shameless, Hustle and Bodies are all nominated "
                                      "for the 60-minute television prize.")
    assert e.shows == ["Shameless", "Hustle", "Bodies"]


def test_known_titles_join_across_small_words_and_keep_their_possessives():
    e = EntityExtractor().extract("", "Sofia Coppola made Lost in Translation. Steven Soderbergh returns "
                                      "with Ocean's Twelve, after Ocean's Eleven.")
    assert {"Lost in Translation", "Ocean's Twelve", "Ocean's Eleven"} <= set(e.shows)


def test_known_people_are_cut_out_of_a_title_case_headline():
    e = EntityExtractor().extract("Bill Maher Shreds Donald Trump, Likens Him To A Mob Boss", "")
    assert {"Bill Maher", "Donald Trump"} <= set(e.persons)
    assert EntityExtractor().extract("Donald Trump Jr. Mocks Texas At CPAC", "").persons == ["Donald Trump Jr."]


def test_a_short_name_beside_its_full_name_is_listed_once():
    e = EntityExtractor().extract("", "Clint Eastwood won at last weekend's Oscars, the Academy Awards. "
                                      "SNL mocked it; Saturday Night Live often does.")
    assert e.shows == ["Academy Awards", "Saturday Night Live"]


def test_a_cue_word_inside_a_quoted_title_is_no_cue_for_the_word_after_it():
    e = EntityExtractor().extract("Fox News' Biggest Coronavirus Hypocrisy Exposed In Damning 'Daily Show' Supercut",
                                  "\"The Daily Show\" calls out the network.")
    assert "Supercut" not in e.shows and "The Daily Show" in e.shows
