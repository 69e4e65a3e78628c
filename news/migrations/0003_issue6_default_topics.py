# The four topics of the guide («Новости»: законодательство, тарифы, новые сервисы, прочее).

from django.db import migrations

TOPICS = [
    ("zakonodatelstvo", "Изменения законодательства", 10),
    ("tarify", "Тарифы", 20),
    ("novye-servisy", "Новые сервисы", 30),
    ("prochee", "Прочее", 40),
]


def create_topics(apps, schema_editor):
    NewsTopic = apps.get_model("news", "NewsTopic")
    for slug, name, order in TOPICS:
        NewsTopic.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


def remove_topics(apps, schema_editor):
    NewsTopic = apps.get_model("news", "NewsTopic")
    NewsTopic.objects.filter(slug__in=[slug for slug, _, _ in TOPICS], news__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("news", "0002_issue6_documents_reads_important"),
    ]

    operations = [migrations.RunPython(create_topics, remove_topics)]
