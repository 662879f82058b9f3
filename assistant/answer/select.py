"""Which provisions an answer rests on: the primary unit, the siblings it needs, related units.

From the scored candidates (``rank``):

* the primary — the best candidate, cited by one clause when one clause of its article clearly
  holds the question ("descend"; a clause by the one point its sibling points differ in), or
  by its whole short article when that article's heading is what is asked ("Các hành vi bị
  nghiêm cấm": "ascend"); a clause headed by another award gives way to the one headed by the
  asked award, and "who grants a giấy khen" is answered by the list of its kinds
  (``award_units``); inside the article the award catalog's clause for the question's intent
  leads (khoản 2 Điều 84 for a Bằng khen dossier);
* siblings — other clauses of the article that hold words of the question the lead does not
  ("số lượng hồ sơ" → khoản 6 next to khoản 2), taken from the library, not only hits, and
  never a clause about another award;
* a block for a second intent the question states as strongly ("what goes in the file, and
  who qualifies"), from the catalog's references for the award;
* a unit for each part of a question that asks several things and that the units so far leave
  unanswered ("ai đề nghị và ai quyết định", ``parts``);
* the effect articles, for a question whether texts still apply (``effect``);
* the other Law's counterpart, when the question compares the old and the new Law
  (``counterpart``);
* related — the award's criteria article beside a dossier answer (cited when the award's reading
  was ambiguous, otherwise pointed to in the text).

Measured on the dev set and left out: a second intent's unit found without the catalog, and a
second article chosen by score alone (right for 5 of 14 and 1 of 5 shown citations); siblings of
plan and appendix items by general gain (another part's answer in 6 of 8 cases; the parts rule
asks more of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from math import fsum
from typing import Literal

from assistant import steps
from assistant.answer.award_units import award_family, award_kinds, names_other_awards, retarget
from assistant.answer.counterpart import compares, counterpart
from assistant.answer.effect import (
    asks_validity,
    effect_articles,
    is_effect_article,
    successors,
    whole_effect_article,
)
from assistant.answer.parts import answer_parts
from assistant.answer.rank import (
    DELEGATION_FACTOR,
    INTENT_CUES,
    RULE_MAKER,
    Scored,
    catalog_fit,
    catalog_refs,
    delegates,
    score_candidates,
)
from assistant.corpus import Corpus
from assistant.models import Hit, Locator

# What an answer to one intent points to besides (a dossier answer shows the award's criteria).
RELATED_KIND: dict[str, str] = {"dossier": "criteria"}
SIBLING_GAIN = 0.12  # share of the question a sibling must add to be shown
MAX_SIBLINGS = 3
DESCEND_SHARE = 0.75  # an article is cited by one clause holding this share of its coverage
DESCEND_MARGIN = 1.25  # … and clearly more than any other clause
ASCEND_CHARS = 1500  # a clause of a short list-like article …
ASCEND_TITLE = 0.3  # … whose heading holds this share of the question is cited by the article
SHORT_ARTICLE = 400  # characters: an article this short is cited whole, not by one clause
TOP_SIBLINGS = 3  # a clause of the lead's article ranked this high is shown beside it …
TOP_SIBLING_GAIN = 0.04  # … when it holds this share of the question that the lead does not


# What a chosen unit is to the answer: the lead, a block for another intent, a sibling clause, a
# unit for a second part of the question, the old law's counterpart (all quoted), or a related
# unit and a pointer (named, not quoted).
ChosenRole = Literal["primary", "block", "sibling", "second", "old", "related", "pointer"]


@dataclass(frozen=True)
class Chosen:
    provision_id: str
    role: ChosenRole
    in_force: bool = True
    why: str = ""  # the intent a block answers, the catalog kind of a related unit


@dataclass(frozen=True)
class Selection:
    chosen: tuple[Chosen, ...]
    scored: tuple[Scored, ...]  # every candidate, best first
    extra: dict = field(default_factory=dict)

    def ids(self) -> list[str]:
        return [c.provision_id for c in self.chosen]


def answer_units(sel: Selection) -> list[str]:
    """The units the answer quotes as answering the question (not pointers or related ones)."""
    return [c.provision_id for c in sel.chosen if c.role in SHOWN_ROLES]


def _gain(view: Corpus, qtokens: set[str], have: set[str], pid: str) -> float:
    """Share of the question's weight that `pid` holds and the chosen units do not."""
    new = (qtokens & set(view.text_tokens(pid))) - have
    total = fsum(view.idf.weight(t) for t in qtokens) or 1.0
    return fsum(view.idf.weight(t) for t in new) / total


