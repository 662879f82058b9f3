"""Candidate provisions for an answer, scored.

The retriever ranks chunks for finding; an answer needs the unit that holds the answer. Each
candidate (a retrieved unit, or the old law's catalog reference on a date before the current
law) is described by ``FEATURES``: its retrieval rank, how much of the question's IDF-weighted
words it and its heading and article hold (``lexical``), the question's rarest words, whether
it speaks to the question's intent and states the kind of fact asked (``answer_types``),
whether it names the asked award, and whether it is not in force on the date, belongs to a
province the question does not name, is a form or a summary table, only delegates ("… quy định
chi tiết"), or is a "Phạm vi điều chỉnh" article listing every topic.

The learned ranker (``learned``, trained by ``python -m evals train``) scores those features and
the hand-weighted score among them (``hand_score``: its trees learn that score's corrections);
with the step ``learned_ranker`` off, the hand weights below rank alone (set on the dev set:
0.5/0.5/0.1 for prior, coverage and fit, then the factors). Coverage leaves out
the words that name the candidate's own document ("kế hoạch … của phường Pom Hán" names the
plan, not which of its sections answers). A user's own legal text ranks after every text of the
pack whatever the scores.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from assistant.answer.award_units import award_family, names_other_awards
from assistant.answer.learned import active_model
from assistant.corpus import Corpus
from assistant.domain.answer_types import states_type
from assistant.models import Hit
from assistant.retrieve.analysis import QueryAnalysis

# Words in a unit that show it speaks to an intent (folded, lower case).
INTENT_CUES: dict[str, re.Pattern] = {
    "dossier": re.compile(r"\bho so\b"),
    "criteria": re.compile(r"tieu chuan|dieu kien|\bdat\b|xet tang|de tang|duoc tang"),
    "authority": re.compile(r"quyet dinh tang|tham quyen|quyet dinh|ky tang"),
    "procedure": re.compile(r"thu tuc|trinh tu|thoi han|\bgui\b|truoc ngay|de nghi|\btrinh\b"),
    "amount": re.compile(r"luong co so|tien thuong|muc thuong|chi thuong|\bquy\b"),
    "definition": re.compile(r" la |duoc hieu|nguyen tac|bao gom|giai thich"),
    "temporal": re.compile(r"hieu luc|thay the|chuyen tiep"),
    "format": re.compile(r"co chu|phong chu|trinh bay|the thuc|viet hoa|kho giay|le trang|ky hieu"),
}
# Catalog reference kinds that answer each intent.
INTENT_REFS: dict[str, tuple[str, ...]] = {
    "dossier": ("dossier",),
    "criteria": ("criteria",),
    "authority": ("authority",),
    "procedure": ("proposer", "dossier"),
    "amount": ("bonus",),
    "temporal": ("criteria",),
}
W_PRIOR, W_COVERAGE, W_FIT, W_TITLE = 0.5, 0.5, 0.1, 0.1
NOT_IN_FORCE = 0.55  # a unit not in force on the date ranks below one that is
NAMED_FACTOR = 1.15  # a document the question names (by number, name or place)
LOCAL_FACTOR = 0.8
FORM_FACTOR = 0.8
SCOPE_FACTOR = 0.8
DELEGATION_FACTOR = 0.85
_DELEGATION = re.compile(r"quy dinh chi tiet|huong dan cu the|huong dan thi hanh")
# "ai quy định", "do cấp nào quy định", "who sets the rules": the delegation is the answer
RULE_MAKER = re.compile(
    r"(ai|cap nao|co quan nao|van ban nao)( \w+){0,3} quy dinh|quy dinh chi tiet|"
    r"who (sets|makes|lays down)|which (body|level|authority)"
)
_SCOPE_TITLE = re.compile(r"^\s*(phạm vi điều chỉnh|đối tượng áp dụng|phạm vi áp dụng)")
_SCOPE_WORDS = re.compile(r"pham vi|doi tuong ap dung|ap dung (cho|doi voi)|scope|applies to")
_FORM_WORDS = re.compile(r"\bmau\b|phu luc|\bforms?\b|template|appendix")
_OLD = {"old_criteria", "old_authority"}


@dataclass(frozen=True)
class Scored:
    provision_id: str
    score: float
    prior: float
    coverage: float
    fit: float
    in_force: bool
    sources: tuple[str, ...] = ()
    features: tuple[float, ...] = ()  # FEATURES, for the learned ranker and its training


# What the learned ranker reads of a candidate (answer/learned.py); the hand-weighted score
# below combines the same signals with the constants above.
SOURCE_FEATURES = ("bm25", "catalog", "citation", "intent", "title", "hint", "preferred")
RELATIVE = (
    "coverage",
    "focused",
    "title",
    "intent_fit",
    "catalog_fit",
    "type_fit",
    "article_coverage",
    "distinctive",
    "hand",
)
FEATURES = (
    "prior",  # retrieval score ÷ the top one
    "rank",  # 1 / (1 + position in the retrieved list)
    "coverage",  # IDF-weighted share of the question's words in the unit
    "focused",  # the same without the words naming the unit's own document
    "title",  # … in the unit's heading
    "intent_fit",
    "catalog_fit",  # the unit is (inside, or holds) a catalog reference for the main intent
    "not_in_force",  # not in force on the date, and the question does not ask about old law
    "named_doc",  # a document the question names
    "provincial_unnamed",  # a province's rule the question does not name
    "form_unasked",  # a form or appendix when no form is asked for
    "summary_table",
    "delegates_unasked",  # "… quy định chi tiết" when the question does not ask who rules
    "scope_unasked",  # "Phạm vi điều chỉnh" when the question does not ask about scope
    "plan",  # a plan, not a legal text
    "kind_article",
    "kind_clause",
    "kind_point",
    "log_length",  # log of the unit's length in words
    "type_asked",  # the question asks for an amount, a duration, a deadline … (answer_types)
    "type_fit",  # the unit states a fact of the main asked type (1), of another asked (0.5)
    "award_named",  # the unit names one of the question's awards (or their family)
    "award_other",  # the unit names awards, none of them the question's
    "article_coverage",  # coverage of the question's words by the unit's whole article
    "distinctive",  # coverage of the question's three rarest words (Idf.distinctive)
    *(f"from_{s}" for s in SOURCE_FEATURES),
    "hand",  # the hand-weighted score (hand_score): the trees learn its corrections
    # the same signals against the best candidate of the question (0 for the best)
    *(f"{name}_gap" for name in RELATIVE),
)


def hand_score(
    prior: float, focused: float, fit: float, title: float, flags: tuple[bool, ...]
) -> float:
    """The hand-weighted score: the ranker when the learned one is off, and one of its
    features when it is on (the trees correct it rather than start from nothing)."""
    demoted, named, provincial, form, delegation, scope = flags
    score = W_PRIOR * prior + W_COVERAGE * focused + W_FIT * fit + W_TITLE * title
    if demoted:
        score *= NOT_IN_FORCE
    if named:
        score *= NAMED_FACTOR
    elif provincial:
        score *= LOCAL_FACTOR  # a province's rule answers only a question about it
    if form:
        score *= FORM_FACTOR  # a form's blanks repeat the words of many questions
    if delegation:
        score *= DELEGATION_FACTOR  # "X quy định chi tiết …" hands the answer elsewhere
    if scope:
        score *= SCOPE_FACTOR  # "Phạm vi điều chỉnh" lists every topic of its text
    return score


def intent_fit(view: Corpus, pid: str, intents: tuple[str, ...]) -> float:
    text = view.folded(pid)
    for rank, intent in enumerate(intents[:2]):
        cue = INTENT_CUES.get(intent)
        if cue is not None and cue.search(text):
            return 1.0 if rank == 0 else 0.5
    return 0.0


def old_law_refs(q: QueryAnalysis, view: Corpus, day: date) -> list[str]:
    """Catalog references of the text in force on the date, when the usual ones were not."""
    out: list[str] = []
    for m in q.awards:
        for intent in q.intents[:1] or ("criteria",):
            for kind in INTENT_REFS.get(intent, ()):
                refs = m.award.refs_for(kind)
                if not refs or any(view.in_force(r.doc, day) for r in refs):
                    continue
                for ref in m.award.refs_for(f"old_{kind}") if f"old_{kind}" in _OLD else ():
                    if view.in_force(ref.doc, day) and (pid := view.find_ref(ref)):
                        out.append(pid)
    return out


def catalog_refs(
    q: QueryAnalysis, view: Corpus, day: date, intent: str | None = None
) -> dict[str, float]:
    """Provisions the award catalog gives for the question's awards and an intent (default the
    main one), weighted 1.0 for the first reference of a kind (the main one), 0.6 for others.
    A reference not in force on the date gives way to the old law's ("old_criteria")."""
    out: dict[str, float] = {}
    intent = intent if intent is not None else (q.intents[0] if q.intents else None)
    for m in q.awards:
        for k, kind in enumerate(INTENT_REFS.get(intent or "", ())):
            refs = m.award.refs_for(kind, on=day)
            if refs and not any(view.in_force(r.doc, day) for r in refs) and f"old_{kind}" in _OLD:
                refs = tuple(
                    r for r in m.award.refs_for(f"old_{kind}") if view.in_force(r.doc, day)
                )
            for i, ref in enumerate(refs):
                pid = view.find_ref(ref)
                if pid is not None:
                    # the intent's first kind first ("proposer" before "dossier")
                    weight = (1.0 if i == 0 else 0.6) - 0.25 * k
                    out[pid] = max(out.get(pid, 0.0), weight)
    return out


