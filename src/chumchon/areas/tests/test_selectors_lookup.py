import pytest

from chumchon.areas.models import Area
from chumchon.areas.selectors import AreaNotFound, area_lookup, area_resolve_code

pytestmark = pytest.mark.django_db


def codes(text: str) -> list[str]:
    return [a.code for a in area_lookup(text)]


@pytest.mark.parametrize(
    "text",
    [
        "240104",
        "ต.คลองนา อ.เมืองฉะเชิงเทรา",
        "ตำบลคลองนา อำเภอเมืองฉะเชิงเทรา จังหวัดฉะเชิงเทรา",
        "ตำบล คลองนา  อำเภอ เมืองฉะเชิงเทรา",
        "ต.คลองนา อ.เมือง จ.ฉะเชิงเทรา",
        "คลองนา เมืองฉะเชิงเทรา",
        "ต.คลองนา, อ.เมืองฉะเชิงเทรา",
        "Khlong Na, Mueang Chachoengsao",
        "Tambon Khlong Na, Mueang Chachoengsao, Chachoengsao",
        "khlong na, mueang chachoengsao district",
    ],
)
def test_address_finds_exactly_khlong_na(text: str) -> None:
    assert codes(text) == ["240104"]


def test_name_alone_finds_every_tambon_of_that_name() -> None:
    found = codes("ต.คลองนา")
    assert "240104" in found
    assert all(len(c) == 6 for c in found)
    assert codes("ตำบล คลองนา") == found == codes("คลองนา")
    assert codes("Khlong Na") == found


def test_prefixes_pick_the_level() -> None:
    assert codes("จ.ฉะเชิงเทรา") == ["24"]
    assert codes("จังหวัดฉะเชิงเทรา") == ["24"]
    assert codes("อ.เมืองฉะเชิงเทรา") == ["2401"]
    assert codes("Chachoengsao") == ["24"]
    assert codes("กรุงเทพฯ") == ["10"]


def test_bangkok_khet_and_khwaeng() -> None:
    assert codes("เขตพระนคร") == ["1001"]
    assert codes("แขวงดุสิต เขตดุสิต") == ["100201"]


def test_unknown_code_raises_bilingual_error() -> None:
    with pytest.raises(AreaNotFound) as info:
        area_lookup("249999")
    assert "ไม่พบพื้นที่" in str(info.value) and "No area" in str(info.value)
    with pytest.raises(AreaNotFound):
        area_resolve_code("99")
    with pytest.raises(AreaNotFound):
        area_resolve_code("not-a-code")


def test_resolve_code() -> None:
    assert area_resolve_code(" 240104 ") == Area.objects.get(code="240104")


def test_unknown_name_is_empty_and_prefix_fallback() -> None:
    assert area_lookup("ไม่มีตำบลนี้แน่นอน") == []
    assert area_lookup("") == []
    assert "24" in codes("ฉะเชิง")  # no exact match: names starting with it


def test_wrong_district_excludes_the_tambon() -> None:
    assert codes("ต.คลองนา อ.บางคล้า") == []
