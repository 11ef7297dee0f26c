"""Field validators for Chinese identifiers, with Chinese error messages.

The check-character arithmetic comes from python-stdnum (GB 11643 resident identity
numbers, GB 32100 unified social credit codes); this module only decides which checks
apply and words the errors for users.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc


def validate_division_code(value: str) -> None:
    """统计用区划代码: 12 digits — province(2) city(2) county(2) township(3) village(3)."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(_("统计用区划代码应为12位数字。"), code="division_code_format")
    if value[:2] in {"00", "10", "20", "30", "40", "50", "60", "70", "80", "90"} or value[:2] > "82":
        raise ValidationError(_("统计用区划代码的前两位不是有效的省级代码。"), code="division_code_province")


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="uscc_length")
    try:
        uscc.validate(value)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(_("统一社会信用代码校验位不正确,请核对。"), code="uscc_checksum") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("统一社会信用代码格式不正确(只能包含数字和除 I、O、Z、S、V 以外的大写字母)。"),
            code="uscc_format",
        ) from exc


def validate_resident_id(value: str, *, today: datetime.date | None = None) -> None:
    """居民身份证号码 (GB 11643-1999): 17 digits + check character (digit or X),
    with a real birth date not in the future.

    The birthplace part is deliberately not checked against a list of division codes:
    codes change (districts are created and merged) and a valid citizen must never be
    turned away because a list is out of date.
    """
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError(_("居民身份证号码应为18位。"), code="ric_length")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError(_("居民身份证号码前17位应为数字,最后一位为数字或X。"), code="ric_format")
    if ric.calc_check_digit(value) != value[17]:
        raise ValidationError(_("居民身份证号码校验位不正确,请核对。"), code="ric_checksum")
    try:
        birth = ric.get_birth_date(value)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("居民身份证号码中的出生日期无效。"), code="ric_birth_date") from exc
    if birth > (today or datetime.date.today()) or birth.year < 1880:
        raise ValidationError(_("居民身份证号码中的出生日期无效。"), code="ric_birth_date")


def is_valid_resident_id(value: str) -> bool:
    try:
        validate_resident_id(value)
    except ValidationError:
        return False
    return True


def validate_site_code(value: str) -> None:
    """网站标识码: 10 digits for government sites (e.g. 4108250001)."""
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(_("网站标识码应为10位数字。"), code="site_code_format")


def validate_postal_code(value: str) -> None:
    if not re.fullmatch(r"\d{6}", value or ""):
        raise ValidationError(_("邮政编码应为6位数字。"), code="postal_code_format")


_PHONE = re.compile(
    r"^(\(?0\d{2,3}\)?[- ]?)?\d{7,8}([- 转]\d{1,6})?$|^1[3-9]\d{9}$|^(400|800)[- ]?\d{3}[- ]?\d{4}$|^12345$"
)


def validate_phone(value: str) -> None:
    """Landline with area code (0391-1234567), mobile, 400/800 numbers or 12345."""
    if not _PHONE.match((value or "").strip()):
        raise ValidationError(_("电话号码格式不正确,例如 0391-1234567 或 13812345678。"), code="phone_format")


def validate_mobile(value: str) -> None:
    if not re.fullmatch(r"1[3-9]\d{9}", (value or "").strip()):
        raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="mobile_format")
