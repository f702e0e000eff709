"""Load the ten criteria of a self-managing province (seed 002) from ``assessment.criteria``."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from chumchon.assessment.criteria import CRITERIA, SOURCE_EN, SOURCE_TH

    Criterion = apps.get_model("assessment", "Criterion")
    for c in CRITERIA:
        Criterion.objects.update_or_create(
            number=c.number,
            defaults={
                "title_th": c.title_th,
                "title_en": c.title_en,
                "evidence_th": c.evidence_th,
                "evidence_en": c.evidence_en,
                "source": f"{SOURCE_TH}\n{SOURCE_EN}",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
