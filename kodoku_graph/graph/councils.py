"""Graph construction for the 2021 outline (003) and the 2025-02-07 meeting (004).

Nodes and edges added (see model.py):

* ``PolicyEdition`` ``P1@2021`` … (003's wording) and ``P1@2026`` … (000's wording), each
  ``EDITION_OF`` its ``Pillar``; the 2021 edge lists the wording ``changes`` to 2026.
* ``Council`` ``CNL-renraku`` (連絡調整会議, 2021-03-12) with ``MEMBER_OF`` (Ministry →
  Council, role 議長/構成員 and the position text), and ``CNL-suishin`` (推進会議).
* ``Meeting`` ``MTG-suishin-2`` ``MEETING_OF`` ``CNL-suishin``; ``ATTENDED`` (Ministry →
  Meeting) per attendee with person, title, proxy; ``STATED`` (Ministry → Meeting) per
  statement with its text; a ``Statement`` node per turn ``SPOKEN_AT`` the meeting, from
  which ``MENTIONS`` go to measures (see mentions.py).

>>> edition_changes("孤独・孤立に陥っても支援を求める声をあげやすい社会とする",
...                 "孤独・孤立に至っても支援を求める声を上げやすい社会とする")
['陥→至', 'あ→上']
"""

from __future__ import annotations

from difflib import SequenceMatcher

from kodoku_graph.graph.build import GraphBuilder
from kodoku_graph.graph.mentions import METHOD, Mention, statement_id
from kodoku_graph.loaders.lineup import Lineup
from kodoku_graph.loaders.meeting import PROMOTION_COUNCIL_ID, Meeting
from kodoku_graph.loaders.outline import Outline
from kodoku_graph.loaders.text import nfkc


def edition_changes(old: str, new: str) -> list[str]:
    """The wording changes from ``old`` to ``new`` (NFKC), as ``old→new`` pieces."""
    a, b = nfkc(old), nfkc(new)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(f"{a[i1:i2]}→{b[j1:j2]}")
    return out


def add_outline(b: GraphBuilder, outline: Outline, lineup: Lineup) -> None:
    """PolicyEditions of 2021 and of the lineup, linked to their Pillar; the 2021 council
    and its members."""
    lineup_year = int(lineup.date[:4]) if lineup.date else 0
    current = {p.no: p for p in lineup.pillars}
    for p in lineup.pillars:
        eid = f"P{p.no}@{lineup_year}"
        b.node(
            eid,
            "PolicyEdition",
            p.src,
            pillar=p.no,
            year=lineup_year,
            title=p.title,
            focus="",
            document=p.src.split(":")[0],
        )
        b.edge(eid, p.id, "EDITION_OF", p.src, changes=[])
    for e in outline.policies:
        b.node(
            e.id,
            "PolicyEdition",
            e.src,
            pillar=e.pillar,
            year=e.year,
            title=e.title,
            focus=e.focus,
            document=e.src.split(":")[0],
        )
        pillar = current.get(e.pillar)
        if pillar is not None:
            b.edge(
                e.id, pillar.id, "EDITION_OF", e.src, changes=edition_changes(e.title, pillar.title)
            )
    c = outline.council
    if c is None:
        return
    b.node(
        c.id,
        "Council",
        c.src,
        name=c.name,
        established=c.established,
        decision=c.decision,
        secretariat=c.secretariat,
    )
    for m in c.members:
        if m.ministry is not None:  # otherwise reported as unknown_ministry by the loader
            b.edge(
                m.ministry,
                c.id,
                "MEMBER_OF",
                m.src,
                key=f"MEMBER_OF:{m.position}",
                role=m.role,
                position=m.position,
            )


def add_meeting(b: GraphBuilder, meeting: Meeting, mentions: list[Mention]) -> None:
    """The meeting, its council, attendance, statements and their MENTIONS."""
    if PROMOTION_COUNCIL_ID not in b.graph:
        b.node(
            PROMOTION_COUNCIL_ID,
            "Council",
            meeting.src,
            name=meeting.council,
            established=None,
            decision="",
            secretariat=None,
        )
    b.node(
        meeting.id,
        "Meeting",
        meeting.src,
        no=meeting.no,
        council=meeting.council,
        name=meeting.name,
        date=meeting.date,
        time=meeting.time,
        place=meeting.place,
        agenda=meeting.agenda,
    )
    b.edge(meeting.id, PROMOTION_COUNCIL_ID, "MEETING_OF", meeting.src)
    for a in meeting.attendees:
        if a.ministry is not None:
            b.edge(
                a.ministry,
                meeting.id,
                "ATTENDED",
                a.src,
                key=f"ATTENDED:{a.order}",
                person=a.person,
                title=a.title,
                proxy=a.proxy,
                order=a.order,
            )
    for st in meeting.statements:
        sid = statement_id(meeting, st.no)
        b.node(
            sid,
            "Statement",
            st.src,
            meeting=meeting.id,
            no=st.no,
            speaker=st.speaker,
            ministry=st.ministry,
            kind=st.kind,
            text=st.text,
        )
        b.edge(sid, meeting.id, "SPOKEN_AT", st.src)
        if st.ministry is not None:
            b.edge(
                st.ministry,
                meeting.id,
                "STATED",
                st.src,
                key=f"STATED:{sid}",
                statement=sid,
                text=st.text,
                order=st.no,
            )
    for m in mentions:
        b.edge(
            m.statement,
            m.measure,
            "MENTIONS",
            m.src,
            evidence=m.evidence,
            score=m.score,
            terms=m.terms,
            method=METHOD,
        )
