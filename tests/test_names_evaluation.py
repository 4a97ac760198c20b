"""The readers of the public NER corpora and the PERSON scoring, on small files written here in the corpora's formats."""
from __future__ import annotations

import json
from pathlib import Path

from evaluation import ner_corpora
from evaluation.names_public import inflected_mentions, score
from evaluation.train_names import blocks

ESTNER = {"documents": [{"sentences": [
    {"words": [
        {"word": "Andrus", "ner_1": "B-PER", "ner_2": "O"}, {"word": "Ansip", "ner_1": "I-PER", "ner_2": "O"},
        {"word": "ütles", "ner_1": "O", "ner_2": "O"}, {"word": ",", "ner_1": "O", "ner_2": "O"},
        {"word": "et", "ner_1": "O", "ner_2": "O"}, {"word": "Miina", "ner_1": "B-ORG", "ner_2": "B-PER"},
        {"word": "Härma", "ner_1": "I-ORG", "ner_2": "I-PER"}, {"word": "gümnaasium", "ner_1": "I-ORG", "ner_2": "O"},
        {"word": "(", "ner_1": "O", "ner_2": "O"}, {"word": "Tartu", "ner_1": "B-GPE", "ner_2": "O"},
        {"word": ")", "ner_1": "O", "ner_2": "O"}, {"word": "on", "ner_1": "O", "ner_2": "O"},
        {"word": "hea", "ner_1": "O", "ner_2": "O"}, {"word": ".", "ner_1": "O", "ner_2": "O"}]},
    {"words": [{"word": "Ansipi", "ner_1": "B-PER"}, {"word": "sõnul", "ner_1": "O"}, {"word": "jah", "ner_1": "O"}]},
]}]}

CONLL = """-DOCSTART- -X- -X- O

EU NNP B-NP I-ORG
rejects VBZ B-VP O
Peter NNP B-NP I-PER
Blackburn NNP I-NP I-PER
John NNP I-NP B-PER
's POS B-NP O
call NN I-NP O
. . O O

-DOCSTART- -X- -X- O

Blackburn NNP B-NP I-PER
said VBD B-VP O
"""


def test_estner_documents_read_as_text_with_person_spans(tmp_path):
    path = tmp_path / "estner.json"
    path.write_text(json.dumps(ESTNER), encoding="utf-8")
    (document,) = ner_corpora.read_estner(path)
    assert document.text == "Andrus Ansip ütles, et Miina Härma gümnaasium (Tartu) on hea.\nAnsipi sõnul jah"
    assert [document.text[m.start:m.end] for m in document.persons] == ["Andrus Ansip", "Ansipi"]
    assert [m.words for m in document.persons] == [2, 1]
    assert [document.text[a:b] for a, b in document.ignored] == ["Miina Härma"]  # a name inside a school's name


def test_conll_iob1_tags_and_documents(tmp_path):
    path = tmp_path / "conll.txt"
    path.write_text(CONLL, encoding="utf-8")
    first, second = ner_corpora.read_conll(path)
    assert first.text == "EU rejects Peter Blackburn John's call."
    # IOB1: I-PER I-PER is one name; B-PER starts the next one right after it.
    assert [first.text[m.start:m.end] for m in first.persons] == ["Peter Blackburn", "John"]
    assert [second.text[m.start:m.end] for m in second.persons] == ["Blackburn"]


def test_scoring_by_overlap_with_one_word_inflected_and_nested_names(tmp_path):
    path = tmp_path / "estner.json"
    path.write_text(json.dumps(ESTNER), encoding="utf-8")
    documents = ner_corpora.read_estner(path)
    text = documents[0].text
    assert inflected_mentions(documents) == {(documents[0].id, text.index("Ansipi"))}

    def predict(text):
        # "Ansip" (part of the full name: found), "Miina Härma" (nested: not an error), "Tartu" (an error)
        return [(text.index("Ansip"), text.index("Ansip") + 5, "PERSON"), (text.index("Miina"), text.index("Härma") + 5, "PERSON"),
                (text.index("Tartu"), text.index("Tartu") + 5, "PERSON"), (0, 2, "EMAIL_ADDRESS")]

    scores = score(documents, predict)
    assert (scores.gold, scores.found, scores.exact, scores.predicted, scores.correct) == (2, 1, 0, 2, 1)
    assert scores.share("one word") == 0.0 and scores.share("several words") == 1.0 and scores.share("inflected") == 0.0
    assert scores.precision == 0.5 and scores.recall == 0.5
    assert any("[Tartu]" in alarm for alarm in scores.false_alarms)


def test_training_blocks_cover_the_text_between_sentences():
    text = ("Lause number üks on siin. " * 300).strip()
    pieces = blocks(text, size=1000)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(end - start <= 1000 for start, end in pieces)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))


def test_training_writes_models_that_the_scanner_loads(tmp_path):
    """The whole training pipeline (both stages, four folds) on a few documents written here."""
    from evaluation.train_names import train
    import pycrfsuite

    from scanner.names.model import DocumentMemory, NameModel, attributes_file, model_attributes, model_files

    people = [("Mari", "Tamm"), ("Jaan", "Kask"), ("Tõnu", "Mägi"), ("Liis", "Saar"), ("Peeter", "Ots"), ("Anu", "Lepp")]
    corpus = {"documents": [{"sentences": [
        {"words": [{"word": first, "ner_1": "B-PER"}, {"word": last, "ner_1": "I-PER"},
                   {"word": "ütles", "ner_1": "O"}, {"word": ",", "ner_1": "O"}, {"word": "et", "ner_1": "O"},
                   {"word": "Tallinnas", "ner_1": "B-GPE"}, {"word": "sajab", "ner_1": "O"}, {"word": ".", "ner_1": "O"}]},
        {"words": [{"word": last, "ner_1": "B-PER"}, {"word": "lisas", "ner_1": "O"}, {"word": "veel", "ner_1": "O"},
                   {"word": ".", "ner_1": "O"}]},
    ]} for first, last in people]}
    path = tmp_path / "train.json"
    path.write_text(json.dumps(corpus), encoding="utf-8")
    train([(ner_corpora.read_estner(path), 2)], tmp_path / "model", "et", log=lambda *_: None)
    for stage in model_files(tmp_path / "model", "et"):  # each with the list of its attributes
        tagger = pycrfsuite.Tagger()
        tagger.open(stage)
        assert model_attributes(tagger, stage) == set(tagger.info().attributes) != set()
        assert Path(attributes_file(stage)).exists()
    model = NameModel({"et": model_files(tmp_path / "model", "et")})
    text = "Mari Tamm ütles, et Tallinnas sajab. Tamm lisas veel."
    found = [text[start:end] for start, end, probability in model.find(text, DocumentMemory()) if probability >= 0.5]
    assert "Mari Tamm" in found and "Tallinnas" not in found
