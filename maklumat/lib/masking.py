"""Masking personal data (NIK, passport and phone numbers) where the full value is not needed."""

from __future__ import annotations


def mask_tail(value: str | None, visible: int = 4, fill: str = "•") -> str:
    """Keep the last ``visible`` characters: ``3505012345678901`` → ``••••••••••••8901``."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= visible:
        return fill * len(value)
    return fill * (len(value) - visible) + value[-visible:]


def mask_nik(nik: str | None) -> str:
    """A NIK shows its region code (first 4 digits) and last 2: ``3505••••••••••01``."""
    if not nik:
        return ""
    nik = str(nik)
    if len(nik) < 8:
        return "•" * len(nik)
    return nik[:4] + "•" * (len(nik) - 6) + nik[-2:]


def mask_phone(phone: str | None) -> str:
    """``081234567890`` → ``0812••••7890``."""
    if not phone:
        return ""
    phone = str(phone)
    if len(phone) < 8:
        return "•" * len(phone)
    return phone[:4] + "•" * (len(phone) - 8) + phone[-4:]


def mask_passport(number: str | None) -> str:
    """``X1234567`` → ``X••••567``."""
    if not number:
        return ""
    number = str(number)
    if len(number) < 5:
        return "•" * len(number)
    return number[0] + "•" * (len(number) - 4) + number[-3:]
