"""Pages: the person's notifications, the header badge, preferences, the admin's outbox."""

import pytest

from chidao.notifications import services
from chidao.notifications.models import DeliveryState, EmailDelivery, Notification, NotificationKind

pytestmark = pytest.mark.django_db


def give(user, n: int = 1, subject: str = "direction") -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        services.notify(recipients=[user], kind=NotificationKind.DIRECTION_GIVEN, subject=f"{subject}:{i}",
                        title=f"Ý kiến chỉ đạo số {i}", url="/nhiem-vu/")


def test_list_shows_own_notifications_and_unread_badge(client, people) -> None:
    give(people["officer_a"], 2)
    give(people["officer_b"], 1, subject="other")
    client.force_login(people["officer_a"])
    body = client.get("/thong-bao/").content.decode()
    assert body.count('data-testid="notification"') == 2
    assert 'data-testid="nav-unread-count">2<' in body
    client.force_login(people["officer_b"])
    assert client.get("/thong-bao/").content.decode().count('data-testid="notification"') == 1


def test_mark_read_and_read_all(client, people) -> None:
    give(people["officer_a"], 3)
    client.force_login(people["officer_a"])
    note = Notification.objects.filter(recipient=people["officer_a"]).first()
    response = client.post(f"/thong-bao/{note.pk}/mo/", {"go": "1"})
    assert response.status_code == 302 and response["Location"] == "/nhiem-vu/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="nav-unread-count">2<' in client.get("/thong-bao/").content.decode()
    client.post("/thong-bao/doc-het/")
    assert "nav-unread-count" not in client.get("/thong-bao/").content.decode()


def test_another_persons_notification_is_404_and_stays_unread(client, people) -> None:
    give(people["officer_a"])
    note = Notification.objects.get(recipient=people["officer_a"])
    for intruder in ("officer_b", "head_b", "head_a", "admin"):
        client.force_login(people[intruder])
        assert client.post(f"/thong-bao/{note.pk}/mo/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_list_queries_stay_constant(client, people, django_assert_max_num_queries) -> None:
    give(people["officer_a"], 3)
    client.force_login(people["officer_a"])
    client.get("/thong-bao/")
    give(people["officer_a"], 25, subject="more")
    with django_assert_max_num_queries(12):
        assert client.get("/thong-bao/").status_code == 200


def test_preferences_turn_email_off_per_kind(client, people) -> None:
    client.force_login(people["officer_a"])
    chosen = {f"email_{k}": "on" for k in NotificationKind.values if k != "due_soon"}
    assert client.post("/thong-bao/cai-dat/", chosen).status_code == 302
    services.notify(recipients=[people["officer_a"]], kind="due_soon", subject="task:1", title="Sắp đến hạn")
    services.notify(recipients=[people["officer_a"]], kind="overdue", subject="task:1", title="Quá hạn")
    assert list(EmailDelivery.objects.values_list("notification__kind", flat=True)) == ["overdue"]
    body = client.get("/thong-bao/cai-dat/").content.decode()
    assert 'name="email_due_soon" id="pref-due_soon">' in body
    assert 'name="email_overdue" id="pref-overdue" checked>' in body


def test_person_with_a_broken_address_is_told(client, people) -> None:
    from chidao.orgs.models import User

    User.objects.filter(pk=people["officer_a"].pk).update(email="chuyenvien@@")
    client.force_login(people["officer_a"])
    assert "không hợp lệ" in client.get("/thong-bao/").content.decode()


def test_outbox_page_is_for_the_administrator_only(client, people) -> None:
    give(people["officer_a"])
    delivery = EmailDelivery.objects.get()
    EmailDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, attempts=10,
                                                        last_error="Không kết nối được máy chủ thư")
    for name in ("secretariat", "leader", "head_a", "officer_a", "member"):
        client.force_login(people[name])
        assert client.get("/thu-gui-di/").status_code == 403
        assert client.post(f"/thu-gui-di/{delivery.pk}/gui-lai/").status_code == 403
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    client.force_login(people["admin"])
    body = client.get("/thu-gui-di/").content.decode()
    assert "Không kết nối được máy chủ thư" in body
    client.post(f"/thu-gui-di/{delivery.pk}/gui-lai/")
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 0
