"""The questionnaire of PermenPAN-RB 14/2017: nine elements, four answers each, and the profile.

Wording follows the regulation's sample questionnaire (Indonesian; English in the .po file).
The element order is the one ``DOMAIN.md`` gives (U8 facilities, U9 complaint handling).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    question: str
    answers: tuple[str, str, str, str]  # for the values 1, 2, 3, 4


ELEMENT_LIST: tuple[Element, ...] = (
    Element("u1", _("Persyaratan"),
            _("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
            (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai"))),
    Element("u2", _("Sistem, mekanisme, dan prosedur"),
            _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
            (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah"))),
    Element("u3", _("Waktu penyelesaian"),
            _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
            (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat"))),
    Element("u4", _("Biaya/tarif"),
            _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
            (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis"))),
    Element("u5", _("Produk spesifikasi jenis pelayanan"),
            _("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam "
              "standar pelayanan dengan hasil yang diberikan?"),
            (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai"))),
    Element("u6", _("Kompetensi pelaksana"),
            _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
            (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten"))),
    Element("u7", _("Perilaku pelaksana"),
            _("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan "
              "keramahan?"),
            (_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"),
             _("Sangat sopan dan ramah"))),
    Element("u8", _("Sarana dan prasarana"),
            _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
            (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik"))),
    Element("u9", _("Penanganan pengaduan, saran, dan masukan"),
            _("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
            (_("Tidak ada"), _("Ada tetapi tidak berfungsi"), _("Berfungsi kurang maksimal"),
             _("Dikelola dengan baik"))),
)
ELEMENT_BY_CODE = {element.code: element for element in ELEMENT_LIST}


def element_label(code: str) -> str:
    """``U3 Waktu penyelesaian``: the element's code with its name, never the bare code."""
    element = ELEMENT_BY_CODE.get(code)
    return f"{code.upper()} {element.name}" if element else code.upper()


def answer_label(code: str, value: int) -> str:
    """The questionnaire's wording of answer ``value`` (1–4) to element ``code``."""
    return str(ELEMENT_BY_CODE[code].answers[value - 1])


class AgeGroup(models.TextChoices):
    UNDER_20 = "lt20", _("Di bawah 20 tahun")
    FROM_20 = "20-29", _("20–29 tahun")
    FROM_30 = "30-39", _("30–39 tahun")
    FROM_40 = "40-49", _("40–49 tahun")
    FROM_50 = "50-59", _("50–59 tahun")
    OVER_60 = "60+", _("60 tahun ke atas")


class Sex(models.TextChoices):
    MALE = "l", _("Laki-laki")
    FEMALE = "p", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/sederajat")
    DIPLOMA = "d1-d3", _("D1–D3")
    S1 = "d4-s1", _("D4/S1")
    S2 = "s2+", _("S2 ke atas")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS/TNI/Polri")
    PRIVATE = "swasta", _("Pegawai swasta")
    SELF_EMPLOYED = "wiraswasta", _("Wiraswasta/usahawan")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    MIGRANT_WORKER = "pmi", _("Pekerja migran (PMI)")
    HOMEMAKER = "irt", _("Ibu rumah tangga")
    OTHER = "lainnya", _("Lainnya")


PROFILE_FIELDS = ("age_group", "sex", "education", "occupation")
PROFILE_CHOICES = {name: frozenset(choices.values) for name, choices in
                   (("age_group", AgeGroup), ("sex", Sex), ("education", Education), ("occupation", Occupation))}
# Section titles of the profile in the (Indonesian) PDF and XLSX reports.
PROFILE_TITLES = {"age_group": "Usia", "sex": "Jenis kelamin", "education": "Pendidikan terakhir",
                  "occupation": "Pekerjaan", "service": "Jenis layanan"}

# The regulation's grade labels, listed so makemessages finds them: templates show them with
# {% translate grade.label %} (rules.py stays free of Django).
GRADE_LABELS = (_("Sangat Baik"), _("Baik"), _("Kurang Baik"), _("Tidak Baik"))