def _siblings(view: Corpus, pid: str) -> list[str]:
    """The other clauses of the primary's article. Plan and appendix items are left alone:
    measured on the dev set, their neighbours were another part's answer in 6 of 8 cases."""
    art = view.article(pid)
    if art is None:
        return []
    p = view.provisions[pid]
    out = []
    for cid in art.children:
        c = view.provisions.get(cid)
        if c is None or cid == pid or pid.startswith(cid + "/") or c.id == p.parent_id:
            continue
        if c.kind in ("footnotes", "signature"):
            continue
        out.append(cid)
    return out


def _served(view: Corpus, pid: str, intents: tuple[str, ...]) -> str | None:
    """The intent (of the strong ones) whose cue words the unit holds, first one first."""
    text = view.folded(pid)
    for intent in intents:
        cue = INTENT_CUES.get(intent)
        if cue is not None and cue.search(text):
            return intent
    return None


def _descend(view: Corpus, pid: str, qtokens: set[str], asks_rules: bool = False) -> str:
    """An article whose one clause holds most of what the article holds of the question is
    cited by that clause (the smallest unit that holds the answer)."""
    p = view.provisions[pid]
    if p.kind not in ("dieu", "khoan") or not p.children:
        return pid
    if len(view.text(pid)) <= SHORT_ARTICLE:
        # "1. Thành tích … 2. Tiêu chuẩn … 3. Hoàn cảnh …", "Thành phần gồm: a) Chủ tịch …
        # b) Phó Chủ tịch … c) Ủy viên": read whole, it is short
        return pid
    whole = view.idf.coverage(qtokens, view.tokens(pid))
    covs = []
    for cid in p.children:
        cov = view.idf.coverage(qtokens, view.tokens(cid))
        if not asks_rules and delegates(view, cid):
            cov *= DELEGATION_FACTOR
        covs.append((cov, cid))
    covs.sort(reverse=True)
    best_cov, best = covs[0]
    runner_up = covs[1][0] if len(covs) > 1 else 0.0
    # a list whose clauses all hold the question ("những việc bị nghiêm cấm") stays whole
    if whole > 0 and best_cov >= DESCEND_SHARE * whole and best_cov >= DESCEND_MARGIN * runner_up:
        return best
    if p.kind == "khoan" and len(p.children) > 1:
        # points that repeat the clause's words ("Bằng khen … để tặng cho cá nhân …", "… cho
        # tập thể …") differ only in the words that tell them apart: the point holding all of
        # those the question asks, and the others none, is the answer
        sets = [set(view.tokens(c)) & qtokens for c in p.children]
        telling = set().union(*sets) - set.intersection(*sets)
        holders = [c for c, held in zip(p.children, sets, strict=True) if telling <= held]
        if telling and len(holders) == 1:
            return holders[0]
    return pid


def _ascend(view: Corpus, pid: str, qtokens: set[str]) -> str:
    """A clause of a short article whose heading names what is asked ("Các hành vi bị nghiêm
    cấm" for "không được làm những việc gì") is answered by the whole article: its clauses are
    the list the question wants."""
    p = view.provisions[pid]
    if p.kind != "khoan" or p.children:
        return pid
    art = view.article(pid)
    if art is None or len(view.text(art.id)) > ASCEND_CHARS:
        return pid
    if any(view.provisions[c].children for c in art.children if c in view.provisions):
        return pid  # clauses with points are answers of their own
    if view.idf.coverage(qtokens, view.heading_tokens(pid)) >= ASCEND_TITLE:
        return art.id
    return pid


