"""Vietnamese alphabet order for names of provinces and units."""

from khoi_thi_dua.collation import vietnamese_sort_key


def test_provinces_sort_in_vietnamese_alphabet_order():
    provinces = [
        "Yên Bái",
        "Đắk Lắk",
        "Đà Nẵng",
        "Bình Định",
        "Ân Thi",
        "An Giang",
        "Ăn Xét",
        "Cà Mau",
        "Cần Thơ",
        "Dương Kinh",
        "Ơn Hạ",
        "Ô Môn",
        "Ninh Bình",
        "Ưng Hòa",
        "Uông Bí",
    ]
    assert sorted(provinces, key=vietnamese_sort_key) == [
        "An Giang",
        "Ăn Xét",
        "Ân Thi",
        "Bình Định",
        "Cà Mau",
        "Cần Thơ",
        "Dương Kinh",
        "Đà Nẵng",
        "Đắk Lắk",
        "Ninh Bình",
        "Ô Môn",
        "Ơn Hạ",
        "Uông Bí",
        "Ưng Hòa",
        "Yên Bái",
    ]


def test_tones_order_after_letters_and_case_is_ignored():
    words = ["mạ", "má", "mã", "mả", "mà", "ma", "Mà"]
    ordered = sorted(words, key=vietnamese_sort_key)
    assert ordered[0] == "ma"
    assert ordered[1:3] in (["mà", "Mà"], ["Mà", "mà"])
    assert ordered[3:] == ["mả", "mã", "má", "mạ"]


def test_lowercase_words_do_not_jump_behind_capitals():
    names = ["Ban Quản lý các KCN tỉnh Đắk Lắk", "Ban Quản lý Khu kinh tế tỉnh Gia Lai"]
    assert sorted(names, key=vietnamese_sort_key) == names
