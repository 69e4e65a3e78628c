"""News read marks belong to a member, not to the whole organisation (an observer opening an item no longer
marks it read for the accountant). Existing marks are kept for every current member of the abonent."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def marks_to_members(apps, schema_editor):
    NewsRead = apps.get_model("news", "NewsRead")
    User = apps.get_model("lk_portal", "User")
    members: dict[int, list[int]] = {}
    for user_id, abonent_id in User.objects.filter(abonent__isnull=False).values_list("pk", "abonent_id"):
        members.setdefault(abonent_id, []).append(user_id)
    new = []
    for read in NewsRead.objects.filter(user__isnull=True).iterator(chunk_size=2000):
        for user_id in members.get(read.abonent_id, []):
            new.append(NewsRead(abonent_id=read.abonent_id, user_id=user_id, page_id=read.page_id, read_at=read.read_at))
    NewsRead.objects.filter(user__isnull=True).delete()
    NewsRead.objects.bulk_create(new, batch_size=2000)


def marks_to_abonents(apps, schema_editor):
    """Back to one mark per abonent: the latest of its members' marks of each item."""
    NewsRead = apps.get_model("news", "NewsRead")
    latest: dict[tuple[int, int], NewsRead] = {}
    for read in NewsRead.objects.select_related("user").iterator(chunk_size=2000):
        key = (read.user.abonent_id, read.page_id)
        if key[0] is not None and (key not in latest or latest[key].read_at < read.read_at):
            latest[key] = read
    NewsRead.objects.all().delete()
    NewsRead.objects.bulk_create(
        [NewsRead(abonent_id=a, page_id=p, read_at=r.read_at) for (a, p), r in latest.items()], batch_size=2000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_issue6_default_topics"),
        ("lk_portal", "0009_team_members"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="newsread", name="newsread_abonent_page_unique"),
        migrations.AddField(
            model_name="newsread",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="news_reads",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Пользователь",
            ),
        ),
        migrations.AlterField(
            model_name="newsread",
            name="abonent",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="lk_portal.abonent",
                verbose_name="Абонент",
            ),
        ),
        migrations.RunPython(marks_to_members, marks_to_abonents),
        migrations.RemoveField(model_name="newsread", name="abonent"),
        migrations.AlterField(
            model_name="newsread",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="news_reads",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Пользователь",
            ),
        ),
        migrations.AddConstraint(
            model_name="newsread",
            constraint=models.UniqueConstraint(fields=("user", "page"), name="newsread_user_page_unique"),
        ),
    ]
