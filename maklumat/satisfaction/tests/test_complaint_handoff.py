"""Suggestions marked as complaints: the selector the complaint team consumes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from maklumat.satisfaction.selectors import suggestions_marked_as_complaints
from maklumat.satisfaction.services import suggestion_mark_as_complaint
from maklumat.satisfaction.tests.factories import make_response


def test_only_marked_suggestions_of_the_office_since_the_day_are_handed_off(blitar, pamekasan):
    old = make_response(blitar, date(2025, 1, 5), suggestion="a", marked_as_complaint=True,
                        complaint_marked_on=date(2025, 1, 5))
    new = make_response(blitar, date(2025, 3, 5), suggestion="b", marked_as_complaint=True,
                        complaint_marked_on=date(2025, 3, 5))
    make_response(blitar, date(2025, 3, 6), suggestion="c")  # a plain suggestion
    make_response(pamekasan, date(2025, 3, 6), suggestion="d", marked_as_complaint=True,
                  complaint_marked_on=date(2025, 3, 6))
    assert list(suggestions_marked_as_complaints(blitar, since=date(2025, 3, 1))) == [new]
    assert list(suggestions_marked_as_complaints(blitar, since=date(2025, 1, 1))) == [old, new]


def test_marking_twice_keeps_the_first_day_and_one_audit_entry(kasubsi, blitar):
    from maklumat.audit.models import AuditEntry

    row = make_response(blitar, date(2025, 3, 5), suggestion="Calo di depan kantor.")
    first = suggestion_mark_as_complaint(actor=kasubsi, response=row)
    again = suggestion_mark_as_complaint(actor=kasubsi, response=row)
    assert again.complaint_marked_on == first.complaint_marked_on
    assert AuditEntry.objects.filter(action="ikm_suggestion.mark_complaint").count() == 1


def test_a_response_without_suggestion_cannot_be_a_complaint(kasubsi, blitar):
    row = make_response(blitar, date(2025, 3, 5))
    with pytest.raises(ValidationError) as refused:
        suggestion_mark_as_complaint(actor=kasubsi, response=row)
    assert refused.value.message_dict == {"suggestion": ["Jawaban tanpa saran tidak dapat menjadi pengaduan."]}
    row.refresh_from_db()
    assert not row.marked_as_complaint


def test_other_areas_get_the_hand_off_through_ask_without_importing_satisfaction(kasubsi, blitar, pamekasan):
    from maklumat.lib.areas import ask

    mine = make_response(blitar, date(2025, 3, 5), suggestion="b", marked_as_complaint=True,
                         complaint_marked_on=date(2025, 3, 5))
    other = make_response(pamekasan, date(2025, 3, 5), suggestion="c")
    assert list(ask("surveys", "suggestions_marked_as_complaints", blitar, date(2025, 3, 1))) == [mine]
    assert ask("surveys", "survey_suggestion", blitar, mine.pk) == mine
    assert ask("surveys", "survey_suggestion", blitar, other.pk) is None
