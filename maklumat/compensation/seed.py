"""Reference data: the Blitar 2025 and Muara Enim 2020 policies; demo data: souvenirs and outages."""

from __future__ import annotations

from maklumat.compensation.models import CompensationPolicy
from maklumat.compensation.rules.policy import policy_from_dict, seeded_policy_specs
from maklumat.offices.models import Office


def seed_reference(log) -> None:
    """Load the shipped policies once; an existing policy code is never rewritten."""
    for spec in seeded_policy_specs():
        policy = policy_from_dict(spec)  # validates before anything is stored
        CompensationPolicy.objects.get_or_create(
            code=policy.code,
            defaults={
                "office": Office.objects.get(code=policy.office), "title_id": policy.title_id,
                "title_en": policy.title_en, "document": policy.document,
                "effective_from": policy.effective_from, "effective_to": policy.effective_to,
                "spec": spec,
            },
        )
    log(f"compensation: {CompensationPolicy.objects.count()} kebijakan kompensasi")


def seed_demo(log) -> None:
    from maklumat.compensation.demo import seed_compensation_demo

    blitar = Office.objects.filter(code="blitar").first()
    if blitar is not None:
        seed_compensation_demo(log, today=blitar.local_date())
