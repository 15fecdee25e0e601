"""The e-mail channel: a maildir/mbox opens complaints and threads replies by tracking code."""

import mailbox
from email.message import EmailMessage
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from maklumat.complaints.models import Channel, Complaint, StepStatus
from maklumat.notifications.services import messages_send_due


def message(subject, body, sender="Rina <rina@example.test>", msg_id="<1@example.test>",
            date="Mon, 13 Jan 2025 09:00:00 +0700"):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"], msg["Date"] = (
        sender, "pengaduan@pamekasan.test", subject, msg_id, date)
    msg.set_content(body)
    return msg


def write_maildir(path, messages):
    box = mailbox.Maildir(str(path), create=True)
    for msg in messages:
        box.add(msg)
    box.close()
    return path


def test_a_new_message_opens_an_email_complaint_and_is_acknowledged(tmp_path, pamekasan,
                                                                   django_capture_on_commit_callbacks):
    box = write_maildir(tmp_path / "inbox", [message("Paspor rusak saat diambil", "Halaman 3 sobek.")])
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("complaints", "mail", str(box), "--office", "pamekasan", stdout=out)
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.subject, complaint.reporter_email) == (
        Channel.EMAIL, "Paspor rusak saat diambil", "rina@example.test")
    assert complaint.description == "Halaman 3 sobek."
    assert complaint.steps.get(status=StepStatus.ACTIVE).code == "intake"
    assert "1 pengaduan baru" in out.getvalue()
    assert mail.outbox == []  # the acknowledgement waits in the outbox for the worker
    assert messages_send_due().sent == 1
    assert len(mail.outbox) == 1 and complaint.tracking_code in mail.outbox[0].subject
    assert mail.outbox[0].to == ["rina@example.test"]


def test_a_reply_with_the_tracking_code_is_threaded_and_reading_twice_stores_nothing(tmp_path, pamekasan):
    first = write_maildir(tmp_path / "a", [message("Antrian M-Paspor error", "Tidak bisa pilih tanggal")])
    call_command("complaints", "mail", str(first), "--office", "pamekasan", stdout=StringIO())
    code = Complaint.objects.get().tracking_code
    reply = message(f"Re: [{code}] Pengaduan diterima", "Sudah saya coba lagi, tetap error.",
                    msg_id="<2@example.test>", date="Mon, 13 Jan 2025 10:00:00 +0700")
    second = write_maildir(tmp_path / "b", [message("Antrian M-Paspor error", "Tidak bisa pilih tanggal"), reply])
    out = StringIO()
    call_command("complaints", "mail", str(second), "--office", "pamekasan", stdout=out)
    call_command("complaints", "mail", str(second), "--office", "pamekasan", stdout=StringIO())
    assert Complaint.objects.count() == 1
    complaint = Complaint.objects.get()
    assert complaint.events.filter(kind="message_received").count() == 1
    assert "tetap error" in complaint.events.get(kind="message_received").note
    assert "1 balasan terhubung, 1 sudah dibaca" in out.getvalue()


def test_an_mbox_file_is_read_too(tmp_path, pamekasan):
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(path))
    box.add(message("Petugas tidak ramah", "Di loket 2"))
    box.close()
    call_command("complaints", "mail", str(path), "--office", "pamekasan", stdout=StringIO())
    assert Complaint.objects.get().subject == "Petugas tidak ramah"


def test_an_unknown_office_is_refused(tmp_path, reference_data):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("complaints", "mail", str(tmp_path), "--office", "atlantis")


class FakeImap:
    """Stands in for imaplib.IMAP4_SSL: one folder with the messages given."""

    instances: list = []

    def __init__(self, host, port):
        self.host, self.port, self.calls = host, port, []
        FakeImap.instances.append(self)

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def select(self, folder, readonly=False):
        self.calls.append(("select", folder, readonly))

    def search(self, charset, criteria):
        return "OK", [b"1"]

    def fetch(self, number, parts):
        return "OK", [(b"1 (RFC822 {100}", self.raw), b")"]

    def logout(self):
        self.calls.append(("logout",))


def test_an_imap_folder_is_read_without_deleting_anything(monkeypatch, pamekasan):
    import imaplib

    FakeImap.raw = message("Loket tutup lebih awal", "Loket tutup jam 14.00, padahal jadwal 16.00.").as_bytes()
    FakeImap.instances = []
    monkeypatch.setattr(imaplib, "IMAP4_SSL", FakeImap)
    monkeypatch.setenv("COMPLAINTS_IMAP_PASSWORD", "rahasia")
    call_command("complaints", "mail", "imaps://pengaduan%40pamekasan@mail.example/INBOX", "--office", "pamekasan",
                 stdout=StringIO())
    assert Complaint.objects.get().subject == "Loket tutup lebih awal"
    fake = FakeImap.instances[0]
    assert (fake.host, fake.port) == ("mail.example", 993)
    assert fake.calls == [("login", "pengaduan@pamekasan", "rahasia"), ("select", "INBOX", True), ("logout",)]


def test_imap_without_a_password_is_refused(monkeypatch, pamekasan):
    monkeypatch.delenv("COMPLAINTS_IMAP_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="COMPLAINTS_IMAP_PASSWORD"):
        call_command("complaints", "mail", "imaps://x@mail.example/INBOX", "--office", "pamekasan")
