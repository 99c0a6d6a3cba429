import pytest

from chidao.parsing import UnitMatcher, UnitRecord, unit_key, unit_match

UNITS = [
    UnitRecord(1, "Sở Khoa học và Công nghệ", "Sở KH&CN", ("SKHCN",), code="khcn"),
    UnitRecord(2, "Văn phòng Ủy ban nhân dân thành phố", "VP UBND TP", code="vpubnd"),
    UnitRecord(3, "Sở Thông tin và Truyền thông", "Sở TT&TT", code="tttt"),
    UnitRecord(4, "Trung tâm Giám sát, điều hành đô thị thông minh", "Trung tâm IOC", ("IOC Đà Nẵng",), code="ioc"),
    UnitRecord(5, "Sở Tài chính", "Sở TC", code="taichinh"),
    UnitRecord(6, "Sở Nội vụ", code="noivu"),
    UnitRecord(7, "Ủy ban nhân dân phường Hải Châu", "UBND phường Hải Châu", code="haichau"),
    UnitRecord(8, "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", code="gddt"),
    # Two units an office could confuse: "Trung tâm Dữ liệu" is the alias of both.
    UnitRecord(9, "Trung tâm Dữ liệu thành phố", aliases=("Trung tâm Dữ liệu",), code="ttdl"),
    UnitRecord(10, "Trung tâm Dữ liệu ngành y tế", aliases=("Trung tâm Dữ liệu",), code="ttdlyt"),
]
matcher = UnitMatcher(UNITS)


@pytest.mark.parametrize(
    ("text", "unit_id"),
    [
        ("Sở Khoa học và Công nghệ", 1),
        ("Sở KH&CN", 1),
        ("Sở KHCN", 1),
        ("Sở KH & CN", 1),
        ("sở khoa học & công nghệ", 1),
        ("so khoa hoc va cong nghe", 1),
        ("SO KHOA HOC VA CONG NGHE", 1),
        ("SKHCN", 1),
        ("Sở Khoa học và Công nghệ thành phố Đà Nẵng", 1),
        ("Khoa học và Công nghệ", 1),
        ("VP UBND TP", 2),
        ("VP UBND thành phố", 2),
        ("Văn phòng UBND thành phố", 2),
        ("Văn phòng Uỷ ban nhân dân thành phố", 2),
        ("VP UBND", 2),
        ("Sở TT&TT", 3),
        ("Sở TTTT", 3),
        ("IOC Đà Nẵng", 4),
        ("Trung tâm Giám sát, điều hành đô thị thông minh", 4),
        ("UBND phường Hải Châu", 7),
        ("Ủy ban nhân dân phường Hải Châu", 7),
        ("Sở GD&ĐT", 8),
        ("Sở GDĐT", 8),
        ("- Sở Tài chính.", 5),
    ],
)
def test_names_abbreviations_and_accents_find_the_unit(text: str, unit_id: int) -> None:
    result = matcher.match(text)
    assert result.ok, result.error
    assert result.unit is not None and result.unit.id == unit_id


def test_a_name_matching_no_unit_or_two_is_reported_not_guessed() -> None:
    none = matcher.match("Sở Ngoại vụ")
    assert not none.ok and not none.ambiguous and "Không tìm thấy đơn vị “Sở Ngoại vụ”" in none.error
    two = matcher.match("Trung tâm Dữ liệu")
    assert two.ambiguous and not two.ok and two.unit is None
    assert "khớp với nhiều đơn vị" in two.error
    assert matcher.match("   ").candidates == ()


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Sở Tài chính, Sở Nội vụ", [5, 6]),
        ("Sở Tài chính; Sở Nội vụ", [5, 6]),
        ("Sở Tài chính\nSở Nội vụ\n", [5, 6]),
        ("- Sở Tài chính\n- Sở KHCN", [5, 1]),
        ("Sở Tài chính và Sở Nội vụ", [5, 6]),
        ("Trung tâm Giám sát, điều hành đô thị thông minh, Sở Nội vụ", [4, 6]),
        ("Sở Khoa học và Công nghệ", [1]),
    ],
)
def test_several_support_units_in_one_cell(text: str, ids: list[int]) -> None:
    results = matcher.match_many(text)
    assert all(r.ok for r in results), [r.error for r in results]
    assert [r.unit.id for r in results if r.unit] == ids


def test_one_bad_name_among_several_is_reported_alone() -> None:
    results = matcher.match_many("Sở Tài chính, Sở Ngoại vụ")
    assert [r.ok for r in results] == [True, False]
    assert results[1].text == "Sở Ngoại vụ"


def test_key_spells_out_abbreviations() -> None:
    assert unit_key("UBND TP") == "uy ban nhan dan thanh pho"
    assert unit_key("Sở KH&ĐT") == "so ke hoach va dau tu"


@pytest.mark.django_db
def test_unit_match_reads_the_unit_list_and_its_aliases() -> None:
    from chidao.orgs.services import unit_create

    unit = unit_create(actor=None, code="xaydung", name="Sở Xây dựng", kind="department",
                       aliases=["SXD", "Sở XD thành phố"])
    assert unit_match("Sở XD thành phố").unit.id == unit.pk  # type: ignore[union-attr]
    assert unit_match("sxd").unit.id == unit.pk  # type: ignore[union-attr]
    assert not unit_match("Sở Y tế").ok


def test_a_generic_body_name_never_matches_a_unit_on_its_own() -> None:
    """"Sở TP" (Sở Tư pháp) loses "thành phố" in the loose key and would leave just "sở": a unit
    that no longer exists ("Sở Thông tin và Truyền thông") must not fall to Sở Tư pháp."""
    from chidao.parsing.units import UnitMatcher, UnitRecord

    matcher = UnitMatcher([UnitRecord(1, "Sở Tư pháp", "Sở TP"), UnitRecord(2, "Sở Khoa học và Công nghệ", "Sở KH&CN")])
    assert matcher.match("Sở TP").candidates[0].name == "Sở Tư pháp"
    assert matcher.match("Sở").candidates == ()
    assert matcher.match("Sở Thông tin và Truyền thông").candidates == ()
