from motcua.core.text import fold, nfc


def test_fold_strips_marks_and_case():
    assert fold("Thành phố Hồ Chí Minh") == "thanh pho ho chi minh"


def test_fold_maps_d_with_stroke():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("đăng ký kinh doanh") == "dang ky kinh doanh"


def test_fold_collapses_whitespace():
    assert fold("  Xã   Tân  Phú ") == "xa tan phu"


def test_fold_is_insensitive_to_normal_form():
    decomposed = "Nguye\u0302\u0303n"  # Nguyễn written with combining marks
    assert fold(decomposed) == fold("Nguyễn") == "nguyen"
    assert nfc(decomposed) == "Nguyễn"
