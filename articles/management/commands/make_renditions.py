"""`manage.py make_renditions [--force] [--article ID …]`: write the renditions readers are served.

Pages make a photo's renditions on first need; this makes them ahead of time (after a deploy, an
import, or a change of widths) so that no reader waits for one. Run it again at will: what exists is
left alone, unless --force asks for everything to be written anew.
"""

from django.core.management.base import BaseCommand

from articles import images
from articles.models import Photo


class Command(BaseCommand):
    help = (
        "Tạo các bản ảnh theo cỡ (WebP và JPEG, đã xóa EXIF/GPS) cho mọi ảnh; bản đã có được giữ nguyên. "
        "(Makes the photo renditions that are missing.)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Write every rendition again, even existing ones.")
        parser.add_argument(
            "--article", type=int, action="append", default=[], help="Only this article's photos (repeatable)."
        )

    def handle(self, *args, force=False, article=(), **options):
        photos = Photo.objects.exclude(image="").order_by("pk").only("pk", "image")
        if article:
            photos = photos.filter(article_id__in=article)
        done = files = failed = 0
        for photo in photos.iterator(chunk_size=500):
            try:
                report = images.make_renditions(photo.image.name, force=force)
            except Exception as error:  # one bad photo must not stop the others
                failed += 1
                self.stderr.write(f"Ảnh #{photo.pk} ({photo.image.name}): không tạo được — {error}")
                continue
            done += 1
            files += len(report.written)
            if options["verbosity"] > 1 and report.written:
                self.stdout.write(f"Ảnh #{photo.pk}: {len(report.written)} tệp")
        self.stdout.write(f"Đã xử lý {done} ảnh: ghi {files} tệp mới, {failed} ảnh lỗi.")
        if failed:
            # A non-zero exit tells a deploy script that some photos are still without renditions.
            raise SystemExit(1)
