"""The triage classifier: text in, urgency / topics / language / reasons out. No I/O after load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from peerline_triage.classifier.language import LanguageDetector
from peerline_triage.classifier.learned import LearnedModel, ModelError
from peerline_triage.classifier.lexicon import Lexicon, Ref
from peerline_triage.classifier.matcher import Matcher
from peerline_triage.classifier.model import Classification, Lang
from peerline_triage.classifier.morphology import Morphology
from peerline_triage.classifier.scoring import Thresholds, decide
from peerline_triage.classifier.text import Token, model_words, tokenise
from peerline_triage.classifier.tiers import combine, lexicons_only

_PACKAGE = "peerline_triage"
MODEL_FILE = "triage-model.json.gz"


def packaged_model_path(package: str = _PACKAGE) -> Path:
    """Where `peerline triage train` writes the model and `Classifier.load` reads it."""
    return Path(str(resources.files(package).joinpath("model", MODEL_FILE)))


class Classifier:
    """Build once with `Classifier.load()` (about a second); `classify` is then pure and fast.

    `model_error` says why the learned model is not in use (None when it is, or when the
    classifier was built without one on purpose): triage then runs on the lexicons alone.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        morphology: Morphology,
        thresholds: Thresholds,
        learned: LearnedModel | None = None,
        model_error: str | None = None,
    ) -> None:
        self._lexicon = lexicon
        self.learned = learned
        self.model_error = model_error
        self._morphology = morphology
        self._thresholds = thresholds
        self._matcher = Matcher(lexicon)
        self._languages = LanguageDetector(morphology)
        self._slots: Callable[[str, bool, Lang | None], frozenset[Ref]] = lru_cache(200_000)(
            self._token_slots
        )
        self._negated: Callable[[str, bool, Lang | None], frozenset[Ref]] = lru_cache(50_000)(
            self._negated_slots
        )

    @classmethod
    def load(cls, package: str = _PACKAGE, model: Path | bool | None = True) -> Classifier:
        """`model`: True for the packaged model, a path for another file, False or None for
        the lexicons alone. A model that cannot be read leaves `model_error` set, not a crash:
        a message triaged by the lexicons beats a message not triaged."""
        morphology = Morphology()
        lexicon = Lexicon.load(morphology, package)
        scoring = resources.files(package).joinpath("lexicons", "scoring.yaml")
        data = yaml.safe_load(scoring.read_text(encoding="utf-8")) if scoring.is_file() else {}
        thresholds = Thresholds.from_mapping((data or {}).get("scoring", {}))
        learned, error = None, None
        if model:
            try:
                learned = LearnedModel.read(packaged_model_path(package) if model is True else Path(model))
            except ModelError as exc:
                error = str(exc)
        return cls(lexicon, morphology, thresholds, learned, error)

    def with_model(self, learned: LearnedModel | None) -> Classifier:
        """The same lexicons with another learned model (training and evaluation)."""
        return Classifier(self._lexicon, self._morphology, self._thresholds, learned)

    def classify(self, text: str) -> Classification:
        result = self.classify_by_lexicons(text)
        if self.learned is None:
            return lexicons_only(result)
        return combine(result, text, self.learned)

    def classify_batch(self, texts: Sequence[str]) -> list[Classification]:
        """`classify` of each text, the same results; the learned model assesses the batch at
        once (per message, its NumPy calls cost more than its arithmetic)."""
        tokenised = [tokenise(text, self._lexicon.clause_breakers) for text in texts]
        by_lexicons = [self._by_lexicons(text, tokens) for text, tokens in zip(texts, tokenised, strict=True)]
        if self.learned is None:
            return [lexicons_only(result) for result in by_lexicons]
        words = [model_words(tokens) for tokens in tokenised]
        assessments = self.learned.assess_many(texts, words) if texts else []
        return [
            combine(result, text, self.learned, assessment)
            for result, text, assessment in zip(by_lexicons, texts, assessments, strict=True)
        ]

    def classify_by_lexicons(self, text: str) -> Classification:
        return self._by_lexicons(text, tokenise(text, self._lexicon.clause_breakers))

    def _by_lexicons(self, text: str, tokens: list[Token]) -> Classification:
        detected = self._languages.detect(text, tokens)
        translit = detected.lang if detected.transliterated else None
        slots = [self._slots(t.text, t.latin, translit) for t in tokens]
        negators = self._lexicon.negators
        for i in range(1, len(tokens)):
            if tokens[i - 1].text in negators:
                slots[i] = slots[i] | self._negated(tokens[i].text, tokens[i].latin, translit)
        hits = self._matcher.find(slots)
        decision = decide(hits, self._lexicon.cues, tokens, self._thresholds)
        return Classification(
            urgency=decision.urgency,
            topics=decision.topics,
            lang=detected.lang,
            confidence=decision.confidence,
            signals=decision.signals,
            emergency_kind=decision.emergency_kind,
            transliterated=detected.transliterated,
        )

    def _negated_slots(self, word: str, latin: bool, translit: Lang | None) -> frozenset[Ref]:
        """Slots of `!word` terms a word fills when a negation stands right before it."""
        keys = self._morphology.keys(word, translit if latin else None)
        return frozenset(self._matcher.refs_for(frozenset("!" + key for key in keys)))

    def _token_slots(self, word: str, latin: bool, translit: Lang | None) -> frozenset[Ref]:
        """Which lexicon slots one word fills; misspelt words fall back to fuzzy key terms."""
        keys = self._morphology.keys(word, translit if latin else None)
        refs = self._matcher.refs_for(keys)
        if refs:
            return frozenset(refs)
        fuzzy: set[Ref] = set()
        if latin and translit is not None:
            fuzzy.update(self._matcher.fuzzy_refs(self._morphology.cyrillic(word, translit)))
        if not fuzzy and (latin or not self._morphology.is_known(word)):
            fuzzy.update(self._matcher.fuzzy_refs(word, english=latin and translit is None))
        return frozenset(fuzzy)
