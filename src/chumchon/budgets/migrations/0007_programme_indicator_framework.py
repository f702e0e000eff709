"""Programme indicators become uses of the indicators framework (issue 13): each gets a formula
indicator over what its projects report and a national target for the programme's fiscal year.
Nothing is lost: the programme indicator rows, their codes and targets stay; projects still report
to them by code."""

import django.db.models.deletion
from django.db import migrations, models


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    ProgrammeIndicator = apps.get_model("budgets", "ProgrammeIndicator")
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorTarget = apps.get_model("indicators", "IndicatorTarget")
    for pi in ProgrammeIndicator.objects.select_related("programme").filter(indicator__isnull=True):
        measure = f"programme_indicator.{pi.pk}"
        reports = f"programme_indicator_reports.{pi.pk}"
        mean = pi.aggregation == "mean"
        indicator = Indicator.objects.create(
            code=f"programme-indicator-{pi.pk}",
            name_th=pi.name_th,
            name_en=pi.name_en,
            unit=pi.unit,
            kind="formula",
            level="subdistrict",
            formula=f"{measure} / {reports}" if mean else measure,
            weight_formula=reports if mean else "",
            aggregation="weighted" if mean else "sum",
            target_rule="inherit" if mean else "split",
            description=f"{pi.programme.name_th} ({pi.programme.fiscal_year})",
        )
        IndicatorTarget.objects.create(indicator=indicator, unit="", fiscal_year=pi.programme.fiscal_year, value=pi.target)
        pi.indicator = indicator
        pi.save(update_fields=["indicator"])


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    ProgrammeIndicator = apps.get_model("budgets", "ProgrammeIndicator")
    Indicator = apps.get_model("indicators", "Indicator")
    ids = list(ProgrammeIndicator.objects.exclude(indicator=None).values_list("indicator_id", flat=True))
    ProgrammeIndicator.objects.update(indicator=None)
    Indicator.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0006_body_kind_choices"),
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="programmeindicator",
            name="indicator",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="programme_indicator",
                to="indicators.indicator",
                verbose_name="indicator",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