def _block(
    q,
    view: Corpus,
    day: date,
    qtokens: set[str],
    lead: str,
    intent: str | None,
    role: ChosenRole,
    in_force: bool,
    hit_ids: set[str],
    top_ids: frozenset[str] = frozenset(),
) -> list[Chosen]:
    """One answer block: its lead unit (the catalog's clause for the award when it lies in the
    same article), then the article's clauses that add what the lead leaves out."""
    key = view.unit_key(lead)
    refs = catalog_refs(q, view, day, intent)
    in_article = [
        pid
        for pid, _ in sorted(refs.items(), key=lambda kv: -kv[1])
        if view.unit_key(pid) == key and pid != lead
    ]
    if (
        in_article
        and view.provisions[lead].kind != "dieu"
        and refs[in_article[0]] > refs.get(lead, 0.0)
    ):
        lead, in_article = in_article[0], [lead, *in_article[1:]]
    out = [Chosen(lead, role, in_force, why=intent or "")]
    for pid in dict.fromkeys(in_article):
        # a unit inside the lead, or holding it, is no sibling: its text is already shown
        inside = pid.startswith(lead + "/") or lead.startswith(pid + "/")
        if len(out) <= MAX_SIBLINGS and not inside:
            out.append(Chosen(pid, "sibling", in_force))
    have: set[str] = set()
    for c in out:
        have |= qtokens & set(view.text_tokens(c.provision_id))
    taken = {c.provision_id for c in out}
    gains = []
    asked = award_family(q)
    for sid in _siblings(view, lead):
        if sid in taken:
            continue
        own = _gain(view, qtokens, have, sid)
        g = own + (0.05 if sid in hit_ids else 0.0)
        if sid in top_ids and own >= TOP_SIBLING_GAIN:
            g += SIBLING_GAIN  # ranked this high and adding words of its own: shown
        # "… Bằng khen của Thủ tướng …" is no sibling for a question on the provincial one
        if g >= SIBLING_GAIN and not (asked and names_other_awards(view, sid, asked)):
            gains.append((g, sid))
    for _, sid in sorted(gains, reverse=True)[: max(0, MAX_SIBLINGS + 1 - len(out))]:
        out.append(Chosen(sid, "sibling", in_force))
    return out


def select(
    q,
    hits: list[Hit],
    view: Corpus,
    qtokens: set[str],
    day: date,
    named_docs: tuple[str, ...] = (),
    intents: tuple[str, ...] | None = None,
) -> Selection:
    """The units of the answer. `intents` are the question's strong intents (best first)."""
    scored = score_candidates(q, hits, view, qtokens, day, named_docs)
    if not scored:
        return Selection((), ())
    intents = tuple(intents if intents is not None else q.intents[:1])
    hit_ids = {s.provision_id for s in scored}
    top_ids = frozenset(s.provision_id for s in scored[:TOP_SIBLINGS])
    primary = scored[0]
    # the intent the primary answers: the one whose catalog references hold it, else by cue
    served = next(
        (
            i
            for i in intents
            if catalog_fit(primary.provision_id, catalog_refs(q, view, day, i)) > 0
        ),
        None,
    ) or _served(view, primary.provision_id, intents)
    asks_rules = bool(RULE_MAKER.search(q.folded))
    on = steps.current()

    def descend(pid: str) -> str:
        return _descend(view, pid, qtokens, asks_rules) if on.descend else pid

    lead = descend(primary.provision_id)
    if on.ascend:
        lead = _ascend(view, lead, qtokens)
    if on.retarget_award and (moved := retarget(q, view, lead, _siblings(view, lead))) != lead:
        lead = descend(moved)
    authority = (served or (intents[0] if intents else None)) == "authority"
    if on.award_kinds and authority and not asks_rules:
        lead = award_kinds(q, view, day) or lead
    chosen = _block(
        q,
        view,
        day,
        qtokens,
        lead,
        served or (intents[0] if intents else None),
        "primary",
        primary.in_force,
        hit_ids,
        top_ids,
    )
    if on.every_member:
        chosen = _every_member(q, view, day, chosen, intents)
    if on.question_parts:
        chosen.extend(_parts(q, view, day, qtokens, chosen, scored))
    chosen.extend(_validity(q, view, day, chosen, named_docs))
    lead = chosen[0].provision_id
    if (
        on.old_law_counterpart
        and compares(q, view, lead)
        and (old := counterpart(q, view, scored, lead)) is not None
    ):
        chosen.append(Chosen(old, "old", view.in_force(view.provisions[old].doc_id, day)))
    if on.related_units:
        chosen.extend(_related(q, view, day, chosen, intents))
    return Selection(tuple(chosen), tuple(scored), {"served": served, "intents": intents})


SHOWN_ROLES: tuple[ChosenRole, ...] = ("primary", "block", "sibling", "second", "old")


