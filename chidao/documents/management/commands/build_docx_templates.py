from pathlib import Path

from django.core.management.base import BaseCommand

from chidao.documents.conf import SHIPPED_TEMPLATE_DIR
from chidao.documents.docx_build import build_templates


class Command(BaseCommand):
    help = "Dựng lại các mẫu báo cáo .docx (thể thức nhà nước và thể thức Đảng)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--out", default=str(SHIPPED_TEMPLATE_DIR),
                            help="Thư mục ghi mẫu (mặc định: mẫu đi kèm dự án).")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for path in build_templates(Path(options["out"])):
            self.stdout.write(str(path))
