"""Entity extraction: each signal on short sentences, resolution, canonical keys, gazetteer, the seed."""
from collections import Counter

import pytest

from indexer.entities import (EntityExtractor, Gazetteer, Votes, canonical_key, facet_label, in_title_style,
                              lower_case_words)
from indexer.entities.evidence import headline_name, headline_phrase, headline_verb_after
from indexer.entities.mentions import display, mentions_in

from .conftest import SEED_DIR


@pytest.fixture(scope="module")
def ex():
    return EntityExtractor()


def extract(ex, text, title=""):
    e = ex.extract(title, text)
    return e.shows, e.persons


def test_seed_article(ex):
    from indexer.corpus import read_sources
    from indexer.article import Article

    a = next(x for x in read_sources([SEED_DIR]) if isinstance(x, Article))
    shows, persons = extract(ex, a.body, a.title)
    assert set(shows) == {"Narcos: Mexico", "Narcos"}
    assert set(persons) == {"Diego Luna", "Michael Pena", "Eric Newman", "Pablo Escobar", "Kiki Camarena",
                            "Félix Gallardo"}
    for wrong in ("Netflix", "Mexico", "Guadalajara Cartel", "DEA"):
        assert wrong not in shows and wrong not in persons


def test_possessive_splits_network_from_show(ex):
    shows, _ = extract(ex, "Fans cheered as Netflix's Narcos: Mexico season 2 was confirmed.")
    assert shows == ["Narcos: Mexico"]


def test_first_name_signal_and_conjunction_split(ex):
    _, persons = extract(ex, "The film stars Diego Luna and Michael Pena as rivals.")
    assert persons == ["Diego Luna", "Michael Pena"]


def test_role_word_makes_a_mononym_a_person_candidate_resolved_later(ex):
    _, persons = extract(ex, "Showrunner Eric Newman spoke. Later Newman said the cast was ready.")
    assert persons == ["Eric Newman"]


def test_honorific_is_dropped(ex):
    _, persons = extract(ex, "Sir Elton John played the piano while Dame Judi Dench watched.")
    assert persons == ["Elton John", "Judi Dench"]


def test_judges_title_is_dropped_but_a_first_name_like_earl_is_kept(ex):
    _, persons = extract(ex, "Judge Mary Schroeder ruled on Monday. Banjo player Earl Scruggs was there.")
    assert persons == ["Mary Schroeder", "Earl Scruggs"]


def test_initials_and_suffixes_keep_their_full_stops(ex):
    _, persons = extract(ex, "Kelly Marie Tran and J.J. Abrams joined host Roy Wood Jr. on stage, "
                             "and Louis C.K. stayed home.")
    assert {"J.J. Abrams", "Roy Wood Jr.", "Louis C.K."} <= set(persons)
    assert "J.J" not in persons and "Abrams" not in persons
    _, persons = extract(ex, "The speech was given by Malcolm X. Attallah Shabazz, his daughter, spoke later.")
    assert "Malcolm X." not in persons
    _, persons = extract(ex, "Rioters stormed the U.S. Capitol on Jan. 6.")  # a country's initials, no person
    assert persons == []


def test_awards_named_as_an_occasion_are_shows_and_prizes_are_not(ex):
    assert extract(ex, "She won at the first Australian MTV Music Awards in Sydney.")[0] \
        == ["Australian MTV Music Awards"]
    assert extract(ex, "He is among the nominees at the Directors Guild of Great Britain awards, to be held in "
                       "March.")[0] == ["Directors Guild of Great Britain awards"]
    assert extract(ex, "At the 77th Academy Awards, the film won.")[0] == ["Academy Awards"]
    for prize in ("He has won 15 Brit Awards.", "She was nominated for two Brit Awards."):
        assert extract(ex, prize)[0] == []


def test_show_context_words(ex):
    shows, _ = extract(ex, "She appeared in the sitcom Extras and later starred in the film Hotel Rwanda.")
    assert "Extras" in shows and "Hotel Rwanda" in shows


def test_quoted_title_is_a_show(ex):
    shows, _ = extract(ex, "Critics loved the new drama \u201cKilling Eve\u201d this week.")
    assert shows == ["Killing Eve"]


def test_organisations_and_places_are_not_persons(ex):
    shows, persons = extract(ex, "Warner Bros Pictures and the Royal Albert Hall in London announced a deal.")
    assert persons == [] and shows == []


def test_awards_event_only_when_named_as_event(ex):
    shows, _ = extract(ex, "She hosted the Oscars in March.")
    assert shows == ["Oscars"]
    shows, _ = extract(ex, "He won an Oscar for the role.")
    assert shows == []


def test_franchise_prefix_of_a_spin_off_is_a_show(ex):
    shows, _ = extract(ex, "Narcos: Mexico is a spin-off. Narcos ran for three seasons.")
    assert shows == ["Narcos: Mexico", "Narcos"]


def test_corpus_voting_makes_a_name_a_show_everywhere():
    texts = ["The drama Bodyguard drew ten million.", "Bodyguard series two is planned.",
             "The thriller Bodyguard won an award."]
    ex = EntityExtractor()
    assert "Bodyguard" not in ex.extract("", "Everyone talked about Bodyguard on Monday.").shows
    ex.learn(texts)
    assert ex.votes.show["bodyguard"] >= 2
    assert "Bodyguard" in ex.extract("", "Everyone talked about Bodyguard on Monday.").shows


def test_canonical_key_is_case_and_accent_insensitive():
    assert canonical_key("Michael Peña") == canonical_key("michael pena") == "michael pena"


def test_gazetteer_names_aliases_and_never(tmp_path):
    g = tmp_path / "entities.toml"
    g.write_text('[shows]\nnames = ["Line of Duty"]\n[persons]\nnames = ["Bong Joon-ho"]\n'
                 '[aliases]\n"GoT" = "Game of Thrones"\n[never]\nnames = ["Diego Luna"]\n', encoding="utf-8")
    ex = EntityExtractor(Gazetteer.load(g))
    e = ex.extract("", "Everyone watched Line of Duty and GoT. Bong Joon-ho met Diego Luna.")
    assert set(e.shows) == {"Line of Duty", "Game of Thrones"}
    assert "Bong Joon-ho" in e.persons and "Diego Luna" not in e.persons