def _parts(
    q, view: Corpus, day: date, qtokens: set[str], chosen: list[Chosen], scored: list[Scored]
) -> list[Chosen]:
    """Units for the parts of a question that asks several things (``parts``); the first
    leads when the primary answered none of them."""
    shown = [c.provision_id for c in chosen if c.role in SHOWN_ROLES]
    found = answer_parts(q, view, qtokens, shown, scored)
    out = [
        Chosen(pid, "second", view.in_force(view.provisions[pid].doc_id, day))
        for pid in found.added
    ]
    if found.leads and chosen[0].role == "primary":
        chosen[0] = replace(out[0], role="primary", why=chosen[0].why)
        out = out[1:]
    return out


def _every_member(
    q, view: Corpus, day: date, chosen: list[Chosen], intents: tuple[str, ...]
) -> list[Chosen]:
    """For "Bằng khen các cấp", "Huân chương Lao động các hạng": each member of the award's
    family, in the catalog's order, by its own first reference for the asked intent (its
    criteria when the catalog has none for that intent; one unit when they share it). They
    lead the answer; the ranker's
    primary block stays before them only when it is the family's own article (the parent's
    reference for the intent, or a member's)."""
    from assistant.domain import load_catalog
    from assistant.domain.awards import REF_KINDS
    from assistant.domain.intents import asks_every_member

    if not q.awards or not asks_every_member(q.question):
        return chosen
    catalog = load_catalog()
    intent = intents[0] if intents and intents[0] in REF_KINDS else "criteria"

    def first_ref(award) -> str | None:
        refs = award.refs_for(intent, on=day) or award.refs_for("criteria", on=day)
        return next((p for r in refs if (p := view.find_ref(r))), None)

    for m in q.awards:
        family = catalog.children(m.award.id)
        if m.inferred or len(family) < 2:
            continue
        units = list(dict.fromkeys(p for a in family if (p := first_ref(a))))
        if not units:
            return chosen
        own = {view.unit_key(p) for p in units}
        if (parent := first_ref(m.award)) is not None:
            own.add(view.unit_key(parent))
        keep = chosen if view.unit_key(chosen[0].provision_id) in own else []
        shown = {view.unit_key(c.provision_id) for c in keep if c.role in SHOWN_ROLES}
        members = [
            Chosen(
                pid,
                "block" if keep or i else "primary",
                view.in_force(view.provisions[pid].doc_id, day),
                why=intent,
            )
            for i, pid in enumerate(units)
            if view.unit_key(pid) not in shown
        ]
        return [*keep, *members]
    return chosen


def _validity(
    q, view: Corpus, day: date, chosen: list[Chosen], named: tuple[str, ...]
) -> list[Chosen]:
    """For a question whether texts still apply: their effect articles (``effect``), whole."""
    if not asks_validity(q):
        return []
    for i, c in enumerate(chosen):
        chosen[i] = replace(c, provision_id=whole_effect_article(view, c.provision_id))
    found = effect_articles(q, view, day, named)
    lead = chosen[0].provision_id
    if successors(q, view, day, named) and is_effect_article(view, lead) and lead not in found:
        # "Nghị định 98/2023 còn hiệu lực không?" is answered by the text that ended it, not
        # by the Law's own effect article that retrieval ranks first
        chosen[0] = replace(chosen[0], provision_id=found[0])
    shown = {view.unit_key(c.provision_id) for c in chosen}
    return [
        Chosen(pid, "block", view.in_force(view.provisions[pid].doc_id, day), why="temporal")
        for pid in found
        if view.unit_key(pid) not in shown
    ]


def _related(
    q, view: Corpus, day: date, chosen: list[Chosen], intents: tuple[str, ...]
) -> list[Chosen]:
    """The award's references for the related intent (criteria for a dossier question).

    The role says whether it is cited ("related": the award's reading is ambiguous, so its
    criteria tell which award is meant) or only pointed to in the text ("pointer")."""
    intent = intents[0] if intents else None
    kind = RELATED_KIND.get(intent or "")
    if kind is None or not q.awards or kind in intents:
        return []  # a question that asks for the criteria too has them as its own block
    shown = {view.unit_key(c.provision_id) for c in chosen}
    out: list[Chosen] = []
    for m in q.awards[:1]:
        refs = m.award.refs_for(kind, on=day)
        # one article: the award's criteria are one article, cited whole when several clauses
        arts = {r.locator.at_article() for r in refs}
        for where in sorted(arts, key=Locator.sort_key)[:1]:
            pid = view.find(where)
            if pid and view.unit_key(pid) not in shown:
                out.append(
                    Chosen(
                        pid,
                        "related" if m.ambiguity else "pointer",
                        view.in_force(where.doc, day),
                        why=kind,
                    )
                )
    return out