def catalog_fit(pid: str, refs: dict[str, float]) -> float:
    """A unit is a catalog reference, or lies inside one, or holds one."""
    best = 0.0
    for rid, w in refs.items():
        if pid == rid or pid.startswith(rid + "/"):
            best = max(best, w)
        elif rid.startswith(pid + "/"):
            best = max(best, w * 0.8)
    return best


def _article_or_top(view: Corpus, pid: str) -> str:
    """The unit's article, or its top section outside articles (plans, appendices)."""
    art = view.article(pid) or view.top_section(pid)
    return art.id if art is not None else pid


def delegates(view: Corpus, pid: str) -> bool:
    """A clause that hands the detail to another body ("… quy định chi tiết …")."""
    p = view.provisions[pid]
    return p.kind in ("khoan", "diem") and bool(_DELEGATION.search(view.folded(pid)))


def score_candidates(
    q,
    hits: list[Hit],
    view: Corpus,
    qtokens: set[str],
    day: date,
    named_docs: tuple[str, ...] = (),
) -> list[Scored]:
    top = max((h.score for h in hits), default=0.0) or 1.0
    priors: dict[str, tuple[float, tuple[str, ...]]] = {}
    for h in hits:
        pid = h.chunk.provision_id
        # a document's header (number, date, căn cứ) is no answer, and its quote is the whole text
        if pid in view.provisions and pid not in priors and view.provisions[pid].kind != "document":
            priors[pid] = (h.score / top, h.sources)
    for pid in old_law_refs(q, view, day):
        priors.setdefault(pid, (0.8, ("catalog",)))
    asks_forms = bool(_FORM_WORDS.search(q.folded))
    asks_scope = bool(_SCOPE_WORDS.search(q.folded))
    asks_rules = bool(RULE_MAKER.search(q.folded))
    hinted = set(q.doc_hints) | set(named_docs)
    refs = catalog_refs(q, view, day)
    kinds = q.answer_types
    family = award_family(q)
    rare = view.idf.distinctive(qtokens)
    model = active_model(FEATURES)
    rows = []
    for position, (pid, (prior, sources)) in enumerate(priors.items()):
        p = view.provisions[pid]
        in_force = view.in_force(p.doc_id, day)
        coverage = view.idf.coverage(qtokens, view.tokens(pid))
        # the words naming the unit's own document tell none of its units from another
        focused = view.idf.coverage(qtokens - view.naming_tokens(p.doc_id), view.tokens(pid))
        fit = intent_fit(view, pid, q.intents)
        title = view.idf.coverage(qtokens, view.heading_tokens(pid))
        demoted = (
            not in_force
            and not q.mentions_old_law
            and not (p.doc_id in hinted and view.is_user_document(p.doc_id))
        )
        named = p.doc_id in hinted
        provincial = not named and view.is_provincial(p.doc_id)
        form = p.kind in ("mau", "phu-luc") and not asks_forms
        table = p.kind == "table" and p.article is None
        delegation = not asks_rules and delegates(view, pid)
        scope = not asks_scope and bool(_SCOPE_TITLE.match(view.heading(pid).lower()))
        features = (
            prior,
            1.0 / (1 + position),
            coverage,
            focused,
            title,
            fit,
            catalog_fit(pid, refs),
            float(demoted),
            float(named),
            float(provincial),
            float(form),
            float(table),
            float(delegation),
            float(scope),
            float(view.is_plan(pid)),
            float(p.kind == "dieu"),
            float(p.kind == "khoan"),
            float(p.kind == "diem"),
            math.log1p(len(view.tokens(pid))),
            float(bool(kinds)),
            states_type(kinds, view.folded(pid)),
            float(bool(view.awards(pid) & family)),
            float(bool(family) and names_other_awards(view, pid, family)),
            view.idf.coverage(qtokens, view.tokens(_article_or_top(view, pid))),
            view.idf.coverage(rare, view.tokens(pid)) if rare else 0.0,
            *(float(s in sources) for s in SOURCE_FEATURES),
        )
        flags = (demoted, named, provincial, form or table, delegation, scope)
        features += (hand_score(prior, focused, fit, title, flags),)
        rows.append((pid, prior, sources, in_force, coverage, fit, features))
    at = {name: FEATURES.index(name) for name in RELATIVE}
    best = {name: max((r[-1][i] for r in rows), default=0.0) for name, i in at.items()}
    out = []
    for pid, prior, sources, in_force, coverage, fit, base in rows:
        features = base + tuple(base[i] - best[name] for name, i in at.items())
        score = model.score(features) if model is not None else base[FEATURES.index("hand")]
        out.append(Scored(pid, score, prior, coverage, fit, in_force, tuple(sources), features))

    # A user's own legal text is never the governing rule while a text of the pack is a
    # candidate: it ranks after all of them, whatever the scores, unless the question names it.
    def upload(s: Scored) -> bool:
        doc = view.provisions[s.provision_id].doc_id
        return doc not in hinted and view.is_user_document(doc)

    out.sort(key=lambda s: (upload(s), -s.score, s.provision_id))
    return out