def test_bad_gazetteer_is_a_clear_error(tmp_path):
    g = tmp_path / "bad.toml"
    g.write_text("[shows\nnames = 1", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.toml: invalid TOML"):
        Gazetteer.load(g)


def test_mentions_keep_colon_titles_together():
    texts = [display(m.tokens) for m in mentions_in("I watched Godzilla: Final Wars yesterday.")]
    assert "Godzilla: Final Wars" in texts


@pytest.fixture(scope="module")
def extracted(shared, tmp_path_factory):
    """`marquee extract` over the whole BBC + HuffPost + seed corpus, as the official scorer wants it."""
    import json
    import subprocess
    import sys

    from .conftest import BBC, HUFFPOST, ROOT

    out = subprocess.run([sys.executable, "-m", "indexer.cli", "extract", str(BBC), str(HUFFPOST), str(SEED_DIR)],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    seed_id = next(p.stem for p in SEED_DIR.iterdir() if p.suffix == ".txt")
    pred = tmp_path_factory.mktemp("extract") / "pred.jsonl"
    with open(pred, "w", encoding="utf-8") as f:
        for line in out.splitlines():
            rec = json.loads(line)
            rec["id"] = "seed-narcos" if rec["id"] == seed_id else rec["id"]
            f.write(json.dumps(rec) + "\n")
    return pred


@pytest.mark.parametrize("gold, shows_floor, persons_floor", [
    # floors a little under what is measured (README, "Entities"), never under the goals: 0.85 / 0.92 on each BBC
    # set and 0.80 / 0.88 on HuffPost
    ("entities-dev.jsonl", 0.90, 0.92),          # measured 0.918 / 0.937
    ("entities-dev-bbc2.jsonl", 0.86, 0.92),     # measured 0.875 / 0.933
    ("entities-dev-huffpost.jsonl", 0.90, 0.88),  # measured 0.918 / 0.901
])
def test_dev_set_quality_guard(extracted, gold, shows_floor, persons_floor):
    """Regression guard on the labelled dev sets through `marquee extract` and the official scorer."""
    import re
    import subprocess
    import sys

    from .conftest import EVAL

    res = subprocess.run([sys.executable, str(EVAL / "entities_score.py"), str(EVAL / gold), str(extracted)],
                         capture_output=True, text=True, check=True).stdout
    shows, persons = map(float, re.search(r"shows F1 ([\d.]+) persons F1 ([\d.]+)", res).groups())
    assert shows >= shows_floor and persons >= persons_floor, res


def test_sentence_initial_word_kept_when_the_title_recurs(ex):
    shows, _ = extract(ex, "Fans queued for the film Star Wars: The Last Jedi on Friday.",
                       title="Star Wars: The Last Jedi opens")
    assert shows == ["Star Wars: The Last Jedi"]


def test_bands_and_quoted_titles_are_not_persons(ex):
    _, persons = extract(ex, "Franz Ferdinand have a new album. Her hit \u201cHey Ya\u201d was played.")
    assert persons == []


def test_two_known_titles_joined_by_and_are_split():
    ex = EntityExtractor()
    ex.learn(["The film Sideways won.", "The drama Million Dollar Baby opened."])
    shows = ex.extract("", "Critics tipped the films Million Dollar Baby and Sideways for prizes.").shows
    assert set(shows) == {"Million Dollar Baby", "Sideways"}


def test_work_after_a_persons_possessive_is_a_show(ex):
    shows, persons = extract(ex, "He conducted Giacomo Puccini's Madame Butterfly in Vienna.")
    assert "Madame Butterfly" in shows and "Giacomo Puccini" in persons


def test_band_named_as_a_group_anywhere_is_not_a_person(ex):
    _, persons = extract(ex, "The band Travis Morgan played. Later Travis Morgan said thanks. "
                             "Diego Luna and Michael Pena have signed up.")
    assert "Travis Morgan" not in persons
    assert {"Diego Luna", "Michael Pena"} <= set(persons)  # coordinated people take plural verbs too


def test_a_list_introduced_as_films_makes_every_item_a_film(ex):
    shows, persons = extract(ex, "The festival launched hits such as Open Water, Napoleon Dynamite, Garden State "
                                 "and Super-Size Me.")
    assert set(shows) == {"Open Water", "Napoleon Dynamite", "Garden State", "Super-Size Me"}
    assert persons == []


def test_a_list_introduced_as_people_stays_people(ex):
    shows, persons = extract(ex, "Hollywood stars such as Tom Cruise, Nicole Kidman and Brad Pitt attended.")
    assert shows == []
    assert set(persons) == {"Tom Cruise", "Nicole Kidman", "Brad Pitt"}


def test_possessive_inside_a_title_introduced_as_a_film(ex):
    shows, _ = extract(ex, "Among the overlooked films were Hobson's Choice, Dirty Harry and The Searchers.")
    assert set(shows) == {"Hobson's Choice", "Dirty Harry", "The Searchers"}


def test_release_year_beats_the_place_reading(ex):
    shows, _ = extract(ex, "Humphrey Bogart starred in Casablanca (1942) before moving to Casablanca.")
    assert shows == ["Casablanca"]


def test_a_years_release_and_the_medium_noun(ex):
    shows, persons = extract(ex, "Her debut was 1988's The Great Outdoors. The children's film Mary Poppins "
                                 "followed.")
    assert set(shows) == {"The Great Outdoors", "Mary Poppins"}
    assert "Mary Poppins" not in persons


def test_directed_by_after_a_title_but_not_a_person_starring_in(ex):
    shows, persons = extract(ex, "House of Flying Daggers, directed by Yimou Zhang, won. He worked with director "
                                 "Spike Lee, starring in several films.")
    assert "House of Flying Daggers" in shows
    assert "Spike Lee" in persons and "Spike Lee" not in shows


def test_a_plural_verb_after_a_list_of_people_is_not_a_band(ex):
    _, persons = extract(ex, "Hollywood stars including Burt Reynolds, Danny Glover and Oscar nominee Alan Alda "
                             "have paid tribute to him.")
    assert {"Burt Reynolds", "Danny Glover", "Alan Alda"} <= set(persons)


def test_surnames_that_are_words_after_a_role(ex):
    _, persons = extract(ex, "The son of actress Doris Day was a producer.")
    assert persons == ["Doris Day"]


def test_capitalised_role_and_descriptor_before_a_name(ex):
    _, persons = extract(ex, "He worked with future Beach Boy Bruce Johnston. Director Ryuhei Kitamura said "
                             "it may not be the last film.")
    assert set(persons) == {"Bruce Johnston", "Ryuhei Kitamura"}


def test_real_name_is_not_a_second_person(ex):
    _, persons = extract(ex, "The Jamaican singer Sizzla, whose real name is Miguel Collins, has released 25 albums.")
    assert persons == ["Sizzla"]


def test_a_surname_alone_is_the_person_not_a_show(ex):
    shows, persons = extract(ex, "Actor Ossie Davis died. Burt Reynolds, Davis's co-star in the comedy, spoke.")
    assert shows == [] or "Davis" not in shows
    assert "Ossie Davis" in persons


def test_a_role_in_a_work_is_not_a_place(ex):
    shows, _ = extract(ex, "Clive Owen won praise for his supporting role in Closer.")
    assert shows == ["Closer"]
    shows, _ = extract(ex, "She had mixed reviews for performances in Minneapolis and Chicago.")
    assert shows == []


def test_of_a_work_and_a_possessive_after_the(ex):
    shows, persons = extract(ex, "Slater joins the Broadway revival of The Glass Menagerie after his turn in "
                                 "One Flew Over the Cuckoo's Nest.")
    assert set(shows) == {"The Glass Menagerie", "One Flew Over the Cuckoo's Nest"}
    assert persons == ["Slater"] or "One Flew Over" not in persons


def test_judges_and_contestants_belong_to_a_show(ex):
    shows, persons = extract(ex, "X Factor judge Sharon Osbourne will present the coverage.")
    assert shows == ["X Factor"]
    assert persons == ["Sharon Osbourne"]


def test_a_work_named_before_its_star_or_director(ex):
    shows, persons = extract(ex, "Vera Drake star Imelda Staunton and Harry Potter director Alfonso Cuaron came. "
                                 "Lead actress Laura Michelle Kelly sang. He was producing The Doris Day Show.")
    assert set(shows) == {"Vera Drake", "Harry Potter", "The Doris Day Show"}
    assert {"Imelda Staunton", "Alfonso Cuaron", "Laura Michelle Kelly"} <= set(persons)
    assert "Vera Drake" not in persons and "Lead" not in shows


def test_peoples_adjectives_are_not_names(ex):
    shows, persons = extract(ex, "She was revealed to be Native American actress Maria Cruz.")
    assert shows == [] and persons == ["Maria Cruz"]


def test_fragments_joined_by_of_are_not_people(ex):
    _, persons = extract(ex, "He will perform alongside John Legend, Mavis Staples and the Blind Boys of Alabama.")
    assert set(persons) == {"John Legend", "Mavis Staples"}


def test_in_a_music_article_hits_and_possessive_works_are_songs(ex):
    text = ("Roxy Music will tour with their band. The singer's album entered the chart. Their first hit was "
            "1972's Virginia Plain, with other hits including Street Life and Love Is The Drug. Kate Bush's "
            "Hounds of Love reached number eight in the singles chart.")
    shows, persons = extract(ex, text)
    assert shows == []
    for song in ("Virginia Plain", "Street Life", "Love Is The Drug"):
        assert song not in persons
    assert "Kate Bush" in persons


def test_in_a_film_article_hits_are_still_films(ex):
    text = ("The film festival's director praised the cast. Last year it launched hits such as Open Water, "
            "Napoleon Dynamite and Garden State, films that found an audience in cinemas.")
    shows, _ = extract(ex, text)
    assert set(shows) == {"Open Water", "Napoleon Dynamite", "Garden State"}


def test_and_the_inside_a_title_keeps_one_title(ex):
    shows, _ = extract(ex, "Harry Potter director Alfonso Cuaron, who directed Harry Potter and the Prisoner of "
                           "Azkaban, signed a deal.")
    assert set(shows) == {"Harry Potter", "Harry Potter and the Prisoner of Azkaban"}


def test_apposition_naming_and_role_before_for(ex):
    _, persons = extract(ex, "Attallah Shabazz, the daughter of the activist, spoke. He sent a woman called "
                             "Sacheen Littlefeather. The prize for supporting actor went to Thomas Haden Church.")
    assert {"Attallah Shabazz", "Sacheen Littlefeather"} <= set(persons)
    _, persons = extract(ex, "The film won four accolades including supporting actor for Thomas Haden Church.")
    assert persons == ["Thomas Haden Church"]


def test_a_possessive_before_a_work_is_its_creator(ex):
    _, persons = extract(ex, "Opera and theatre fans chose Mozart's Requiem and a stage play, Shakespeare's "
                             "Richard III. Film crowds gathered outside Grauman's Chinese Theatre.")
    assert {"Mozart", "Shakespeare"} <= set(persons)
    assert "Grauman" not in persons


def test_corpus_place_votes_veto_a_possessive_mononym():
    """A word the corpus writes after "in"/"from" more often than as a person is a place ("Scotland's X")."""
    ex = EntityExtractor()
    for i in range(4):
        ex.votes.merge(EntityExtractor.votes_of(ex.candidates("", f"The tour ended in Scotland after {i} nights.")))
    assert "Scotland" not in ex.extract("", "Music fans loved Scotland's Franz Ferdinand on the album chart.").persons
    assert "Mozart" in ex.extract("", "Opera fans loved Mozart's Requiem on stage at the theatre.").persons


def test_a_possessive_in_a_common_word_title_is_not_a_person():
    """"Ocean's Twelve": the corpus writes "ocean" in lower case, so Ocean is part of a title, not a mononym."""
    ex = EntityExtractor()
    ex.common_words = {"ocean"}
    text = "The film Ocean's Twelve beat Mozart's Requiem at the cinema box office, where the film and the movie won."
    persons = ex.extract("", text).persons
    assert "Ocean" not in persons and "Mozart" in persons


def test_a_capitalised_the_keeps_a_possessive_inside_the_title(ex):
    shows, _ = extract(ex, "Hulu's drama The Handmaid's Tale won the Emmy for outstanding drama.")
    assert shows == ["The Handmaid's Tale"]


def test_a_lone_abbreviated_title_is_not_a_person(ex):
    """"Sen." or "Gov." alone is a title the writer shortened, not a name; a stage name like "Prince" stays."""
    _, persons = extract(ex, "Sen. Lindsey Graham said the bill was dead. Later Sen. said no. Gov. said so too.")
    assert persons == ["Lindsey Graham"]
    _, persons = extract(ex, "Dr. Phil said the show was over, and Dr. said no.")
    assert "Dr" not in persons
    assert extract(ex, "Prince played a three-hour set at the arena.")[1] == ["Prince"]


def test_a_title_or_party_ending_a_capitalised_run_is_not_a_person(ex):
    from indexer.entities.evidence import person_score as _person_score
    for text in ("Voters cheered when Prime Minister spoke.", "Voters met Liberal Democrat officials."):
        assert all(_person_score(m.tokens, m, set()) < 0 for m in mentions_in(text)), text


def test_show_votes_need_a_share_of_the_articles_naming_the_word():
    """A word met in a show context now and then, but named in many more articles, is not a show everywhere."""
    ex = EntityExtractor()
    shows = ["The drama Labour drew ten million.", "The thriller Labour won an award."]
    others = [f"Labour won {i} seats in the election in the north." for i in range(20)]
    ex.learn(shows + others)
    assert ex.votes.show["labour"] >= 2 and ex.votes.seen["labour"] >= 20
    assert "Labour" not in ex.extract("", "Everyone talked about Labour on Monday.").shows
    ex = EntityExtractor()
    ex.learn(shows + others[:3])
    assert "Labour" in ex.extract("", "Everyone talked about Labour on Monday.").shows


def test_a_run_opened_by_a_peoples_adjective_is_not_a_person(ex):
    from indexer.entities.evidence import person_score as _person_score

    text = "Since winning the Australian Open, Safin has lost twice."
    m = next(m for m in mentions_in(text) if m.tokens == ["Australian", "Open"])
    assert _person_score(m.tokens, m, set()) == -1.0  # vetoed outright, so no corpus vote can lift it
    assert "Australian Open" not in extract(ex, text)[1]


def test_a_name_written_after_in_is_a_place_in_the_corpus():
    """"in San Francisco" (San looks like a first name): place votes across the corpus veto the person."""
    ex = EntityExtractor()
    texts = [f"The band played a concert in San Francisco on day {i}." for i in range(3)]
    texts += ["San Francisco was foggy all week, said the promoter."]
    ex.learn(texts)
    assert ex.votes.place["san francisco"] >= 3
    assert "San Francisco" not in ex.extract("", "San Francisco was foggy all week, said the promoter.").persons
    assert "Ian Brown" in ex.extract("", "Singer Ian Brown played a concert in San Francisco.").persons


def test_a_possessive_in_a_title_case_headline_does_not_name_a_work():
    """HuffPost-style headlines capitalise every word: "Trump's Speech" is no work, unlike a quoted title."""
    ex = EntityExtractor()
    headline = "Stephen Colbert Mocks Donald Trump's Speech Over Coffee"
    assert "Speech" not in ex.extract(headline, "The late-night host was not impressed.").shows
    assert "Madame Butterfly" in ex.extract("", "He conducted Giacomo Puccini's Madame Butterfly in Vienna.").shows


def test_a_common_word_needs_a_larger_share_of_show_votes():
    """A word the corpus writes in lower case ("death") must be a show in a larger share of the articles."""
    shows = ["The drama Death drew ten million.", "The thriller Death won an award."]
    others = [f"The death of {i} people shocked the town, where all feared Death." for i in range(6)]
    for common, expected in ((set(), True), ({"death"}, False)):
        ex = EntityExtractor()
        ex.common_words = common
        ex.learn(shows + others)
        assert ("Death" in ex.extract("", "Everyone talked about Death on Monday.").shows) is expected


def test_a_possessive_opening_a_title_after_the_medium_noun(ex):
    assert extract(ex, "The surge was led by animated movie Howl's Moving Castle, which took 20bn yen.")[0] == \
        ["Howl's Moving Castle"]


def test_a_title_with_and_the_listed_beside_shows_is_a_show_not_a_person(ex):
    shows, persons = extract(ex, "It was followed by Harry Potter and the Prisoner of Azkaban, Finding Nemo and "
                                 "The Lord of the Rings: The Return of the King.")
    assert "Harry Potter and the Prisoner of Azkaban" in shows and persons == []


def test_a_tale_is_a_work(ex):
    assert extract(ex, "Keanu Reeves appears in coming-of-age tale Thumbsucker this year.")[0] == ["Thumbsucker"]


def test_a_number_after_a_title_the_corpus_knows_is_a_sequel():
    ex = EntityExtractor()
    ex.learn(["The film Spider-Man drew crowds.", "The movie Spider-Man won.", "Spider-Man sequel planned."])
    assert ex.extract("", "Everyone saw Spider-Man 2 at the weekend.").shows == ["Spider-Man 2"]
    assert ex.extract("", "Everyone saw Channel 4 at the weekend.").shows == []


def test_betting_odds_are_not_part_of_a_title(ex):
    shows, _ = extract(ex, "Bookmakers gave the film The Aviator 4/9 odds of winning.")
    assert shows == ["The Aviator"]


def test_a_title_and_its_the_form_in_one_article_are_one_show(ex):
    shows, _ = extract(ex, "Critics loved the film The Aviator. Aviator sequel talk began.", "Aviator sequel")
    assert shows == ["The Aviator"]


def test_a_possessive_title_after_a_role_in_and_a_persons_possessive_after_it(ex):
    """"his role in Dead Man's Shoes" is one title; "starred in Martin Scorsese's The Aviator" names a person
    and the work after the possessive, not the person as a work."""
    assert extract(ex, "Paddy Considine was praised for his role in Dead Man's Shoes.") == \
        (["Dead Man's Shoes"], ["Paddy Considine"])
    assert extract(ex, "She starred in Martin Scorsese's The Aviator last year.") == (["The Aviator"],
                                                                                    ["Martin Scorsese"])
    assert extract(ex, "He won praise for his role in Tony Blair's biopic.") == ([], ["Tony Blair"])


def test_will_play_names_a_role_not_a_stage_play(ex):
    assert extract(ex, "Dakota Fanning will play Fern, the girl at the centre of the story.")[0] == []
    assert extract(ex, "She starred in the play Closer at the National.")[0] == ["Closer"]


def test_a_band_named_as_a_group_here_is_not_a_show_whatever_the_votes():
    ex = EntityExtractor()
    ex.learn(["The show Westlife drew fans.", "The series Westlife ended.", "The drama Westlife won."])
    assert "Westlife" in ex.extract("", "Everyone talked about Westlife on Monday.").shows
    assert "Westlife" not in ex.extract("", "Brian McFadden quit the group Westlife in March.").shows


def test_a_name_before_the_medium_noun_describes_the_work_after_it(ex):
    """"Ray Charles biopic Ray": Ray Charles is the person the film is about, Ray the film, even in a list."""
    shows, persons = extract(ex, "The other films nominated are wine comedy Sideways, factual drama Finding "
                                 "Neverland, and Ray Charles biopic Ray.")
    assert shows == ["Sideways", "Finding Neverland", "Ray"] and persons == ["Ray Charles"]


def test_a_plural_verb_after_a_title_keeps_the_show():
    """"The History Boys are shortlisted": a plural verb vetoes a person (bands), not a show read from context."""
    ex = EntityExtractor()
    ex.learn(["The History Boys are shortlisted."] * 3)
    e = ex.extract("", "Alan Bennett's play The History Boys are shortlisted in the best play category.")
    assert e.shows == ["The History Boys"] and e.persons == ["Alan Bennett"]
    assert "Keane" not in ex.extract("", "Keane are touring with the singer Kanye West this year.").persons


def test_surname_votes_need_a_name_like_first_word():
    """The corpus knows Rock and Green as surnames; "Jailhouse Rock" (a common word first) and "Glasgow Green"
    (a place first) still are not people, while "Kanye West" is."""
    ex = EntityExtractor()
    ex.common_words = {"jailhouse"}
    ex.learn(["Actor Chris Rock spoke.", "Comedian Chris Rock joked.", "Singer Kid Rock sang.",
              "Actress Eva Green smiled.", "Actor Seth Green laughed.", "Rapper Kanye West spoke.",
              "Singer Adam West sang.", "Actor Dominic West sang."]
             + [f"The gig in Glasgow sold out, night {i}." for i in range(3)])
    text = "Chart-toppers came with Jailhouse Rock on Glasgow Green, and Kanye West cheered."
    assert ex.extract("", text).persons == ["Kanye West"]


def test_a_band_named_here_is_not_a_mononym_person_by_votes():
    ex = EntityExtractor()
    ex.learn(["Fans love the rapper Coldplay.", "Fans saw the rapper Coldplay.", "Fans met the rapper Coldplay."])
    assert "Coldplay" in ex.extract("", "Fans cheered Coldplay at the arena.").persons
    assert "Coldplay" not in ex.extract("", "Fans cheered Coldplay. Coldplay have announced a tour.").persons


def test_the_possessive_opening_of_a_title_is_not_a_person():
    ex = EntityExtractor()
    ex.learn(["Fans love the rapper Howl.", "Fans saw the rapper Howl.", "Fans met the rapper Howl."])
    assert "Howl" in ex.extract("", "Everyone talked about Howl on Monday.").persons
    e = ex.extract("Howl helps boost Japan's cinemas",
                   "The surge was led by animated movie Howl's Moving Castle, the biggest film in Japan.")
    assert e.shows == ["Howl's Moving Castle"] and "Howl" not in e.persons


def test_title_case_headlines_are_read_with_their_small_words_in_lower_case(ex):
    """HuffPost-style headlines capitalise every word; function words and headline verbs are not names."""
    from indexer.entities.mentions import _decapitalise_headline

    assert _decapitalise_headline("Wayne Brady Is In Quarantine With His Ex-Wife And Her Boyfriend") == \
        "Wayne Brady is in Quarantine with his Ex-Wife and her Boyfriend"
    assert _decapitalise_headline("Kim Kardashian Says 'Taken Out Of Context'") == \
        "Kim Kardashian says 'Taken Out Of Context'"  # a quoted title keeps its words
    assert ex.extract("Chrissy Metz Says She Was Abused By Her Stepfather As A Teen", "").persons == ["Chrissy Metz"]
    assert ex.extract("Seth Rogen Says Stormy Daniels Told Him About The Affair", "").persons == \
        ["Seth Rogen", "Stormy Daniels"]
    assert ex.extract("Jennifer Lawrence Is In A Full-Blown Feud With A Reality TV Star", "").persons == \
        ["Jennifer Lawrence"]


def test_in_a_book_article_titles_after_an_authors_possessive_are_books(ex):
    text = ("The novel prize went to Philip Roth's The Plot Against America, a book about fiction and the author's "
            "life. Other novels and books shortlisted were by poets; the publisher of Mountain: New Poems said "
            "the literary world was pleased.")
    shows, persons = extract(ex, text)
    assert shows == [] and "Philip Roth" in persons
    film = "The film prize went to Martin Scorsese's The Aviator, a movie about the actor and the director."
    assert extract(ex, film)[0] == ["The Aviator"]


def test_the_before_a_plural_name_is_a_band(ex):
    persons = extract(ex, "Fans of the Beatles met the Killers. They loved the Stone Roses, said singer Joss Stone.")[1]
    assert persons == ["Joss Stone"]
    assert "Howard Hughes" in extract(ex, "The actor starred in the Howard Hughes biopic last year.")[1]


def test_a_fraction_after_a_title_belongs_to_it_unless_it_is_the_odds(ex):
    assert extract(ex, "It beat the documentary Fahrenheit 9/11 at the box office.")[0] == ["Fahrenheit 9/11"]
    assert extract(ex, "Bookmakers gave the film The Aviator 4/9 and 8/13 odds of winning.")[0] == ["The Aviator"]


def test_a_weekday_night_title_is_not_split_into_a_day_and_a_person(ex):
    from indexer.entities.mentions import split_before_first_name

    # "Night" is in the first-name list: without the rule, "Night Live" would be a person candidate
    assert split_before_first_name(["Saturday", "Night", "Live"], set()) == [["Saturday", "Night", "Live"]]
    assert extract(ex, "She appeared on Saturday Night Live last week.") == (["Saturday Night Live"], [])
    assert extract(ex, "On Saturday Tony Blair said no.")[1] == ["Tony Blair"]


def test_first_names_are_the_dictionarys_names():
    """Our direct read of gender-guesser's file gives exactly the names its own Detector knows."""
    import gender_guesser.detector as gd

    from indexer.entities.names import _first_names, is_first_name

    assert _first_names() == frozenset(gd.Detector(case_sensitive=False).names)
    assert is_first_name("Diego") and is_first_name("Jean-Pierre") and not is_first_name("Netflix")
    assert not is_first_name("DEA") and not is_first_name("diego")


def test_the_parsed_name_list_is_cached_and_a_damaged_cache_is_parsed_again(monkeypatch, tmp_path):
    from indexer.entities import names as entities

    monkeypatch.setenv("MARQUEE_CACHE_DIR", str(tmp_path / "cache"))
    entities._first_names.cache_clear()
    try:
        parsed = entities._first_names()
        (cached,) = (tmp_path / "cache").iterdir()
        assert cached.read_text(encoding="utf-8").split("\n", 1)[0] == str(len(parsed))
        entities._first_names.cache_clear()
        assert entities._first_names() == parsed  # read back from the cache file
        cached.write_text("61306\nanna\nbob", encoding="utf-8")  # damaged: the count does not match
        entities._first_names.cache_clear()
        assert entities._first_names() == parsed and cached.read_text(encoding="utf-8").count("\n") == len(parsed)
        monkeypatch.setenv("MARQUEE_CACHE_DIR", str(cached))  # a file where a folder should be: cannot cache
        entities._first_names.cache_clear()
        assert entities._first_names() == parsed
    finally:
        entities._first_names.cache_clear()


def test_a_missing_name_dictionary_does_not_crash_extraction(monkeypatch):
    """No dictionary file: no first-name signal, but extraction still runs and finds what other signals show."""
    from importlib import resources

    from indexer.entities import names as entities

    def missing(_package):
        raise FileNotFoundError("nam_dict.txt")

    monkeypatch.setattr(resources, "files", missing)
    entities._first_names.cache_clear()
    entities.is_first_name.cache_clear()
    try:
        assert entities._first_names() == frozenset()
        e = EntityExtractor().extract("", "The actress Doris Day starred in the film Calamity Jane.")
        assert "Calamity Jane" in e.shows
    finally:
        monkeypatch.undo()
        entities._first_names.cache_clear()
        entities.is_first_name.cache_clear()
    assert entities.is_first_name("Diego")


@pytest.mark.parametrize("name, ok", [("Game of Thrones", True), ("Game Of Thrones", False),
                                      ("Star Wars: The Last Jedi", True), ("A Star Is Born", True),
                                      ("Once Upon a Time in Hollywood", True), ("Once Upon A Time In Hollywood", False),
                                      ("The Lord of the Rings", True), ("Narcos", True)])
def test_in_title_style(name, ok):
    assert in_title_style(name) is ok


def test_facet_label_prefers_title_style_for_shows_only():
    assert facet_label("show", Counter({"Game Of Thrones": 25, "Game of Thrones": 7})) == "Game of Thrones"
    assert facet_label("show", Counter({"The Crown": 2, "Crown": 5})) == "Crown"  # both in title style: count decides
    assert facet_label("person", Counter({"Robert De Niro": 4, "Robert de Niro": 1})) == "Robert De Niro"


def test_a_headline_run_is_cut_to_the_name_the_corpus_knows():
    votes = Votes(person=Counter({"jimmy kimmel": 5, "donald trump": 40, "donald trump jr": 1}),
                  surname=Counter({"black": 3, "suggests": 2}))
    # as the corpus writes them: "Black" mostly capitalised (a surname), "suggests" mostly in lower case
    common = lower_case_words(Counter({"taunts": 1, "recovering": 5, "black": 2, "Black": 30, "mocks": 1,
                                       "suggests": 9, "Suggests": 12}))
    def cut(display: str) -> str:
        return headline_name(display.lower(), display, votes, common, common.mostly)[1]

    assert headline_name("jimmy kimmel taunts", "Jimmy Kimmel Taunts", votes, common, common.mostly) \
        == ("jimmy kimmel", "Jimmy Kimmel")
    # not cut: a suffix, a surname the corpus knows, a word never written in lower case, a name voted for itself
    assert cut("Donald Trump Jr") == "Donald Trump Jr"
    assert cut("Donald Trump Jr Mocks") == "Donald Trump Jr Mocks"
    assert cut("Dustin Lance Black") == "Dustin Lance Black"
    assert cut("Sally Ann Howes") == "Sally Ann Howes"
    # no corpus votes for the name: after a first name and one word, words also written in lower case go
    assert cut("Larry King Recovering") == "Larry King"
    # headline runs vote for their last word as a surname ("Hugh Hewitt Suggests", "Mike Pence Suggests"): a word
    # the corpus mostly writes in lower case goes all the same
    assert cut("Hugh Hewitt Suggests") == "Hugh Hewitt"


def test_words_mostly_written_in_lower_case():
    vocab = Counter({"gun": 30, "Gun": 40, "control": 9, "Control": 2, "smith": 1, "Smith": 70, "black": 10,
                     "Black": 90, "rare": 2})
    common = lower_case_words(vocab)
    assert common == {"gun", "control", "smith", "black", "rare"}
    assert common.mostly == {"gun", "control"}  # "smith" and "rare": too few; "black": under a fifth of its uses
    assert headline_phrase("gun control", common.mostly) and not headline_phrase("gun smith", common.mostly)
    assert not headline_phrase("gun", common.mostly)  # one word: a line-up of players also reads as a headline
    assert not headline_phrase("gun control", frozenset())  # a plain set of words has no counts to go by


def test_huffpost_headline_names_lose_their_verbs(service):
    """HuffPost headlines capitalise every word: the verb after a name is not part of it (real corpus votes)."""
    kimmel = service.article("huffpost-001685").persons  # "Jimmy Kimmel Taunts ‘Idiot’ Jan. 6 Rioter ..."
    assert "Jimmy Kimmel" in kimmel and not any(p.startswith("Jimmy Kimmel ") for p in kimmel)
    assert "Donald Trump Jr." in service.article("huffpost-002383").persons  # "Donald Trump Jr. Mocks Texas ..."
    # "Biden Announces New Gun Control Rule, ATF Nominee": a capitalised phrase, not a person
    assert "Gun Control" not in service.article("huffpost-000865").persons
    assert "Red Carpet" not in service.article("huffpost-002010").persons  # "... Make Their Red Carpet Debut ..."
    assert {"Kourtney Kardashian", "Travis Barker"} <= set(service.article("huffpost-002010").persons)


def test_a_run_stopped_by_an_abbreviated_title_is_no_person(service):
    """"Oregon Gov. Kate Brown": the full stop ends the run at "Gov"; "Oregon Gov" is not a person."""
    persons = service.article("huffpost-002287").persons
    assert "Kate Brown" in persons and not any(p.endswith(" Gov") for p in persons)
    persons = service.article("huffpost-009304").persons  # "... Charge Against Missouri Gov. Eric Greitens"
    assert "Eric Greitens" in persons and "Missouri Gov" not in persons


def test_a_word_mostly_written_in_lower_case_is_not_a_person_for_being_listed_beside_people(service):
    """"Martin Scorsese for The Aviator, Michael Mann for Collateral": the list has people in it, but the corpus
    writes "collateral" in lower case too (and "Paul Duncan, Former Notre Dame Star And NFL Player, Dead at 35")."""
    persons = service.article("bbc-00701").persons
    assert "Michael Mann" in persons and "Collateral" not in persons and "Monster" not in persons
    assert "Dead" not in service.article("huffpost-000330").persons


def test_a_headline_colon_attributes_it_does_not_title(service):
    """"Liz Cheney: Trump's Latest Jan. 6 Comments Show He 'Would Do This All Again'": a speaker and her words;
    a Title Case headline quotes its titles ('Game Of Thrones'), so a bare colon there makes no show (the quoted
    programme in the teaser is one)."""
    art = service.article("huffpost-001247")
    assert art.shows == ["NBC Nightly News"] and "Liz Cheney" in art.persons
    assert service.article("huffpost-000055").shows == []  # "... Misinformation: Report"


def test_a_name_the_corpus_mostly_writes_as_a_place_is_no_show(service):
    """"in Europe", "across Europe" in three or more articles, and more often than in show contexts: a place."""
    assert "Europe" not in service.article("bbc-00117").shows
    assert "Trump" not in service.article("huffpost-003983").shows


def test_a_name_after_the_is_a_band_not_a_person(ex):
    # "The" is in the given-name dictionary; in English text it never opens a person's name
    _, persons = extract(ex, "The quirky disco-rock band beat The Red Hot Chili Peppers, who came second. "
                             "Fans also cheered The Stone Roses on the night.")
    assert persons == []


def test_and_the_inside_a_run_starts_a_second_title(ex):
    shows, _ = extract(ex, "The broadcaster's share of the audience rose on television. Other successes such as "
                           "Celebrity Big Brother and The Simpsons helped the channel.")
    assert {"Celebrity Big Brother", "The Simpsons"} <= set(shows)


def test_a_band_owning_a_known_person_is_no_person(ex):
    _, persons = extract(ex, "The gig featured performances by REM, Razorlight and Coldplay's Chris Martin. "
                             "The band played their album and the singer sang a song on the tour.")
    assert "Chris Martin" in persons and "Coldplay" not in persons


def test_a_function_word_common_as_a_surname_closes_a_name(ex):
    _, persons = extract(ex, "The release was blocked by Courtney Love, the widow of the singer Kurt Cobain.")
    assert {"Courtney Love", "Kurt Cobain"} <= set(persons)


def test_a_descriptor_before_a_confident_name_is_no_show(ex):
    shows, persons = extract(ex, "Other celebrities to walk out of a reality show include Sex Pistol John Lydon "
                                 "and a former actress.")
    assert "John Lydon" in persons and not any("Lydon" in s for s in shows)


def test_a_nominees_work_after_their_name_is_a_show(ex):
    shows, persons = extract(ex, "The film awards will be held in March at a cinema, with the director and actor "
                                 "prizes. Other nominees include Bill Condon for Kinsey and the actress Imelda "
                                 "Staunton for her role in the drama.")
    assert "Kinsey" in shows and "Bill Condon" in persons


def test_listed_titles_join_across_small_words_and_a_plurals_apostrophe(ex):
    shows, _ = extract(ex, "She played the part of Matron in ITV drama Footballers' Wives. The low-budget feature "
                           "Diary of a Mad Black Woman stars Kimberly Elise.")
    assert {"Footballers' Wives", "Diary of a Mad Black Woman"} <= set(shows)


def test_a_role_word_opening_a_listed_title_stays_in_it(ex):
    shows, persons = extract(ex, "She is working on a feature film with the Dogville and Dancer In The Dark director "
                                 "Lars Von Trier.")
    assert "Dancer In The Dark" in shows and "Lars Von Trier" in persons


def test_a_gameshow_and_a_named_show(ex):
    shows, _ = extract(ex, "He endeared himself to viewers in shows such as Channel 4's gameshow Don't Forget Your "
                           "Toothbrush, and kept a print from the Benny Hill Show.")
    assert {"Don't Forget Your Toothbrush", "Benny Hill Show"} <= set(shows)


def test_a_trade_show_is_no_show(ex):
    shows, _ = extract(ex, "Gadget makers showed new phones at the Consumer Electronics Show in Las Vegas.")
    assert shows == []


def test_a_headline_verb_after_a_one_word_name_is_cut():
    common = lower_case_words(Counter({"battle": 9, "Battle": 2, "banned": 5, "Rock": 40, "rock": 20}))
    votes = Votes(person=Counter({"chris rock": 9}), surname=Counter({"rock": 9}))
    assert headline_verb_after("nelly battle", votes, common.mostly)
    assert headline_verb_after("roseanne banned", votes, common.mostly)
    assert not headline_verb_after("chris rock", votes, common.mostly)  # a surname the corpus knows
    assert not headline_verb_after("nelly battle", Votes(person=Counter({"nelly battle": 2})), common.mostly)


def test_surnames_are_learnt_from_names_in_the_text_not_in_title_case_headlines():
    ex = EntityExtractor()
    votes = ex.votes_of(ex.candidates("Ludacris And Nelly Battle It Out On Instagram Live",
                                      "The actor Jane Foster Smith said so."))
    assert votes.surname.get("battle", 0) == 0 and votes.surname.get("smith", 0) == 1


def test_a_mononym_the_corpus_seldom_writes_in_lower_case():
    ex = EntityExtractor()
    ex.learn(["The singer Usher won.", "The rapper Usher sang.", "The star Usher danced.", "An usher waved."])
    ex.common_words = lower_case_words(Counter({"usher": 1, "Usher": 30}))
    assert "Usher" in ex.extract("", "Prizes went to Usher and to the band.").persons
    ex.common_words = lower_case_words(Counter({"usher": 12, "Usher": 30}))
    assert "Usher" not in ex.extract("", "Prizes went to Usher and to the band.").persons


def test_a_part_an_actor_plays_is_a_character(ex):
    _, persons = extract(ex, "Other TV appearances included the part of Matron in a hospital drama. She played "
                             "Nellie in a film last year. The band will play Wembley.")
    assert {"Matron", "Nellie"} <= set(persons) and "Wembley" not in persons


def test_a_name_ending_in_a_plural_word_no_census_surname_is_a_band():
    ex = EntityExtractor()
    ex.common_words = lower_case_words(Counter({"heads": 40, "keys": 30, "banks": 20}))
    text = ("The singer Alicia Keys, the model Tyra Banks and the rock legends Talking Heads met the press. "
            "Alicia Keys said hello.")
    persons = ex.extract("", text).persons
    assert {"Alicia Keys", "Tyra Banks"} <= set(persons) and "Talking Heads" not in persons


def test_a_full_name_paired_with_a_confident_person_is_a_person(ex):
    _, persons = extract(ex, "The short film beat films by fellow UK nominees Gary McKendry and Ashvin Kumar to the "
                             "prize. Joy Division.Those fans cheered.")
    assert {"Gary McKendry", "Ashvin Kumar"} <= set(persons) and not any("Those" in p for p in persons)


def test_full_names_listed_beside_a_confident_person_are_persons(ex):
    _, persons = extract(ex, "The contestants with the lowest public vote perform again. Rowetta Satchell, Steve "
                             "Brookstein, Tabby Callaghan and group G4 are the remaining finalists.")
    assert {"Rowetta Satchell", "Steve Brookstein", "Tabby Callaghan"} <= set(persons)


def test_the_work_a_prize_category_is_won_for_is_a_show(ex):
    shows, _ = extract(ex, "The critics named Rebecca Lenkiewicz its most promising playwright for The Night "
                           "Season, and the stage designer won the design award for Paper Lanterns. The theatre "
                           "prize for Best Musical went to a revival.")
    assert {"The Night Season", "Paper Lanterns"} <= set(shows) and "Best Musical" not in shows


def test_a_people_and_a_day_are_no_shows_whatever_titles_bear_their_names(ex):
    shows, _ = extract(ex, "For weeks Asian Americans have questioned how to deal with the assaults. The best Black "
                           "Friday deals are here. Bollywood film Black Friday, about the Mumbai bombs, was delayed.")
    assert shows == ["Black Friday"]


def test_a_channels_possessive_names_its_programme_or_its_reporter(ex):
    shows, _ = extract(ex, "The rival show proved a ratings flop, while NBC's The Contender is due to begin in "
                           "February, and she appeared in ITV's King of Fridges.")
    assert "The Contender" in shows and "King of Fridges" in shows
    shows, _ = extract(ex, "Ross, who is the presenter of BBC One's Film 2005, was also on the panel.")
    assert shows == ["Film 2005"]
    shows, persons = extract(ex, "The BBC's Jonathan Beale reported from the city, and NBC's Seth Meyers joked "
                                 "about it later.")
    assert {"Jonathan Beale", "Seth Meyers"} <= set(persons) and not shows


def test_a_pronouns_contraction_is_never_a_title_on_its_own(ex):
    shows, _ = extract(ex, "Jennie Bond was named the winner of ITV's I'm a Celebrity Get Me Out of Here.")
    assert "I'm" not in shows


def test_a_ceremony_named_with_lower_case_awards_after_an_outlets_word(ex):
    """"Bafta" alone is no entity (a prize's maker), but "the Bafta film awards" is the ceremony, even at the start
    of a sentence; three prizes are no ceremony."""
    shows, _ = extract(ex, "At the Bafta film awards on Saturday night, a home-grown movie could win.")
    assert shows == ["Bafta film awards"]
    shows, _ = extract(ex, "The film went on to win three Bafta awards and a prize in Venice.")
    assert shows == []


def test_quoted_titles_keep_their_possessive_and_close_before_a_full_stop(ex):
    shows, _ = extract(ex, "Judge Gabrielle Union said the winning act has changed the world.",
                       "Kodi Lee Wins 'America's Got Talent' Season 14")
    assert shows == ["America's Got Talent"]
    shows, _ = extract(ex, "He won an Oscar after he starred in \"The Theory of Everything.\"")
    assert shows == ["The Theory of Everything"]
    shows, _ = extract(ex, "\"Ditto.\" That was all she said at the funeral.")
    assert shows == []
    # a contraction's apostrophe closes a quote: a quoted sentence in a headline is no title
    shows, persons = extract(ex, "The president joked at the closed-door event.",
                             "Trump Says He 'Won't Rule Out Direct Talks With Kim Jong Un'")
    assert "Kim Jong Un" in persons and not shows


def test_an_abbreviation_tied_to_a_title_weighs_as_the_title(ex):
    shows, _ = extract(ex, "Will Ferrell's Tom Steyer, meanwhile, is running.",
                       "Fred Armisen's Bloomberg Crashes Hilarious 'SNL' Dem Debate")
    assert shows == ["SNL"]


def test_title_case_headlines_give_up_the_names_run_into_their_words(ex):
    _, persons = extract(ex, "The host counted down the controversies.",
                         "This Countdown Of Donald Trump's 100 Worst Scandals Is 'Exhausting'")
    assert persons == ["Donald Trump"]
    # after a known name and the headline's verb, a full name the lists do not hold
    _, persons = extract(ex, "Are you looking to spend money you don't have?",
                         "Trevor Noah Skewers Betsy DeVos With Fake University Ad")
    assert persons == ["Trevor Noah", "Betsy DeVos"]


def test_a_band_word_after_a_name_makes_it_a_band_but_a_duo_before_two_names_does_not(ex):
    shows, persons = extract(ex, "Oasis singer Liam Gallagher has been fined after a fight in a hotel.",
                             "Oasis star fined for brawl")
    assert "Oasis" not in shows and "Oasis" not in persons and "Liam Gallagher" in persons
    _, persons = extract(ex, "Ice skating duo Jayne Torvill and Christopher Dean are to front a show.")
    assert persons == ["Jayne Torvill", "Christopher Dean"]


def test_a_firm_named_after_its_noun_is_no_person(ex):
    _, persons = extract(ex, "According to bookmaker Ladbrokes, John McCririck was the favourite to leave.")
    assert persons == ["John McCririck"]


def test_pruned_votes_decide_as_the_full_ones():
    """A parallel build sends its workers the corpus votes without the names seen once: every decision reads
    the same from them."""
    import json

    from .conftest import BBC

    ex = EntityExtractor()
    texts = []
    with open(BBC, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("category") == "entertainment":
                texts.append((r["title"], r["text"]))
    cands = [ex.candidates(t, b) for t, b in texts]
    full = Votes()
    for c in cands:
        ex.votes_of(c, full)
    pruned = Votes()
    pruned.merge(full)
    pruned.prune()
    assert len(pruned.seen) < len(full.seen) / 10 and len(pruned.person) < len(full.person)
    ex.votes = full
    before = [ex.entities(c) for c in cands]
    ex.votes = pruned
    assert [ex.entities(c) for c in cands] == before


def test_a_noun_after_a_name_counts_with_its_possessive(ex):
    shows, persons = extract(ex, "The film is the favourite. Empire magazine's reviews editor Dan Jolin said so.")
    assert shows == [] and persons == ["Dan Jolin"]


def test_a_listed_title_before_and_is_cut_from_the_next(ex):
    shows, _ = extract(ex, "The film is a favourite. Strong Oscar contenders Million Dollar Baby and Sideways did "
                           "not figure in the nominations for the film awards.")
    assert {"Million Dollar Baby", "Sideways"} <= set(shows)


def test_a_title_in_apposition_to_its_medium_is_a_show(ex):
    shows, _ = extract(ex, "Channels refuse to run the promotional material for the film, Sins, ahead of its "
                           "release on Friday.")
    assert shows == ["Sins"]


def test_a_countrys_version_of_a_listed_title_is_the_title(ex):
    shows, _ = extract(ex, "The British producers of US Wife Swap are taking legal action against a rival show.")
    assert shows == ["Wife Swap"]


def test_one_ceremony_under_two_of_its_names_is_listed_once_in_its_fullest_form(ex):
    shows, _ = extract(ex, "At the Bafta film awards on Saturday night, a home-grown movie could win. It will be a "
                           "big night at the Baftas.")
    assert shows == ["Bafta film awards"]


def test_nominations_for_a_ceremony_are_a_prize_not_the_night(ex):
    shows, _ = extract(ex, "The band were big winners at the Meteor Awards. It followed nominations for the "
                           "Brit Awards and a tour.")
    assert shows == ["Meteor Awards"]


def test_a_plurals_apostrophe_inside_a_ceremonys_name(ex):
    shows, _ = extract(ex, "The play was named best new play in the Critics' Circle Theatre Awards. Ireland's "
                           "Meteor Awards were held later.")
    assert "Critics' Circle Theatre Awards" in shows
    assert not any(s.startswith("Ireland") for s in shows)


def test_a_name_after_a_possessive_is_no_work_of_its_owner(ex):
    _, persons = extract(ex, "The play won awards and Festen's Rufus Norris was named best director at the theatre.")
    assert "Rufus Norris" in persons and "Festen" not in persons


def test_a_contraction_is_no_possessive_inside_a_title(ex):
    text = "Judi Dench was best supporting actress for the RSC's All's Well That Ends Well."
    assert [display(m.tokens) for m in mentions_in(text)][-2:] == ["RSC", "All's Well That Ends Well"]
    shows, _ = extract(ex, "He criticised quiz shows like the BBC's They Think It's All Over.")
    assert shows == ["They Think It's All Over"]


def test_a_contraction_in_a_title_case_headline_ends_the_name_before_it(ex):
    shows, _ = extract(ex, "A popular movie joins the service.", "What To Watch On Amazon Prime That’s New This Week")
    assert not any("That" in s for s in shows)


def test_a_capitalised_for_between_a_name_and_a_listed_title_parts_them(ex):
    shows, persons = extract(ex, "The film awards honour films, actors and directors. Mike Leigh will compete for "
                                 "the British film prize with Roger Michell For Enduring Love and Shane Meadows for "
                                 "Dead Man's Shoes.")
    assert "Enduring Love" in shows and "Roger Michell" in persons
    assert not any("For" in s for s in shows)


def test_the_makers_of_listed_titles_name_the_titles_as_one_list():
    """Ordinary words as one-word titles need evidence beyond the lists: here, their makers and their list."""
    ex = EntityExtractor()
    ex.common_words = lower_case_words(Counter({"bodies": 60, "Bodies": 4, "hustle": 9, "shameless": 7}))
    text = ("In the TV categories, comedy series Early Doors will compete for the best directing award, while the "
            "directors of Shameless, Hustle and Bodies are all nominated for the television prize.")
    assert {"Shameless", "Hustle", "Bodies"} <= set(ex.extract("", text).shows)
    text = "The company said the director of T-Mobile, a firm in Bonn, will resign."
    assert ex.extract("", text).shows == []


def test_a_listed_title_joins_across_an_ellipsis(ex):
    shows, _ = extract(ex, "Three stars left the reality TV show I'm A Celebrity... Get Me Out Of Here last year.")
    assert shows == ["I'm A Celebrity... Get Me Out Of Here"]


def test_a_list_with_a_confident_person_spreads_no_show_reading(ex):
    shows, persons = extract(ex, "The TikTok star was interrogated over lunch with Kim, Khloe, Kris, Kendall, Scott "
                                 "Disick and Corey Gamble about her friendship.", "Kim Grills Addison Rae In 'KUWTK' Clip")
    assert "Corey Gamble" in persons
    assert not {"Khloe", "Kris", "Kendall"} & set(shows)


def test_a_firms_noun_opening_a_sentence_makes_the_name_a_firm_here_and_across_the_corpus():
    ex = EntityExtractor()
    text = "The novel is the favourite. Bookmaker William Hill has placed it at 6/4 to win."
    assert "William Hill" not in ex.extract("", text).persons
    ex.learn([text, "Bookmaker William Hill closed the book on the contest."])
    assert "William Hill" not in ex.extract("", "The odds at William Hill shortened on Friday.").persons


@pytest.mark.parametrize("key, other_votes, text, kind", [
    # "former Westlife star": a name the corpus calls a band as often as a show is no show
    ("westlife", ("show", 2), "The duet from former Westlife star Brian McFadden went in at three.", "shows"),
    # "Keane are ...": a mononym the corpus calls a band is no person
    ("keane", ("person", 7), "The third prize went to Keane for their gig.", "persons"),
])
def test_a_name_the_corpus_calls_a_band(key, other_votes, text, kind):
    ex = EntityExtractor()
    getattr(ex.votes, other_votes[0]).update({key: other_votes[1]})
    ex.votes.band.update({key: 3})
    assert key.title() not in getattr(ex.extract("", text), kind)
    ex.votes.band.clear()
    assert key.title() in getattr(ex.extract("", text), kind)


def test_a_full_name_before_its_song_or_book_is_the_maker(ex):
    _, persons = extract(ex, "Lemar and Jamelia performed the Robert Palmer track Addicted To Love at the show. "
                             "The only other new entry came from Robbie Williams track Misunderstood.")
    assert {"Robert Palmer", "Robbie Williams"} <= set(persons)


def test_a_weak_list_cue_does_not_make_a_show_of_a_name_the_corpus_calls_a_person():
    ex = EntityExtractor()
    ex.votes.person.update({"susan fletcher": 2})
    text = ("The novel prize shortlist is out. The other contenders include Susan Fletcher for Eve Green, which "
            "won the first novel prize.")
    e = ex.extract("", text)
    assert "Susan Fletcher" in e.persons and "Susan Fletcher" not in e.shows


def test_an_ordinary_word_dropped_from_a_sentence_start_stays_the_names_context(ex):
    shows, _ = extract(ex, "Movies Open Water and Saw are among the movies to be made available for the console.")
    assert {"Open Water", "Saw"} <= set(shows)
