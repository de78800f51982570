"""The arithmetic of the 766 service index (Decision 766/QĐ-TTg; domain reference §8). Pure module: no
Django. The metrics themselves (max points, targets, formulas, the rule when nothing is counted) are
configuration (``reports.models.IndexMetric``); ``DEFAULT_METRICS`` is the seed of the first version.

Score of a metric: ``min(max, max × ratio / target)``; a metric with nothing to count (denominator 0)
gets full points, no points or is left out, per its ``zero_rule``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FULL, ZERO, EXCLUDE = "full", "zero", "exclude"

# (code, group, group name, name, max points, target %, formula, zero rule, applies to communes)
DEFAULT_METRICS = (
    ("1.1", 1, "Công khai, minh bạch", "Thủ tục được công bố đúng hạn", 6, 100, "published_on_time", ZERO, False),
    ("1.2", 1, "Công khai, minh bạch", "Thủ tục được công khai đúng hạn", 4, 100, "made_public_on_time", ZERO, False),
    ("1.3", 1, "Công khai, minh bạch", "Thủ tục có đủ thông tin", 2, 100, "complete_records", ZERO, False),
    ("1.4", 1, "Công khai, minh bạch", "Hồ sơ được đồng bộ lên Cổng DVC quốc gia", 6, 100, "synchronised", ZERO, True),
    ("2.1", 2, "Tiến độ giải quyết", "Hồ sơ giải quyết đúng hạn", 20, 100, "on_time", ZERO, True),
    ("2.2", 2, "Tiến độ giải quyết", "Thời gian giải quyết trung bình", 0, 100, "average_time", EXCLUDE, True),
    ("3.1", 3, "Dịch vụ trực tuyến", "Thủ tục cung cấp dịch vụ trực tuyến", 2, 80, "procedures_online", ZERO, True),
    ("3.2", 3, "Dịch vụ trực tuyến", "Dịch vụ trực tuyến có phát sinh hồ sơ", 4, 100, "online_used", ZERO, True),
    ("3.3", 3, "Dịch vụ trực tuyến", "Hồ sơ trực tuyến", 6, 50, "online_dossiers", ZERO, True),
    ("3.5", 4, "Thanh toán trực tuyến", "Thủ tục có phí được tích hợp thanh toán trực tuyến", 2, 80,
     "fee_procedures_payable", ZERO, True),
    ("3.5b", 4, "Thanh toán trực tuyến", "Thủ tục có phí phát sinh thanh toán trực tuyến", 2, 80,
     "fee_procedures_paid", ZERO, True),
    ("3.6", 4, "Thanh toán trực tuyến", "Hồ sơ thanh toán trực tuyến", 6, 100, "dossiers_paid_online", ZERO, True),
    ("4.1", 5, "Số hóa hồ sơ", "Hồ sơ có kết quả điện tử", 6, 100, "e_results", ZERO, True),
    ("4.2", 5, "Số hóa hồ sơ", "Hồ sơ được số hóa", 4, 80, "digitized", ZERO, True),
    ("4.3", 5, "Số hóa hồ sơ", "Khai thác, sử dụng lại dữ liệu số hóa", 2, 80, "reused", ZERO, True),
    ("4.4", 5, "Số hóa hồ sơ", "Kho dữ liệu của công dân", 4, 100, "data_store", ZERO, True),
    ("4.5a", 5, "Số hóa hồ sơ", "Thủ tục sử dụng dữ liệu dân cư", 2, 100, "population_procedures", ZERO, True),
    ("4.5b", 5, "Số hóa hồ sơ", "Hồ sơ sử dụng dữ liệu dân cư", 2, 100, "population_dossiers", ZERO, True),
    ("4.6", 5, "Số hóa hồ sơ", "Xã cung cấp chứng thực bản sao điện tử", 2, 100, "certified_copies", ZERO, False),
    ("5.1", 6, "Mức độ hài lòng", "Phản ánh, kiến nghị theo loại", 0, 100, "feedback_by_category", EXCLUDE, True),
    ("5.2", 6, "Mức độ hài lòng", "Phản ánh, kiến nghị xử lý đúng hạn", 6, 100, "feedback_on_time", FULL, True),
    ("5.3", 6, "Mức độ hài lòng", "Hài lòng về xử lý phản ánh, kiến nghị", 6, 100, "feedback_satisfied", FULL, True),
    ("5.4", 6, "Mức độ hài lòng", "Hài lòng về giải quyết hồ sơ", 6, 90, "dossier_satisfaction", ZERO, True),
)
# Grading bands: a setting (domain reference §8, UNCONFIRMED), highest first.
DEFAULT_BANDS = ((90, "Xuất sắc"), (80, "Tốt"), (70, "Khá"), (50, "Trung bình"), (0, "Yếu"))

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Ratio:
    numerator: Decimal
    denominator: Decimal

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)


@dataclass(frozen=True)
class Score:
    points: Decimal | None  # None: not scored
    max_points: Decimal
    percent: Decimal | None  # the ratio in %, 2 decimals

    @property
    def scored(self) -> bool:
        return self.points is not None


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def score(ratio: Ratio, *, max_points, target, zero_rule: str) -> Score:
    """``min(max, max × ratio / target)`` (target in %), rounded to 2 decimals."""
    max_points, target = _d(max_points), _d(target)
    value = ratio.value
    if value is None:
        if zero_rule == FULL:
            return Score(max_points, max_points, None)
        if zero_rule == ZERO:
            return Score(Decimal("0.00"), max_points, None)
        return Score(None, max_points, None)
    percent = (value * 100).quantize(TWO, ROUND_HALF_UP)
    if not max_points:
        return Score(None, max_points, percent)
    points = min(max_points, max_points * value * 100 / target) if target else max_points
    return Score(points.quantize(TWO, ROUND_HALF_UP), max_points, percent)


def satisfaction_ratio(dossiers: int, late: int, complained: int) -> Ratio:
    """Metric 5.4: 100% − (late share + complaint/dislike share); the numerator is clipped at 0."""
    if not dossiers:
        return Ratio(Decimal(0), Decimal(0))
    return Ratio(Decimal(max(0, dossiers - late - complained)), Decimal(dossiers))


def grade(total, bands=DEFAULT_BANDS) -> str:
    total = _d(total)
    for minimum, label in sorted(bands, key=lambda b: -_d(b[0])):
        if total >= _d(minimum):
            return label
    return ""


def total(points, applicable_max) -> tuple[Decimal, Decimal]:
    """(sum of points, sum of the maxima of the scored metrics)."""
    return (sum((_d(p) for p in points), Decimal("0.00")), sum((_d(m) for m in applicable_max), Decimal("0.00")))


def normalised(points, applicable_max, scale=100) -> Decimal:
    """The total on a 100-point scale (communes, to which some metrics do not apply, score out of less)."""
    got, out_of = total(points, applicable_max)
    if not out_of:
        return Decimal("0.00")
    return (got * _d(scale) / out_of).quantize(TWO, ROUND_HALF_UP)
