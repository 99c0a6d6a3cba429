"""E-mail through a real SMTP server on loopback (aiosmtpd), with the outbox's retries."""

import datetime as dt
import email
from email import policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from chidao.notifications import services
from chidao.notifications.models import DeliveryState, EmailDelivery, NotificationKind

from .fixtures import free_port

pytestmark = pytest.mark.django_db


class Sink:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_port(settings: Any) -> int:
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "chidao@vptu.danang.example"
    return port


def start_server(port: int) -> tuple[Controller, Sink]:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, sink


def notify_officer(officer: Any, *, subject: str = "direction:1") -> None:
    services.notify(recipients=[officer], kind=NotificationKind.DIRECTION_GIVEN, subject=subject,
                    title="Ý kiến chỉ đạo: khẩn trương hoàn thành đề án trung tâm dữ liệu",
                    body="Đề nghị Sở Khoa học và Công nghệ báo cáo trước ngày 30/11/2025.", url="/nhiem-vu/1/")


def test_message_arrives_once_with_vietnamese_subject_and_body(smtp_port, officer_a) -> None:
    controller, sink = start_server(smtp_port)
    try:
        notify_officer(officer_a)
        first = services.deliveries_send_due()
        again = services.deliveries_send_due()
    finally:
        controller.stop()
    assert (first.sent, again.sent) == (1, 0)
    assert len(sink.messages) == 1
    msg = sink.messages[0]
    assert msg["To"] == officer_a.email
    assert msg["Subject"].strip() == "[Chỉ Đạo] Ý kiến chỉ đạo: khẩn trương hoàn thành đề án trung tâm dữ liệu"
    body = msg.get_content()
    assert "báo cáo trước ngày 30/11/2025" in body and "/nhiem-vu/1/" in body
    delivery = EmailDelivery.objects.get()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 1 and delivery.sent_at


def test_server_down_keeps_the_mail_pending_then_sends_it_exactly_once(smtp_port, officer_a, travel) -> None:
    travel(dt.date(2025, 11, 10), hour=8)
    notify_officer(officer_a)
    result = services.deliveries_send_due()  # nothing listens on the port
    delivery = EmailDelivery.objects.get()
    assert result.retried == 1 and result.sent == 0
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1
    assert "Không kết nối được máy chủ thư" in delivery.last_error
    assert delivery.next_attempt_at > delivery.created_at
    controller, sink = start_server(smtp_port)
    try:
        assert services.deliveries_send_due().sent == 0  # not before its retry time
        travel(dt.date(2025, 11, 10), hour=8, minute=2)
        assert services.deliveries_send_due().sent == 1
        travel(dt.date(2025, 11, 10), hour=9)
        assert services.deliveries_send_due().sent == 0
    finally:
        controller.stop()
    assert len(sink.messages) == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 2 and delivery.last_error == ""


def test_refusing_server_is_retried_and_visible(smtp_port, officer_a) -> None:
    class Refuser(Sink):
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "451 Hộp thư tạm thời không nhận"

    controller = Controller(Refuser(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        notify_officer(officer_a)
        result = services.deliveries_send_due()
    finally:
        controller.stop()
    delivery = EmailDelivery.objects.get()
    assert result.retried == 1
    assert delivery.state == DeliveryState.PENDING and "451" in delivery.last_error


def test_bad_address_fails_only_that_person_with_a_vietnamese_reason(smtp_port, officer_a, head_a) -> None:
    from chidao.orgs.models import User

    User.objects.filter(pk=head_a.pk).update(email="giamdoc khcn@@danang")  # as typed in an old spreadsheet
    head_a.refresh_from_db()
    controller, sink = start_server(smtp_port)
    try:
        services.notify(recipients=[head_a, officer_a], kind=NotificationKind.DIRECTION_GIVEN, subject="direction:2",
                        title="Ý kiến chỉ đạo mới")
        services.deliveries_send_due()
    finally:
        controller.stop()
    assert [m["To"] for m in sink.messages] == [officer_a.email]
    bad = EmailDelivery.objects.get(notification__recipient=head_a)
    assert bad.state == DeliveryState.FAILED
    assert "không hợp lệ" in bad.last_error
    assert head_a.notifications.count() == 1  # the in-app notification is still there


def test_giving_up_after_many_attempts_marks_failed(smtp_port, officer_a, travel) -> None:
    from chidao.notifications import rules

    travel(dt.date(2025, 11, 10))
    notify_officer(officer_a)
    for i in range(rules.MAX_ATTEMPTS):
        travel(dt.date(2025, 11, 10 + i))
        services.deliveries_send_due()
    delivery = EmailDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and delivery.attempts == rules.MAX_ATTEMPTS


def test_a_sender_whose_claim_was_taken_over_sends_nothing(officer_a, settings) -> None:
    # Issue 10, finding 5: sender A claims, stalls past its lease; B re-claims and sends; A wakes up.
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notify_officer(officer_a)
    t0 = EmailDelivery.objects.get().next_attempt_at
    token_a, batch_a = services._claim(now=t0, limit=10)
    assert len(batch_a) == 1
    b = services.deliveries_send_due(now=t0 + services.CLAIM_LEASE + dt.timedelta(minutes=1))
    assert b.sent == 1 and len(mail.outbox) == 1
    a = services._send_batch(token_a, batch_a, now=t0)
    assert a.sent == 0 and len(mail.outbox) == 1  # not sent twice
    delivery = EmailDelivery.objects.get()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 2


@pytest.mark.parametrize("title", ["A\nB", "Nhiệm vụ\r\nBcc: ai@example.org", "Tab\tvà\x0bVT\u2028dòng\x1b"])
def test_a_title_with_a_line_break_still_gets_its_email_sent(smtp_port, officer_a, title) -> None:
    controller, sink = start_server(smtp_port)
    try:
        services.notify(recipients=[officer_a], kind=NotificationKind.TASK_ASSIGNED, subject="task:1",
                        title=title, body="Nội dung\nnhiều dòng", url="/nhiem-vu/1/")
        result = services.deliveries_send_due()
    finally:
        controller.stop()
    assert result.sent == 1 and len(sink.messages) == 1
    from chidao.notifications.rules import email_subject

    # The header may be folded on the wire; unfolded it is the one-line subject.
    assert " ".join(str(sink.messages[0]["Subject"]).split()) == email_subject(title)
    assert sink.messages[0]["Bcc"] is None
    assert "Nội dung\r\nnhiều dòng" in sink.messages[0].get_content()
    assert EmailDelivery.objects.get().state == DeliveryState.SENT


def test_email_subject_is_one_line() -> None:
    from chidao.notifications.rules import email_subject

    assert email_subject("A\nB") == "[Chỉ Đạo] A B"
    assert email_subject("  x \r\n\t y ") == "[Chỉ Đạo] x y"
