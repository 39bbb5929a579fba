"""The two emergency tiers: how the lexicon verdict and the learned score combine."""

from __future__ import annotations

from dataclasses import replace

from peerline_triage.classifier import Classification, Signal
from peerline_triage.classifier.learned import Assessment, LearnedModel, Tiers
from peerline_triage.classifier.tiers import combine, lexicons_only

TIERS = Tiers(possible=0.4, agree=0.2, strong=0.8, high=0.7, topic=0.5)


class _Model(LearnedModel):
    """A model whose score is given: the tiers' rules alone are under test here."""

    def __init__(self, probability: float, high: float = 0.0, topic: tuple[str, float] | None = None) -> None:
        super().__init__({"w:x": (1.0, 1.0, 1.0)}, (0.0, 0.0), TIERS, {"version": "9"})
        self.probability, self.high, self.topic = probability, high, topic

    def assess(self, text: str) -> Assessment:
        topic, sure = self.topic or (None, 0.0)
        return Assessment(self.probability, self.high, topic, sure)

    def strongest(
        self, text: str, limit: int = 3, head: str = "emergency", assessed: Assessment | None = None
    ) -> tuple[str, ...]:
        return ("не", "дихає")


def _lexicon(urgency: str, kind: str | None = None, modifiers: tuple[str, ...] = ()) -> Classification:
    signals = tuple(Signal(f"mod.{m}", "modifier", m, ("w",), 0.0) for m in modifiers)
    return Classification(urgency=urgency, topics=("overdose",), lang="uk", confidence=0.7,  # type: ignore[arg-type]
                          signals=signals, emergency_kind=kind)  # type: ignore[arg-type]


def _combine(urgency: str, probability: float, kind: str | None = None,
             modifiers: tuple[str, ...] = (), high: float = 0.0) -> Classification:
    return combine(_lexicon(urgency, kind, modifiers), "не дихає", _Model(probability, high))


def test_lexicon_and_model_agree_is_certain() -> None:
    result = _combine("emergency", 0.3, "overdose")
    assert (result.urgency, result.first_aid, result.emergency_kind) == ("emergency", True, "overdose")


def test_lexicon_alone_against_the_model_is_only_possible() -> None:
    result = _combine("emergency", 0.1, "overdose")
    assert (result.urgency, result.first_aid) == ("emergency", False)
    model = [s for s in result.signals if s.cue == "model/9"]
    assert model and model[0].label == "normal" and model[0].weight == 0.1


def test_the_model_alone_makes_a_possible_emergency_and_says_why() -> None:
    result = _combine("normal", 0.5)
    assert (result.urgency, result.first_aid, result.emergency_kind) == ("emergency", False, "other")
    first = result.signals[0]
    assert (first.cue, first.kind, first.label) == ("model/9", "urgency", "emergency")
    assert first.words == ("не", "дихає")


def test_a_very_sure_model_is_certain_on_its_own() -> None:
    assert _combine("high", 0.9).first_aid is True


def test_a_danger_the_lexicons_see_as_over_is_at_most_possible() -> None:
    result = _combine("high", 0.95, modifiers=("resolved",))
    assert (result.urgency, result.first_aid) == ("emergency", False)
    assert _combine("emergency", 0.95, "overdose", modifiers=("recent_past",)).first_aid is True


def test_below_every_threshold_nothing_changes() -> None:
    result = _combine("high", 0.39)
    assert (result.urgency, result.first_aid, result.signals) == ("high", False, ())  # no model signal


def test_the_second_head_lifts_normal_and_low_to_high_only() -> None:
    lifted = _combine("normal", 0.1, high=0.75)
    assert (lifted.urgency, lifted.signals[0].label, lifted.signals[0].weight) == ("high", "high", 0.75)
    assert _combine("low", 0.1, high=0.69).urgency == "low"
    assert _combine("high", 0.1, high=0.99).signals == ()
    assert _combine("normal", 0.5, high=0.99).urgency == "emergency"  # the emergency head first


def test_a_sure_topic_head_leads_the_topics() -> None:
    lexicon = _lexicon("normal")  # topics ("overdose",)
    led = combine(lexicon, "x", _Model(0.1, topic=("hiv", 0.6)))
    assert led.topics == ("hiv", "overdose") and led.signals[-1].kind == "topic"
    assert combine(lexicon, "x", _Model(0.1, topic=("hiv", 0.4))).topics == ("overdose",)
    unsure = replace(lexicon, topics=("other",))
    assert combine(unsure, "x", _Model(0.1, topic=("legal", 0.3))).topics == ("legal",)


def test_without_a_model_every_lexicon_emergency_is_certain() -> None:
    assert lexicons_only(_lexicon("emergency", "overdose")).first_aid is True
    assert lexicons_only(_lexicon("high")).first_aid is False
