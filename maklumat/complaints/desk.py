"""The complaint desk's list: search, filters, sorting and pagination, all in SQL.

The query string is the state (``?q=…&kanal=…&milik=saya&hal=2``): links, the back button and htmx
requests carry it. ``DeskQuery.from_params`` reads it (unknown values fall back to the defaults, never
a 500); ``desk_rows`` turns it into one queryset; the view paginates it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from maklumat.complaints.models import Channel, Complaint, ComplaintStep, Status, StepStatus

PAGE_SIZE = 50
# ``urut``: the orderings offered (default: the SLA order, breached first, then the active step's due time).
SORTS = {
    "sla": ("-breached", "status", F("due_at").asc(nulls_last=True), "-received_at", "-pk"),
    "baru": ("-received_at", "-pk"),
    "lama": ("received_at", "pk"),
    "tenggat": (F("due_at").asc(nulls_last=True), "-received_at", "-pk"),
}
# ``milik``: whose active step (``saya`` mine, ``peran`` my role's, ``kosong`` nobody's yet, or a user id).
OWNER_KEYWORDS = ("saya", "peran", "kosong")
STATUS_FILTERS = ("active", *Status.values, "all")


@dataclass(frozen=True)
class DeskQuery:
    q: str = ""
    status: str = "active"
    channel: str = ""
    category: int | None = None
    step: str = ""
    owner: str = ""
    overdue: bool = False
    sort: str = "sla"
    page: str = "1"

    @classmethod
    def from_params(cls, params) -> DeskQuery:
        category = params.get("kategori", "")
        owner = params.get("milik", "")
        status = params.get("status", "active")
        sort = params.get("urut", "sla")
        channel = params.get("kanal", "")
        return cls(
            q=params.get("q", "").replace("\x00", "").strip()[:100],
            status=status if status in STATUS_FILTERS else "active",
            channel=channel if channel in Channel.values else "",
            category=int(category) if category.isascii() and category.isdigit() and len(category) < 10 else None,
            step=params.get("langkah", "")[:40],
            owner=owner if owner in OWNER_KEYWORDS or (owner.isascii() and owner.isdigit() and len(owner) < 10)
            else "",
            overdue=params.get("terlambat") == "1",
            sort=sort if sort in SORTS else "sla",
            page=params.get("hal", "1")[:10],
        )

    def params(self, **changes) -> str:
        """The query string of this view (with ``changes``), without defaults: for links and pagination."""
        query = replace(self, **changes)
        pairs = {"q": query.q, "status": "" if query.status == "active" else query.status, "kanal": query.channel,
                 "kategori": query.category or "", "langkah": query.step, "milik": query.owner,
                 "terlambat": "1" if query.overdue else "", "urut": "" if query.sort == "sla" else query.sort,
                 "hal": "" if str(query.page) == "1" else query.page}
        return urlencode({key: value for key, value in pairs.items() if value not in ("", None)})

    @property
    def filtered(self) -> bool:
        return self != DeskQuery(page=self.page, sort=self.sort)


def _active_step(**conditions) -> Exists:
    return Exists(ComplaintStep.objects.filter(complaint=OuterRef("pk"), status=StepStatus.ACTIVE, **conditions))


def desk_rows(rows: QuerySet[Complaint], query: DeskQuery, *, user, sees_identity: bool,
              now: datetime) -> QuerySet[Complaint]:
    """``rows`` (already limited to what ``user`` may see at one office) searched, filtered and sorted.

    The reporter's name, phone and e-mail are searched only where the user may see them: a search by
    name must not reveal who filed an anonymous complaint to someone outside the complaint team.
    """
    if query.status == "active":
        rows = rows.exclude(status=Status.RESOLVED)
    elif query.status in Status.values:
        rows = rows.filter(status=query.status)
    if query.channel:
        rows = rows.filter(channel=query.channel)
    if query.category:
        rows = rows.filter(category_id=query.category)
    if query.step:
        rows = rows.filter(_active_step(code=query.step))
    if query.owner == "saya":
        rows = rows.filter(_active_step(owner=user))
    elif query.owner == "peran":
        rows = rows.filter(_active_step(actor_role=user.role or "-"))
    elif query.owner == "kosong":
        rows = rows.filter(_active_step(owner__isnull=True))
    elif query.owner:
        rows = rows.filter(_active_step(owner_id=int(query.owner)))
    if query.overdue:
        rows = rows.filter(Q(breached=True) | Q(status=Status.OPEN, due_at__lt=now))
    if query.q:
        text = query.q
        found = (Q(tracking_code__icontains=text) | Q(lapor_tracking_id__icontains=text)
                 | Q(subject__icontains=text) | Q(description__icontains=text))
        reporter = (Q(reporter_name__icontains=text) | Q(reporter_phone__icontains=text)
                    | Q(reporter_email__icontains=text) | Q(handle__icontains=text))
        found |= reporter if sees_identity else (reporter & Q(anonymous=False))
        rows = rows.filter(found)
    return rows.order_by(*SORTS[query.sort])
