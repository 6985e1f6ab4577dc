# The audience of a course moved onto the course page itself (cms.CoursePage.audience), so that the
# learning index (in cms, a lower layer) can filter by it. Rows already recorded are copied first.

from django.db import migrations


def copy_audiences(apps, schema_editor):
    CourseAudience = apps.get_model("pillars", "CourseAudience")
    CoursePage = apps.get_model("cms", "CoursePage")
    for row in CourseAudience.objects.all():
        CoursePage.objects.filter(pk=row.course_id).update(audience=row.audience)


class Migration(migrations.Migration):
    dependencies = [
        ("pillars", "0001_initial"),
        ("cms", "0005_coursepage_audience_coursepage_pillar_kind"),
    ]

    operations = [
        migrations.RunPython(copy_audiences, migrations.RunPython.noop),
        migrations.DeleteModel(name="CourseAudience"),
    ]
