"""The real-document corpus of the conclusion reader (corpus/reader) and its scorer.

The corpus checker runs in `make test`: every labelled file must load, every span must be a
substring of its text, every date must be real. The scorer is tested on tiny hand-made cases
whose precision and recall are worked out by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chidao.meetings.quality import (
    CORPUS_ROOT,
    CORPUS_SETS,
    corpus_check,
    corpus_load,
    corpus_measure,
    lead_key,
    match_proposals,
    output_matches,
)


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[dict]]:
    return {name: corpus_load(name) for name in CORPUS_SETS}


def test_every_labelled_file_is_sound(corpus) -> None:  # type: ignore[no-untyped-def]
    for name, docs in corpus.items():
        assert docs, name
        assert corpus_check(docs, name) == []


def test_each_file_is_named_after_its_id() -> None:
    for name in CORPUS_SETS:
        for path in (CORPUS_ROOT / name).glob("*.json"):
            assert json.loads(path.read_text(encoding="utf-8"))["id"] == path.stem


def test_the_corpus_is_as_large_and_varied_as_promised(corpus) -> None:  # type: ignore[no-untyped-def]
    docs = corpus["dev"] + corpus["holdout"]
    assigning = [d for d in docs if d["assignments"]]
    assert sum(len(d["assignments"]) for d in docs) >= 300
    assert len(assigning) >= 60
    assert len({d["issuer_kind"] for d in docs}) >= 10
    assert len(corpus["holdout"]) >= 30 and sum(len(d["assignments"]) for d in corpus["holdout"]) >= 150
    assert any(not d["assignments"] for d in corpus["holdout"]) and any(not d["assignments"] for d in corpus["dev"])
    # Split by document: no source in both sets.
    assert not {d["source_url"] for d in corpus["dev"]} & {d["source_url"] for d in corpus["holdout"]}


def test_the_checker_finds_what_is_wrong() -> None:
    doc = {"id": "d999", "source_url": "ftp://x", "issuer": "UBND", "issuer_kind": "ubnd_tinh", "doc_kind": "cv",
           "issued_on": "2025-02-30", "text": "Giao Sở A làm X.",
           "assignments": [{"lead_as_written": "Sở A", "lead_unit": "Sở A", "lead_group": None,
                            "support_units": [], "deadline": "31/12/2025", "deadline_as_written": None,
                            "expected_output": None, "span": "Giao Sở B"}]}
    problems = " | ".join(corpus_check([doc, dict(doc)], "holdout"))
    for expected in ("web address", "issued_on", "deadline", "span", "duplicate id", "set's letter"):
        assert expected in problems


@dataclass
class FakeTask:
    """What the scorer reads of a proposal (the reader's ProposedTask has the same attributes)."""

    sentence: str
    lead_unit: str | None = None
    lead_unit_as_written: str = ""
    deadline: str | None = None
    recurring: bool = False
    support_units: list[str] = field(default_factory=list)
    support_units_unmatched: list[str] = field(default_factory=list)
    output: str = "Báo cáo kết quả thực hiện"
    text: str = ""


TEXT = ("Giao Sở Tài chính lập kế hoạch vốn, hoàn thành trước ngày 31/12/2025.\n"
        "Giao Sở Y tế phối hợp với Sở Nội vụ rà soát nhân lực.\n"
        "Sở Xây dựng báo cáo hằng năm.\n"
        "Hội nghị đánh giá cao kết quả đạt được.")


def _gold(lead: str, deadline: str | None, span: str, *, supports=(), output=None) -> dict:  # type: ignore[no-untyped-def]
    return {"lead_as_written": lead, "lead_unit": lead, "lead_group": None, "support_units": list(supports),
            "deadline": deadline, "deadline_as_written": None, "expected_output": output, "span": span}


GOLD_DOC = {"id": "d001", "issued_on": None, "text": TEXT, "assignments": [
    _gold("Sở Tài chính", "2025-12-31", "Giao Sở Tài chính lập kế hoạch vốn, hoàn thành trước ngày 31/12/2025.",
          output="Kế hoạch vốn"),
    _gold("Sở Y tế", None, "Giao Sở Y tế phối hợp với Sở Nội vụ rà soát nhân lực.", supports=["Sở Nội vụ"]),
    _gold("Sở Xây dựng", "recurring", "Sở Xây dựng báo cáo hằng năm."),
]}
NEGATIVE_DOC = {"id": "d002", "issued_on": None, "text": "Ban Chỉ đạo ghi nhận kết quả.", "assignments": []}


def _reader(text, matcher, today):  # type: ignore[no-untyped-def]
    if text == NEGATIVE_DOC["text"]:
        return [FakeTask(sentence="Ban Chỉ đạo ghi nhận kết quả.", lead_unit_as_written="Ban Chỉ đạo")]
    return [
        FakeTask(sentence="Giao Sở Tài chính lập kế hoạch vốn, hoàn thành trước ngày 31/12/2025.",
                 lead_unit="Sở Tài chính", deadline="2025-12-31", output="Kế hoạch vốn năm 2026"),
        FakeTask(sentence="Giao Sở Y tế phối hợp với Sở Nội vụ rà soát nhân lực.", lead_unit=None,
                 lead_unit_as_written="Sở Y tế", deadline="2025-06-30",
                 support_units=["Sở Nội vụ"], support_units_unmatched=["Sở Tư pháp"]),
        FakeTask(sentence="Hội nghị đánh giá cao kết quả đạt được.", lead_unit_as_written="Hội nghị"),
    ]


def test_precision_and_recall_are_computed_as_worked_out_by_hand() -> None:
    q = corpus_measure([GOLD_DOC, NEGATIVE_DOC], matcher=None, set_name="test", reader=_reader)  # type: ignore[arg-type]
    assert (q.documents, q.documents_assigning, q.assignments, q.proposals) == (2, 1, 3, 4)
    # Two of the four proposals match a gold assignment (the appraisal and the negative's do not).
    assert q.proposals_matched == 2 and q.proposals_precision == pytest.approx(0.5)
    # Lead: both matched proposals name the right lead (one by its name as written); Sở Xây dựng was missed.
    assert (q.lead.proposed, q.lead.proposed_right, q.lead.expected, q.lead.expected_right) == (2, 2, 3, 2)
    # Deadline: gold has two (a date, recurring); one proposed right; the Y tế date was invented.
    assert (q.deadline.proposed, q.deadline.proposed_right, q.deadline.expected, q.deadline.expected_right) == \
        (2, 1, 2, 1)
    assert q.deadline.precision == pytest.approx(0.5) and q.deadline.recall == pytest.approx(0.5)
    # Support units: Sở Nội vụ right, Sở Tư pháp extra.
    assert (q.support.proposed, q.support.proposed_right, q.support.expected, q.support.expected_right) == (2, 1, 1, 1)
    # Expected output: the default "Báo cáo kết quả thực hiện" counts as none proposed.
    assert (q.output.proposed, q.output.proposed_right, q.output.expected, q.output.expected_right) == (1, 1, 1, 1)
    assert q.lead_and_deadline_right == 1 and q.both_right_share == pytest.approx(1 / 3)
    assert q.false_alarms == ["d002"] and q.empty == [] and q.crashed == []
    assert [m["want_lead"] for m in q.mistakes] == ["Sở Y tế", "Sở Xây dựng"]


def test_a_crash_and_an_empty_answer_are_counted_not_raised() -> None:
    def crashing(text, matcher, today):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    q = corpus_measure([GOLD_DOC], matcher=None, reader=crashing)  # type: ignore[arg-type]
    assert q.crashed == ["d001: ValueError: boom"] and q.empty == ["d001"]
    assert q.lead.expected_right == 0 and q.lead_and_deadline_right == 0
    silent = corpus_measure([GOLD_DOC], matcher=None, reader=lambda t, m, d: [])  # type: ignore[arg-type]
    assert silent.empty == ["d001"] and silent.lead.recall == 0.0 and silent.proposals_precision == 0.0


def test_one_sentence_with_two_leads_matches_the_proposal_to_the_lead_it_names() -> None:
    text = "Giao Sở A, Sở B rà soát hồ sơ."
    gold = [_gold("Sở A", None, text), _gold("Sở B", None, text)]
    assert match_proposals(text, gold, [FakeTask(sentence=text, lead_unit_as_written="Sở B")]) == [None, 0]
    both = [FakeTask(sentence=text, lead_unit_as_written="Sở A"), FakeTask(sentence=text, lead_unit_as_written="Sở B")]
    assert match_proposals(text, gold, both) == [0, 1]


def test_names_are_compared_without_accents_titles_or_abbreviation_differences() -> None:
    assert lead_key("Giám đốc Sở Y tế") == lead_key("Sở Y tế")
    assert lead_key("Ủy ban nhân dân thành phố Hà Nội") == lead_key("UBND TP Hà Nội")
    assert lead_key("Sở Nông nghiệp & PTNT") == lead_key("Sở Nông nghiệp và Phát triển nông thôn")
    assert lead_key("Sở Y tế") != lead_key("Sở Tư pháp")
    assert output_matches("Kế hoạch vốn năm 2026", "Kế hoạch vốn") and not output_matches("Đề án", "Kế hoạch vốn")


def test_the_command_reports_both_sets_and_the_reader_never_crashes() -> None:
    out = StringIO()
    call_command("reader_quality", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == set(CORPUS_SETS)
    for figures in data.values():
        assert figures["crashed"] == []
        assert figures["assignments"] > 0 and 0.0 <= figures["lead"]["recall"] <= 1.0
    table = StringIO()
    call_command("reader_quality", "--set", "holdout", stdout=table)
    assert "Chủ trì và thời hạn đều đúng" in table.getvalue() and "Tập dev" not in table.getvalue()


def test_the_command_reads_another_corpus_and_refuses_a_broken_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "dev").mkdir()
    doc = {"id": "d001", "source_url": "https://example.org/a", "issuer": "UBND tỉnh", "issuer_kind": "ubnd_tinh",
           "doc_kind": "cong_van", "issued_on": None, "text": TEXT, "assignments": GOLD_DOC["assignments"]}
    (tmp_path / "dev" / "d001.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("reader_quality", "--set", "dev", "--path", str(tmp_path), "--json", stdout=out)
    assert json.loads(out.getvalue())["dev"]["assignments"] == 3
    doc["assignments"] = [{**GOLD_DOC["assignments"][0], "span": "không có trong văn bản"}]
    (tmp_path / "dev" / "d001.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="span"):
        call_command("reader_quality", "--set", "dev", "--path", str(tmp_path), stdout=StringIO())
    with pytest.raises(CommandError, match="Không có văn bản"):
        call_command("reader_quality", "--set", "holdout", "--path", str(tmp_path), stdout=StringIO())
