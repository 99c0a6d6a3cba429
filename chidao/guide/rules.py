"""The "Bắt đầu" steps of each role: three to five, each a sentence and the page it happens on."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

START = "start"


@dataclass(frozen=True)
class Step:
    text: str
    url_name: str = ""
    query: str = ""

    @property
    def url(self) -> str:
        if not self.url_name:
            return ""
        try:
            return reverse(self.url_name) + self.query
        except NoReverseMatch:  # a page of an app this installation does not have
            return ""


STEPS: dict[str, list[Step]] = {
    "admin": [
        Step(_("Kiểm tra người dùng và đơn vị (mỗi người một vai trò, mỗi đơn vị một người lãnh đạo)."),
             "admin:index"),
        Step(_("Xem thư gửi đi: trang này cho biết thư đang được gửi qua máy chủ thư hay ghi ra thư mục."),
             "delivery_list"),
        Step(_("Theo dõi nhật ký: mọi thay đổi được ghi lại và không sửa được."), "audit_log"),
        Step(_("Xem tổng quan như lãnh đạo sẽ thấy."), "home"),
    ],
    "leader": [
        Step(_("Xem các nhiệm vụ quá hạn của toàn Ban Chỉ đạo."), "task_list", "?status=open_overdue"),
        Step(_("Quyết định các đề nghị gia hạn đang chờ."), "extension_queue"),
        Step(_("Cho ý kiến chỉ đạo tới đơn vị chậm tiến độ."), "direction_list"),
        Step(_("Chủ trì phiên họp: bắt đầu, chuyển nội dung, biểu quyết, kết luận."), "meeting_list"),
    ],
    "secretariat": [
        Step(_("Nhập văn bản chỉ đạo và giao nhiệm vụ cho đơn vị chủ trì."), "directive_list"),
        Step(_("Mở kỳ báo cáo để các đơn vị báo cáo đúng hạn."), "round_list"),
        Step(_("Thẩm định báo cáo các đơn vị gửi đến."), "review_queue"),
        Step(_("Lên lịch phiên họp và chuẩn bị chương trình, tài liệu."), "meeting_list"),
        Step(_("Xuất báo cáo tổng hợp (.docx) từ trang văn bản chỉ đạo."), "directive_list"),
    ],
    "unit_head": [
        Step(_("Xem nhiệm vụ đơn vị chủ trì và phối hợp."), "workspace"),
        Step(_("Duyệt và gửi báo cáo chuyên viên đã soạn."), "unit_report_list", "?state=draft"),
        Step(_("Đề nghị gia hạn trước thời hạn, từ trang của nhiệm vụ."), "task_list", "?role=lead"),
        Step(_("Trả lời giấy mời họp."), "meeting_list"),
    ],
    "unit_officer": [
        Step(_("Mở “Đơn vị của tôi” để thấy nhiệm vụ cần báo cáo."), "workspace"),
        Step(_("Soạn báo cáo tiến độ, đính kèm minh chứng (tệp hoặc số văn bản)."), "task_list", "?role=lead"),
        Step(_("Trình lãnh đạo đơn vị duyệt; theo dõi báo cáo bị trả lại."), "unit_report_list"),
        Step(_("Xem thông báo, lời nhắc hạn báo cáo."), "notification_list"),
    ],
    "member": [
        Step(_("Xem tổng quan tình hình thực hiện của toàn Ban Chỉ đạo."), "home"),
        Step(_("Tra cứu nhiệm vụ theo văn bản, đơn vị, tình trạng."), "task_list"),
        Step(_("Xem giám sát: cảnh báo nguy cơ chậm, xếp hạng đơn vị."), "warning_list"),
        Step(_("Xem phiên họp được mời và tài liệu họp."), "meeting_list"),
    ],
    "party_member": [
        Step(_("Xem thông báo: nhiệm vụ học tập, giấy mời sinh hoạt chi bộ."), "notification_list"),
        Step(_("Xem phiên họp (sinh hoạt chi bộ) được mời."), "meeting_list"),
        Step(_("Dùng sổ tay: thư viện văn bản, học tập nghị quyết, trang cá nhân."), "home"),
    ],
}


def steps_for(role: str) -> list[Step]:
    return STEPS.get(role, [])
