from django.db import migrations, models


def keep_documents(apps, schema_editor):
    """A job stored before held its document as text; it now holds bytes, so that a retry reads the same."""
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.exclude(document_text="").only("document_text").iterator():
        job.document = job.document_text.encode("utf-8")
        job.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0004_job_state_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="document",
            field=models.BinaryField(blank=True),
        ),
        migrations.RunPython(keep_documents, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="job",
            name="document_text",
        ),
    ]
