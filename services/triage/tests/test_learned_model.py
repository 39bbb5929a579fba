"""The learned model: built reproducibly, scored at run time as scikit-learn scores it, and a
missing or corrupt file is a clear error that leaves triage on the lexicons."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest
from structlog.testing import capture_logs
from typer.testing import CliRunner

from peerline_triage import training
from peerline_triage.classifier import Classifier
from peerline_triage.classifier.classifier import packaged_model_path
from peerline_triage.classifier.learned import LearnedModel, ModelError, dumps
from peerline_triage.cli import app
from peerline_triage.evaluation import Labelled
from peerline_triage.main import load_classifier
from peerline_triage.settings import TriageSettings

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "triage"
DEV_FILES = [SHARED / "dev.jsonl", SHARED / "dev2.jsonl"]

_EMERGENCIES = [
    "він не дихає, губи сині", "она не просыпается и хрипит", "he is not breathing after a shot",
    "друг посинел и не дышит", "не можу розбудити брата, хрипить", "my friend wont wake up, lips blue",
]
_OTHERS = [
    "де взяти метадон у Києві", "как получить терапию ВИЧ", "where can i get clean needles",
    "дякую за відповідь", "нужен юрист, забрали в отдел", "what is naloxone and how to use it",
]


def _records() -> list[Labelled]:
    records = []
    for voice, start in enumerate((1, 401, 701)):
        for offset, text in enumerate(_EMERGENCIES[voice * 2: voice * 2 + 2] + _EMERGENCIES[:1]):
            records.append(Labelled(f"dev-{start + offset}", f"{text} {voice}", "emergency", ("overdose",)))
        for offset, text in enumerate(_OTHERS[voice * 2: voice * 2 + 2] + _OTHERS[:2]):
            records.append(Labelled(f"dev-{start + 10 + offset}", text, "normal", ("other",)))
    records += [Labelled("dev-300", "завтра закінчується метадон, лікаря нема", "high", ("ost",)),
                Labelled("dev-600", "завтра кончается метадон, врача нет", "high", ("ost",)),
                Labelled("dev-900", "tomorrow my methadone runs out, no doctor", "high", ("ost",))]
    return records


def _jsonl(records: list[Labelled], prefix: str | None = None) -> str:
    return "".join(
        json.dumps({"id": f"{prefix}{i}" if prefix else r.id, "text": r.text, "urgency": r.urgency,
                    "topics": list(r.topics)}) + "\n"
        for i, r in enumerate(records)
    )


def _voices(records: list[Labelled]) -> list[str]:
    from peerline_triage.evaluation import voice_of

    return [voice_of(r.id) or "?" for r in records]


def test_the_same_data_builds_the_same_bytes(classifier: Classifier) -> None:
    records = _records()
    first = dumps(training.build(records, _voices(records), classifier))
    second = dumps(training.build(records, _voices(records), classifier))
    assert first == second
    meta = json.loads(gzip.decompress(first))
    assert meta["data_sha256"] == training.data_hash(records)
    assert meta["version"] == training.MODEL_VERSION


def test_run_time_scores_match_scikit_learn(classifier: Classifier) -> None:
    records = _records()
    voices = _voices(records)
    built = dumps(training.build(records, voices, classifier))
    model = LearnedModel.from_json(json.loads(gzip.decompress(built)))
    lexicon = [classifier.classify_by_lexicons(r.text) for r in records]
    examples = training.examples_from(records, voices, lexicon)
    texts = ["він не дихає", "where is the clinic", "губы синие, не дышит совсем"]
    for head in (0, 1):
        expected = training.fit_scorer(examples, ("emergency", "high")[head])(texts)
        assert [model.scores(t)[head] for t in texts] == pytest.approx(list(expected), abs=1e-4)


# Training takes 25 s of CPU: on a loaded machine it can pass the suite's 180 s limit, and a
# timeout that lands inside the solver crashes pytest's report instead of failing one test.
@pytest.mark.timeout(900)
def test_the_packaged_model_is_what_train_builds_from_the_development_sets(tmp_path: Path) -> None:
    if not all(f.is_file() for f in DEV_FILES):
        pytest.skip("development sets not available")
    rebuilt = tmp_path / "model.json.gz"
    result = CliRunner().invoke(app, ["train", *map(str, DEV_FILES), "--output", str(rebuilt)])
    assert result.exit_code == 0, result.output
    # Equal up to the last printed digit: the solver's floating-point sums differ by one unit in
    # the sixth figure between machines (seen on CI), which changes no decision.
    differences = _differences(_model_json(rebuilt), _model_json(packaged_model_path()))
    assert not differences, (
        "the committed model is not what `peerline triage train` builds: rebuild and commit it\n"
        + "\n".join(differences[:10])
    )


def _model_json(path: Path) -> object:
    return json.loads(gzip.decompress(path.read_bytes()))


def _differences(built: object, packaged: object, where: str = "") -> list[str]:
    if isinstance(built, dict) and isinstance(packaged, dict):
        if built.keys() != packaged.keys():
            return [f"{where}: keys {sorted(built.keys() ^ packaged.keys())[:5]}"]
        return [d for key in built for d in _differences(built[key], packaged[key], f"{where}/{key}")]
    if isinstance(built, list) and isinstance(packaged, list):
        if len(built) != len(packaged):
            return [f"{where}: {len(built)} against {len(packaged)} items"]
        pairs = enumerate(zip(built, packaged, strict=True))
        return [d for i, (one, other) in pairs for d in _differences(one, other, f"{where}[{i}]")]
    if isinstance(built, float) and isinstance(packaged, float):
        close = math.isclose(built, packaged, rel_tol=1e-4, abs_tol=1e-7)
        return [] if close else [f"{where}: {built} != {packaged}"]
    return [] if built == packaged else [f"{where}: {built!r} != {packaged!r}"]


def test_train_takes_extra_files_as_a_voice_of_their_own(tmp_path: Path) -> None:
    base, extra, out = tmp_path / "base.jsonl", tmp_path / "corrections.jsonl", tmp_path / "m.json.gz"
    records = _records()
    base.write_text(_jsonl(records[:10]), "utf-8")
    extra.write_text(_jsonl(records[10:], prefix="c-"), "utf-8")
    result = CliRunner().invoke(app, ["train", str(base), "--extra", str(extra), "--output", str(out)])
    assert result.exit_code == 0, result.output
    model = LearnedModel.read(out)
    assert model.meta["messages"] == len(records)
    assert model.meta["voices"] == 3  # two development voices and the corrections file


def test_train_refuses_unlabelled_lines(tmp_path: Path) -> None:
    source, out = tmp_path / "bad.jsonl", tmp_path / "m.json.gz"
    source.write_text('{"id": "x", "text": "hi", "urgency": "urgentish", "topics": ["other"]}\n', "utf-8")
    result = CliRunner().invoke(app, ["train", str(source), "--output", str(out)])
    assert result.exit_code == 1
    assert "urgency must be one of" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read"),
        (b"\x1f\x8b\x08\x00garbage", "is corrupt"),
        (b"{not json", "is corrupt"),
        (json.dumps({"format": "something-else/1"}).encode(), "not a triage model"),
        (json.dumps({"format": "peerline-triage-model/1", "tiers": {}}).encode(), "incomplete"),
    ],
)
def test_an_unusable_model_file_is_a_clear_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "model.json.gz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        LearnedModel.read(path)


def test_an_unusable_model_is_logged_and_triage_goes_on_by_the_lexicons(tmp_path: Path) -> None:
    corrupt = tmp_path / "model.json.gz"
    corrupt.write_bytes(packaged_model_path().read_bytes()[:1000])  # a truncated copy
    with capture_logs() as logs:
        classifier = load_classifier(TriageSettings(model_path=corrupt))
    errors = [entry for entry in logs if entry["event"] == "triage.model_unusable"]
    assert errors and errors[0]["log_level"] == "error" and errors[0]["fallback"] == "lexicons"
    assert "corrupt" in errors[0]["error"]
    result = classifier.classify("мій друг не дихає, губи сині")
    assert (result.urgency, result.first_aid) == ("emergency", True)
    assert classifier.classify("дякую").urgency == "low"


def test_the_packaged_model_loads_with_its_version(classifier: Classifier) -> None:
    assert classifier.model_error is None and classifier.learned is not None
    assert classifier.learned.version == training.MODEL_VERSION
    assert len(classifier.learned.meta["data_sha256"]) == 64
